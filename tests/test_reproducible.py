"""Reproducible builds: the same sources give the same site, byte for byte, whatever the folder they are built in
and however the site was reached, by a cold build or by incremental builds after an edit and its revert."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from inclucities.kb.scaffold import scaffold
from tests.conftest import edit, fingerprint, run_cli

pytestmark = pytest.mark.build

# On a page of its own: Sphinx writes the root page in every build, so a glossary there would hide a lost index.
GLOSSARY = """# Glossary

```{glossary}
Mentor city
  A city that shares what it learnt with a learner city.

Learner city
  A city that follows a mentor city's practices.
```
"""
SCORE = "reception-desk: {score: 1"
EDITED_SCORE = "reception-desk: {score: 3"


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The knowledge base `inclucities new` makes, with a glossary chapter."""
    kb = scaffold(tmp_path_factory.mktemp("sources") / "kb", name="Test network")
    (kb / "book" / "glossary.md").write_text(GLOSSARY, encoding="utf-8")
    edit(kb / "_toc.yml", "parts:\n", "parts:\n  - caption: Reference\n    chapters:\n      - file: book/glossary\n")
    return kb


@pytest.fixture(scope="module")
def cold_builds(sources: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict[str, str]]]:
    """The same sources copied into two folders and built from nothing, each with its site's fingerprint."""
    builds = {}
    for name in ("first", "second"):
        kb = shutil.copytree(sources, tmp_path_factory.mktemp(name) / "kb")
        result = run_cli("build", str(kb))
        assert result.exit_code == 0, result.output
        builds[name] = (kb, fingerprint(kb / "_build" / "html"))
    return builds


def differing_files(left: dict[str, str], right: dict[str, str]) -> list[str]:
    return sorted(name for name in left.keys() | right.keys() if left.get(name) != right.get(name))


def glossary_entries(site: Path) -> str:
    index = (site / "searchindex.js").read_text(encoding="utf-8")
    return index[index.index('"indexentries"') :]


def test_two_cold_builds_in_two_folders_are_identical(cold_builds: dict[str, tuple[Path, dict[str, str]]]) -> None:
    (_, first), (_, second) = cold_builds["first"], cold_builds["second"]
    assert any(name.endswith(".pdf") for name in first), "the small knowledge base should have poster PDFs"
    differing = differing_files(first, second)
    assert not differing, f"{len(differing)} files differ between two cold builds: {differing}"


def test_an_edit_and_its_revert_give_the_site_of_a_cold_build(cold_builds: dict[str, tuple[Path, dict[str, str]]]) -> None:
    kb, _ = cold_builds["first"]
    _, cold = cold_builds["second"]
    assessment = kb / "data" / "assessments" / "hilltown.yml"
    edit(assessment, SCORE, EDITED_SCORE)
    result = run_cli("build", str(kb))
    assert result.exit_code == 0, result.output
    site = kb / "_build" / "html"
    assert "mentor city" in glossary_entries(site), "the glossary's terms left the search index after an edit"
    edit(assessment, EDITED_SCORE, SCORE)
    result = run_cli("build", str(kb))
    assert result.exit_code == 0, result.output
    assert "nothing changed" not in result.output
    differing = differing_files(fingerprint(site), cold)
    assert not differing, f"{len(differing)} files differ from a cold build after an edit and its revert: {differing}"
    assert '"learner city"' in glossary_entries(site) and '"mentor city"' in glossary_entries(site)
    # every local style sheet is linked with its checksum, myst-nb's too (it used to lack it in a cold build)
    assert re.search(
        r'_static/mystnb\.[0-9a-f]+\.css\?v=[0-9a-f]{8}"', (site / "book" / "glossary.html").read_text(encoding="utf-8")
    )


def test_a_chart_keeps_its_ids_whatever_was_rendered_before(monkeypatch: pytest.MonkeyPatch) -> None:
    import altair as alt
    import pandas as pd

    from inclucities.figures import render

    monkeypatch.setattr(render, "_cache_folder", None)
    scores = pd.DataFrame({"city": ["A", "B"], "factor": ["x", "y"], "score": [1, 3]})
    # a colour scale, so a legend with a gradient, which Vega numbers with a counter of the process
    heatmap = alt.Chart(scores).mark_rect().encode(x="city", y="factor", color="score:Q")
    first, again = render.svg(heatmap), render.svg(heatmap)
    assert first == again
    assert re.search(r'id="gradient_[0-9a-f]{10}_0"', first)
    other = render.svg(heatmap.properties(title="Another chart"))
    assert set(re.findall(r'id="([^"]+)"', first)).isdisjoint(re.findall(r'id="([^"]+)"', other))


def test_poster_pdfs_are_written_in_a_canonical_order(monkeypatch: pytest.MonkeyPatch) -> None:
    import altair as alt
    import pandas as pd
    import pikepdf

    from inclucities.figures import render
    from inclucities.figures.render import deterministic_pdf

    monkeypatch.setattr(render, "_cache_folder", None)
    chart = alt.Chart(pd.DataFrame({"city": ["A", "B"], "score": [1, 3]})).mark_bar().encode(x="city", y="score")
    chart = chart.properties(title=alt.TitleParams("Scores", fontWeight="bold"))
    pdf = render.render(chart, "pdf")
    assert deterministic_pdf(pdf) == pdf
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert document.check_pdf_syntax() == []
        assert set(document.docinfo.keys()) == {"/Producer"}  # no date
        resources = document.pages[0].Resources
        assert len(resources.Font) == 2  # the title's bold font and the labels' regular one
        # still vector: text in embedded fonts, no image
        assert all(xobject.get("/Subtype") != "/Image" for xobject in resources.get("/XObject", {}).values())
    fonts = re.search(rb"/Font << ((?:/\w+ \d+ 0 R )+)>>", pdf)
    assert fonts, "no font dictionary"
    names = re.findall(rb"/(\w+) \d+ 0 R", fonts.group(1))
    assert names == sorted(names)


def test_without_source_date_epoch_no_date_comes_from_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    from inclucities.guide.sphinx_ext import pin_build_dates

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    config = SimpleNamespace(html_last_updated_fmt="%b %d, %Y", today="")
    pin_build_dates(None, config)  # type: ignore[arg-type]
    assert config.html_last_updated_fmt is None
    assert config.today == "\N{ZERO WIDTH SPACE}"  # shows nothing, and is not empty: Sphinx would format the current date


def test_with_source_date_epoch_sphinx_dates_pages_from_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from sphinx.config import Config, correct_copyright_year
    from sphinx.util.i18n import format_date

    from inclucities.guide.sphinx_ext import pin_build_dates

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 14 November 2023
    config = SimpleNamespace(html_last_updated_fmt="%b %d, %Y", today="")
    pin_build_dates(None, config)  # type: ignore[arg-type]
    assert config.html_last_updated_fmt == "%b %d, %Y"
    assert format_date(config.html_last_updated_fmt, language="en") == "Nov 14, 2023"
    sphinx_config = Config({"copyright": "2020-2026, the network"})
    correct_copyright_year(None, sphinx_config)  # type: ignore[arg-type]
    assert sphinx_config.copyright == "2020-2023, the network"
