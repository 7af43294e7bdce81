"""Run Sphinx the way `jupyter-book build` does, with parallel jobs (the jupyter-book command has no -j).

    python -m inclucities.sphinx_run SOURCE OUTPUT CONFIG TOC JOBS [--all]

A separate process: Sphinx patches docutils globals and is not safe to run twice in one interpreter.
"""

from __future__ import annotations

import sys

# Extensions Jupyter Book loads for every book that do not say whether they are safe for parallel reading, so
# Sphinx warns (an error here) and reads serially. Both only act on builds this kit never makes: numbered chapters
# across toctrees (`use_multitoc_numbering`, turned off) and LaTeX output.
SERIAL_BY_OMISSION = {"sphinx_multitoc_numbering", "sphinx_jupyterbook_latex"}


def _declare_parallel_safe() -> None:
    from sphinx.extension import Extension

    original = Extension.__init__

    def init(self, name, module, **kwargs):  # type: ignore[no-untyped-def]
        original(self, name, module, **kwargs)
        if name in SERIAL_BY_OMISSION:
            self.parallel_read_safe = self.parallel_read_safe is not False
            self.parallel_write_safe = self.parallel_write_safe is not False

    Extension.__init__ = init


def main(argv: list[str]) -> int:
    from jupyter_book.sphinx import build_sphinx

    _declare_parallel_safe()

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
