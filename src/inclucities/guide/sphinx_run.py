"""Run Sphinx the way `jupyter-book build` does, with parallel jobs (the jupyter-book command has no -j).

    python -m inclucities.guide.sphinx_run SOURCE OUTPUT CONFIG TOC JOBS [--all]

A separate process: Sphinx patches docutils globals and is not safe to run twice in one interpreter.
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    from jupyter_book.sphinx import build_sphinx

    source, output, config, toc, jobs = argv[:5]
    result = build_sphinx(
        source,
        output,
        use_external_toc=True,
        noconfig=True,
        path_config=config,
        confoverrides={"external_toc_path": toc, "latex_individualpages": False},
        builder="html",
        warningiserror=True,
        keep_going=True,
        quiet=True,
        jobs=int(jobs),
        force_all="--all" in argv[5:],
    )
    return result if isinstance(result, int) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
