"""Writing a knowledge base: `check` finds every reference the build would reject, in practice bodies and chapters,
says what exists ("did you mean …"), and `new-practice` writes a file that says what is still to fill.

Pure tests: nothing is built. That the references found here are the ones a build rejects (and that the ones left
alone build) was established by building each case; the cases below keep both sides."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from inclucities import addresses, layout
from inclucities.city.folder import read_city_folder
from inclucities.errors import KnowledgeBaseInvalid, Refused, UsageError
from inclucities.guide.config import effective_toc
from inclucities.kb import bodies
from inclucities.kb.loader import load
from inclucities.kb.model import KnowledgeBase
from inclucities.kb.new_practice import SECTIONS, practice_template, write_new_practice
from inclucities.kb.references import allowed_ids, grouped
from inclucities.kb.schema.common import SLUG_RULE, Source
from inclucities.kb.schema.practice import Practice
from tests.conftest import REPO, edit, run_cli

DESK = "practices/harbourtown-welcome-desk.md"
GUIDES = "practices/hilltown-neighbour-guides.md"
READ_FROM = f"(read from the guide's {addresses.PRACTICE_PAGES}/, where the build publishes {DESK} as a page)"


def problems(kb: Path) -> list[str]:
    with pytest.raises(KnowledgeBaseInvalid) as error:
        load(kb)
    return [problem.format() for problem in error.value.problems]


def add_to_body(kb: Path, text: str, practice: str = DESK) -> int:
    """Append `text` to a practice's body; the line of the file where it starts."""
    path = kb / practice
    before = path.read_text(encoding="utf-8")
    path.write_text(before + "\n" + text, encoding="utf-8")
    return before.count("\n") + 2


def add_glossary(kb: Path) -> None:
    (kb / "book" / "glossary.md").write_text(
        "# Glossary\n\n```{glossary}\n:sorted:\n\nWelcome desk\n  The first place a newcomer goes to.\n\n"
        "Neighbour guide : person\n  A volunteer who shows a newcomer around.\n```\n",
        encoding="utf-8",
    )
    edit(kb / layout.TOC_FILE, "parts:\n", "parts:\n  - caption: Words\n    chapters:\n      - file: book/glossary\n")


# --- what `check` finds in a body, at its line ------------------------------------------------------------------------

LABELS = f"allowed: {bodies.LABEL_FORMS}"
PATHS = f"allowed: {bodies.PATH_FORMS}"
DOWNLOADS = ", ".join(
    [
        "downloads/catalogue/practices.csv",
        "downloads/catalogue/practices.json",
        *(f"downloads/posters/{name}.{fmt}" for name in ("harbour-hill", "network") for fmt in ("pdf", "png", "svg")),
        "downloads/services/harbourtown.csv",
        "downloads/services/harbourtown.json",
        "downloads/services/services.schema.json",
        *(
            f"downloads/toolkits/welcome/{name}"
            for name in (
                "action-plan-template.csv",
                "action-plan-template.xlsx",
                "practices.csv",
                "self-assessment-questionnaire.csv",
                "self-assessment-questionnaire.xlsx",
                "self-assessment-scale.csv",
                "welcome-toolkit.zip",
            )
        ),
    ]
)

FINDINGS = [
    (
        "label",
        "See [the catalogue](#catalog).",
        f"link: no target '#catalog' in the guide (did you mean '#catalogue'?; {LABELS})",
    ),
    (
        "path from the source folder",
        "See [the start](../../book/index.md).",
        f"link: no page or file '../../book/index.md' {READ_FROM} (did you mean '../book/index.md'?; {PATHS})",
    ),
    (
        "another practice, misspelt",
        "See [the guides](hilltown-neighbour-guide.md).",
        f"link: no page or file 'hilltown-neighbour-guide.md' {READ_FROM} "
        f"(did you mean 'hilltown-neighbour-guides.md'?; {PATHS})",
    ),
    (
        "a heading of another page",
        "See [how](hilltown-neighbour-guides.md#how-it-works).",
        "link: '#how-it-works' in 'hilltown-neighbour-guides.md': MyST finds an anchor in another page among its headings "
        "only when myst_heading_anchors is set in _config.yml; link to a label of the page instead "
        "(allowed: #practice-hilltown-neighbour-guides)",
    ),
    (
        "a scheme MyST does not link",
        "Call [the desk](tel:+351210000000).",
        "link: 'tel:+351210000000': MyST makes no link of the scheme 'tel:', and no page or label is so named "
        "(allowed: an address starting ftp, http, https, mailto; or add 'tel' to myst_url_schemes in _config.yml)",
    ),
    ("ref", "See {ref}`the network <netwrk>`.", f"{{ref}}: no label 'netwrk' in the guide (did you mean 'network'?; {LABELS})"),
    (
        "doc with its extension",
        "See {doc}`../network.md`.",
        f"{{doc}}: no page '../network.md' {READ_FROM} (did you mean '../network'?; allowed: a page of "
        "the guide without its extension, relative to this page or from the root with /)",
    ),
    (
        "term without a glossary",
        "A {term}`mentor city`.",
        "{term}: 'mentor city' is not a term of the glossary (allowed: none: no chapter of the guide has a {glossary})",
    ),
    (
        "image",
        "![A house](../pictograms/housing.png)",
        f"image: no image file '../pictograms/housing.png' {READ_FROM} (did you mean '../pictograms/housing.svg'?)",
    ),
    ("image beside the source", "![A photo](desk.jpg)", f"image: no image file 'desk.jpg' {READ_FROM}"),
    (
        "download",
        "Get {download-file}`the CSV <downloads/catalogue/practice.csv>`.",
        f"{{download-file}}: no file 'downloads/catalogue/practice.csv' is generated "
        f"(did you mean 'downloads/catalogue/practices.csv' or 'downloads/catalogue/practices.json'?; allowed: {DOWNLOADS})",
    ),
    (
        "chart",
        ":::{inclucities-chart} network-pair.svg\nThe pairs.\n:::",
        "{inclucities-chart}: no chart 'network-pair.svg' is generated (did you mean 'network-pairs.svg'?; "
        "allowed: action-plan-hilltown.svg, mentoring-process.svg, network-pairs.svg)",
    ),
    (
        "label defined twice",
        "(catalogue)=\n### Our catalogue",
        "(label)=: the label 'catalogue' is also defined in catalogue.md, which the build generates "
        "(allowed: each label once in the guide)",
    ),
]


@pytest.mark.parametrize(("body", "message"), [case[1:] for case in FINDINGS], ids=[case[0] for case in FINDINGS])
def test_a_reference_the_build_would_reject_is_found_at_its_line(small_kb: Path, body: str, message: str) -> None:
    line = add_to_body(small_kb, body)
    assert problems(small_kb) == [f"{DESK}:{line}: {message}"]


def test_lines_are_the_source_file_lines_in_every_construct(small_kb: Path) -> None:
    text = (
        "Text with `a code\nspan` then [x](#bad1).\n\n"  # a code span over two lines
        "```{note}\nIn a note: [x](#bad2).\n```\n\n"
        "| a | b |\n|---|---|\n| x | [x](#bad3) |\n\n"
        '[x](../network.md\n"a title") and [x](#bad4) {term}`two\nlines` [x](#bad5)\n\n'
        ":::{admonition} Title [x](#bad6)\n:class: tip\n:name: our-tip\n\nBody [x](#bad7)\n:::\n"
    )
    first = add_to_body(small_kb, text)
    named = [(re.search(r"'#?(bad\d|two lines)'", p), int(p.split(":")[1])) for p in problems(small_kb)]
    found = {match.group(1): line for match, line in named if match}
    assert found == {
        "bad1": first + 1,
        "bad2": first + 4,
        "bad3": first + 9,
        "bad4": first + 12,
        "two lines": first + 12,
        "bad5": first + 13,
        "bad6": first + 15,
        "bad7": first + 19,
    }


VALID = """\
Links: [a](#network), [b](mailto:a@b.eu), <https://example.org>, [c](../network-overview.ipynb),
[d](../includes/network-pairs.md), {download}`the pairs <../includes/network-pairs.md>`, {doc}`/book/index`, {doc}`../network`, [](#catalogue),
[e](catalogue), [f](../catalogue), [g](#Catalogue), [h](hilltown-neighbour-guides.md), [i](../book/index.md),
{term}`Welcome desk`, {term}`desks <welcome DESK>`, {term}`neighbour guide`, {ref}`Fig <our-figure>`, [j](#own-label),
{download-file}`CSV <downloads/catalogue/practices.csv>`, [k](#kf-volunteer-guides), [l](#one-stop-shop-harbourtown-reception).
Not references: `[x](#nothing)`, \\{ref}`nothing`, <a href="#nothing">html</a>, a footnote[^1].

[^1]: A note with [m](#framework).

% A comment: [x](#nothing)

(own-label)=
### Own

```
[x](#nothing)
```

```{note}
In a note: [n](#city-hilltown).
```

::::{admonition} Title with [o](#framework)
:class: tip

:::{tip}
Nested: [p](#pair-harbour-hill).
:::
::::

```{figure} ../pictograms/housing.svg
:name: our-figure
:alt: A house

The caption, with [q](#theme-welcome).
```

:::{inclucities-chart} network-pairs.svg
The pairs.
:::

![A house](../pictograms/housing.svg)

| a | b |
|---|---|
| [r](#action-plan-hilltown) | [s](#toolkit-welcome) |

Term
: A definition with [t](#data-contract).
"""


def test_references_the_build_accepts_are_not_reported(small_kb: Path) -> None:
    """Each of these was built without a warning (the build treats warnings as errors)."""
    add_glossary(small_kb)
    add_to_body(small_kb, VALID)
    load(small_kb)


def test_the_chapters_are_checked_too(small_kb: Path) -> None:
    add_glossary(small_kb)
    edit(small_kb / "book/index.md", "[The network](#network)", "[The network](#netwrk)")
    edit(small_kb / "book/glossary.md", "The first place", "The first {term}`neighbour guides` place")
    (small_kb / "book" / "draft.md").write_text("# Not in the contents\n\n[x](#nothing)\n", encoding="utf-8")
    assert problems(small_kb) == [
        "book/glossary.md:7: {term}: 'neighbour guides' is not a term of the glossary "
        "(did you mean 'Neighbour guide'?; allowed: Neighbour guide, Welcome desk)",
        f"book/index.md:44: link: no target '#netwrk' in the guide (did you mean '#network'?; {LABELS})",
    ]


def test_a_body_may_use_the_glossary_and_a_label_of_a_chapter(small_kb: Path) -> None:
    add_glossary(small_kb)
    edit(small_kb / "book/glossary.md", "# Glossary", "(words)=\n# Glossary")
    line = add_to_body(small_kb, "A {term}`welcome dsk`, see [the words](#words) and [the same](#wrds).")
    assert problems(small_kb) == [
        f"{DESK}:{line}: link: no target '#wrds' in the guide (did you mean '#words'?; {LABELS})",
        f"{DESK}:{line}: {{term}}: 'welcome dsk' is not a term of the glossary "
        "(did you mean 'Welcome desk'?; allowed: Neighbour guide, Welcome desk)",
    ]


def test_while_a_record_is_invalid_its_labels_are_not_reported_missing(small_kb: Path) -> None:
    """A label of an invalid practice may well exist once it is fixed: only its own problem is reported."""
    edit(small_kb / GUIDES, "status: pilot", "status: piloting")
    add_to_body(small_kb, "See [the guides](#practice-hilltown-neighbour-guides) and [nothing](#nothing).")
    found = problems(small_kb)
    assert len(found) == 1 and found[0].startswith(f"{GUIDES}:9: status: 'piloting' is not allowed")


def test_heading_anchors_are_left_to_the_build(small_kb: Path) -> None:
    edit(small_kb / layout.CONFIG_FILE, "sphinx:\n  config:\n", "sphinx:\n  config:\n    myst_heading_anchors: 2\n")
    add_to_body(small_kb, "See [how](#how-it-works) and [theirs](hilltown-neighbour-guides.md#how-it-works).")
    load(small_kb)


def test_the_bundled_guide_and_a_new_one_have_no_problem(tmp_path: Path) -> None:
    load(REPO)
    result = run_cli("new", str(tmp_path / "kb"))
    assert result.exit_code == 0, result.output
    load(tmp_path / "kb")


# --- what the kit knows of the generated book is what the site makes ------------------------------------------------


def records_of(kb: KnowledgeBase) -> bodies.Records:
    return bodies.Records(
        kb.network,
        kb.framework,
        list(kb.practices),
        list(kb.toolkits),
        {city: [service.category for service in rows] for city, rows in kb.services.items()},
        list(kb.action_plans),
    )


def test_the_pages_labels_and_files_are_those_the_build_generates(small_kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """kb/ may not import site/: it names what the build generates itself, and must name exactly that."""
    from inclucities.notebooks.plan import plan_runs
    from inclucities.site import figures, posters, registry

    # a city with a location adds the map; the charts themselves need not be drawn to be named
    edit(small_kb / layout.NETWORK_FILE, "    languages: [pt]\n", "    languages: [pt]\n    location: {lat: 41.15, lon: -8.61}\n")
    monkeypatch.setattr(figures, "svg", lambda chart: "<svg/>")
    monkeypatch.setattr(posters.render, "render_formats", lambda chart, formats: dict.fromkeys(formats, b""))
    monkeypatch.setattr(posters.posters, "network_poster", lambda kb: None)
    monkeypatch.setattr(posters.posters, "pair_poster", lambda kb, pair_id: None)
    kb = load(small_kb)
    made = registry.generate(kb)
    pages = {
        name: sorted(re.findall(r"^\((.+)\)=$", str(text), re.MULTILINE))
        for name, text in made.items()
        if name.endswith(".md") and not name.startswith(f"{addresses.INCLUDES}/")
    }
    pages.update({run.output: [] for run in plan_runs(kb)})
    ours = bodies.generated_book(records_of(kb))
    assert {name: sorted(labels) for name, labels in ours.pages.items()} == pages
    assert ours.files == {name for name in made if not name.endswith(".md") or name.startswith(f"{addresses.INCLUDES}/")}


# --- messages that help fix a typo --------------------------------------------------------------------------------

KEY_FACTORS = "welcome: reception-desk, translated-information, volunteer-guides"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "themes: [welcome]",
            "themes: [welcom]",
            f"{DESK}:6: themes[0]: unknown theme 'welcom' (did you mean 'welcome'?; allowed: welcome)",
        ),
        (
            "key_factors: [reception-desk,",
            "key_factors: [reception-dsk,",
            f"{DESK}:7: key_factors[0]: unknown key factor 'reception-dsk' "
            f"(did you mean 'reception-desk'?; allowed: {KEY_FACTORS})",
        ),
        (
            "city: harbourtown",
            "city: harbortown",
            f"{DESK}:5: city: unknown city 'harbortown' (did you mean 'harbourtown'?; allowed: harbourtown, hilltown, rivertown)",
        ),
        (
            "city: harbourtown",
            "city: atlantis",
            f"{DESK}:5: city: unknown city 'atlantis' (allowed: harbourtown, hilltown, rivertown)",
        ),
    ],
    ids=["theme", "key factor", "city", "nothing close"],
)
def test_an_unknown_id_says_what_it_may_have_meant(small_kb: Path, old: str, new: str, expected: str) -> None:
    edit(small_kb / DESK, old, new)
    assert problems(small_kb) == [expected]


def test_a_network_and_a_plan_say_it_too(small_kb: Path) -> None:
    edit(small_kb / layout.NETWORK_FILE, "mentor: harbourtown", "mentor: harbourton")
    edit(small_kb / layout.action_plan_file("hilltown"), "key_factor: reception-desk", "key_factor: reception-dsk")
    found = problems(small_kb)
    assert (
        f"{layout.NETWORK_FILE}:34: pairs[0].mentor: unknown city 'harbourton' "
        "(did you mean 'harbourtown'?; allowed: harbourtown, hilltown, rivertown)" in found
    )
    assert any(
        "key_factor: 'reception-dsk' is not a key factor of benchmark 'first-steps' (did you mean 'reception-desk'?; "
        "allowed: reception-desk, translated-information, volunteer-guides)" in p
        for p in found
    ), found


def test_a_city_folder_says_it_too(small_kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "riverbend"
    folder.mkdir()
    (folder / layout.CITY_FILE).write_text("id: riverbend\nname: Riverbend\ncountry: PT\npopulation: 48200\n", encoding="utf-8")
    (folder / f"{layout.ASSESSMENT_STEM}.csv").write_text("key_factor,score\nreception-dsk,2\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseInvalid) as error:
        read_city_folder(folder, load(small_kb))
    assert [p.format() for p in error.value.problems] == [
        "riverbend/self-assessment.csv:2: column key_factor: 'reception-dsk' is not a key factor of the framework "
        f"(did you mean 'reception-desk'?; allowed: {KEY_FACTORS})"
    ]


def test_allowed_lists_are_grouped_and_cut_only_when_long() -> None:
    many = [f"kf-{i:02d}" for i in range(45)]
    assert allowed_ids(many[:40]) == ", ".join(many[:40])
    assert allowed_ids(many) == ", ".join(many[:40]) + ", … (45 in all)"
    assert grouped({"b": ["y", "x"], "a": ["z"]}) == "a: z; b: x, y"
    assert grouped({"a": many[:30], "b": many[30:]}) == f"a: {', '.join(many[:30])}; b: {', '.join(many[30:40])}; … (45 in all)"


# --- a practice's key factors belong to its themes -------------------------------------------------------------------


def add_housing_theme(kb: Path) -> None:
    with (kb / layout.FRAMEWORK_FILE).open("a", encoding="utf-8") as framework:
        framework.write(
            "  - id: housing-access\n    theme: housing\n    statement: Newcomers find a home.\n    key_factors:\n"
            "      - id: housing-advice\n        title: Housing advice\n        why_how: Advice avoids evictions.\n"
            "        guiding_questions: [Who advises newcomers on renting?]\n"
        )
    edit(kb / layout.FRAMEWORK_FILE, "themes:\n", "themes:\n  - id: housing\n    title: Housing\n")


def test_a_key_factor_of_another_theme_is_refused(small_kb: Path) -> None:
    add_housing_theme(small_kb)
    edit(small_kb / GUIDES, "key_factors: [volunteer-guides]", "key_factors: [volunteer-guides, housing-advice]")
    assert problems(small_kb) == [
        f"{GUIDES}:7: key_factors[1]: 'housing-advice' is a key factor of theme 'housing', which is not among the practice's "
        f"themes (allowed: {KEY_FACTORS}; or add 'housing' to themes)"
    ]
    edit(small_kb / GUIDES, "themes: [welcome]", "themes: [welcome, housing]")
    load(small_kb)


def test_every_bundled_practice_keeps_to_its_themes_key_factors() -> None:
    kb = load(REPO)
    theme_of = {kf.id: b.theme for b in kb.framework.benchmarks for kf in b.key_factors}
    outside = {
        practice_id: [kf for kf in entry.practice.key_factors if theme_of[kf] not in entry.practice.themes]
        for practice_id, entry in kb.practices.items()
    }
    assert outside == dict.fromkeys(kb.practices, [])


def test_the_template_has_every_field_of_the_contract_and_the_body_headings(small_kb: Path) -> None:
    text = practice_template(load(small_kb), "x", None, None)
    front = text.split("---\n")[1]
    assert set(re.findall(r"^(?:# )?(\w+):", front, re.MULTILINE)) == set(Practice.model_fields)
    sources = front.split("\nsources:")[1]
    assert set(re.findall(r"^ +(?:- )?(?:# )?(\w+):", sources, re.MULTILINE)) == set(Source.model_fields)
    assert [line for line in text.splitlines() if line.startswith("## ")] == [f"## {heading}" for heading, _ in SECTIONS]
    assert "welcome: reception-desk, translated-information, volunteer-guides" in text


def fill(path: Path, city: bool) -> None:
    """Fill in a new practice as its author would."""
    edit(path, 'title: ""', "title: Harbourtown language cafés")
    edit(path, 'summary: ""', "summary: Volunteers and newcomers meet weekly to practise the language.")
    if city:
        edit(path, 'city: ""', "city: harbourtown")
        edit(path, "themes: []", "themes: [welcome]")
    edit(path, "key_factors: []", "key_factors: [translated-information]")
    edit(path, "target_groups: []", "target_groups: [newcomers, local-residents]")
    edit(path, "status:  #", "status: pilot  #")
    edit(path, "start:  #", "start: 2024-09  #")
    edit(path, '  - title: ""', "  - title: Harbourtown's language cafés")
    edit(path, '    url: ""', "    url: https://example.org/language-cafes")
    edit(path, "## Results\n", "## Results\n\nThirty people took part in the first year; see [the network](#network).\n")


def test_a_new_practice_names_every_field_to_fill_and_passes_once_filled(small_kb: Path) -> None:
    path = write_new_practice(small_kb, "harbourtown-language-cafes", None, None)
    assert path == small_kb / "practices/harbourtown-language-cafes.md"
    shown = "practices/harbourtown-language-cafes.md"
    assert problems(small_kb) == [
        f"{shown}:3: title: must not be empty",
        f"{shown}:4: summary: must not be empty",
        f"{shown}:5: city: '' is not a valid id (allowed: {SLUG_RULE})",
        f"{shown}:9: themes: needs at least 1 item(s)",
        f"{shown}:12: target_groups: needs at least 1 item(s)",
        f"{shown}:14: status: null is not allowed (allowed: planned, pilot, ongoing, regular-service, completed)",
        f"{shown}:15: start: null is not a date (allowed: YYYY, YYYY-MM or YYYY-MM-DD)",
        f"{shown}:24: sources[0].title: must not be empty",
        f"{shown}:25: sources[0].url: '' is not a web address (allowed: http:// or https:// followed by a host)",
    ]
    fill(path, city=True)
    kb = load(small_kb)
    assert kb.practices["harbourtown-language-cafes"].practice.city == "harbourtown"


def test_new_practice_with_a_city_and_a_theme_leaves_the_rest(small_kb: Path) -> None:
    path = write_new_practice(small_kb, "harbourtown-language-cafes", "harbourtown", "welcome")
    found = problems(small_kb)
    assert [p.split(": ")[1] for p in found] == [
        "title",
        "summary",
        "target_groups",
        "status",
        "start",
        "sources[0].title",
        "sources[0].url",
    ]
    fill(path, city=False)
    load(small_kb)


def test_new_practice_refuses_what_it_cannot_write(small_kb: Path) -> None:
    with pytest.raises(UsageError) as bad_id:
        write_new_practice(small_kb, "Language Cafés", None, None)
    assert (bad_id.value.param, bad_id.value.message) == (
        "ID",
        "'Language Cafés' is not a valid id (allowed: lowercase letters, digits and hyphens, starting with a letter or "
        "digit, e.g. ghent-buddy-scheme)",
    )
    with pytest.raises(UsageError) as bad_city:
        write_new_practice(small_kb, "cafes", "hiltown", None)
    assert (bad_city.value.param, bad_city.value.message) == (
        "--city",
        "'hiltown' is not a city of the network (did you mean 'hilltown'?; allowed: harbourtown, hilltown, rivertown)",
    )
    with pytest.raises(UsageError) as bad_theme:
        write_new_practice(small_kb, "cafes", None, "welcom")
    assert (bad_theme.value.param, bad_theme.value.message) == (
        "--theme",
        "'welcom' is not a theme of the framework (did you mean 'welcome'?; allowed: welcome)",
    )
    before = (small_kb / DESK).read_text(encoding="utf-8")
    with pytest.raises(Refused) as existing:
        write_new_practice(small_kb, "harbourtown-welcome-desk", None, None)
    assert str(existing.value) == f"{small_kb / DESK}: already exists; nothing was written (allowed: a new practice id)"
    assert (small_kb / DESK).read_text(encoding="utf-8") == before
    assert sorted(p.name for p in (small_kb / "practices").iterdir()) == [
        "harbourtown-welcome-desk.md",
        "hilltown-neighbour-guides.md",
    ]


def test_new_practice_works_while_another_practice_is_unfinished(small_kb: Path) -> None:
    write_new_practice(small_kb, "first", None, None)
    write_new_practice(small_kb, "second", "hilltown", None)
    assert (small_kb / "practices/second.md").is_file()


def test_the_command_exits_with_the_codes_of_its_errors(small_kb: Path) -> None:
    created = run_cli("new-practice", "cafes", "--kb", str(small_kb), "--city", "hilltown", "--theme", "welcome")
    assert created.exit_code == 0, created.output
    assert created.output == f"created practices/cafes.md; fill it in, then: inclucities check {small_kb}\n"
    assert (small_kb / "practices/cafes.md").is_file()
    assert run_cli("new-practice", "cafes", "--kb", str(small_kb)).exit_code == 1
    assert run_cli("new-practice", "Cafés", "--kb", str(small_kb)).exit_code == 2
    assert run_cli("new-practice", "bar", "--kb", str(small_kb), "--theme", "welcom").exit_code == 2


def test_deeply_nested_directives_end_in_no_traceback(small_kb: Path) -> None:
    add_to_body(small_kb, "```{note}\n" * 3000 + "[x](#nowhere)\n")
    load(small_kb)  # what lies deeper than bodies.MAX_DIRECTIVE_DEPTH is left to the build


# --- a knowledge base written for earlier builds, which wrote the generated pages into `_generated/` -----------------


def _as_written_before(kb: Path) -> None:
    """`_toc.yml` and the home page as `inclucities new` wrote them before the generated pages left `_generated/`."""
    toc = kb / layout.TOC_FILE
    text = toc.read_text(encoding="utf-8")
    text = text.replace("file: network-overview", "file: _generated/analyses/network_overview")
    text = text.replace("glob: pairs/", "glob: _generated/analyses/pair_benchmark/")
    text = text.replace("glob: cities/", "glob: _generated/analyses/city_profile/")
    text = text.replace("file: pairs\n", "file: pair-analyses\n").replace("file: cities\n", "file: city-profiles\n")
    text = re.sub(r"(file|glob): (?!book/|_generated/)", r"\1: _generated/", text)
    toc.write_text(text, encoding="utf-8")
    edit(kb / "book" / "index.md", "(../network-overview.ipynb)", "(../_generated/analyses/network_overview.ipynb)")
    edit(kb / "book" / "index.md", "{include} ../includes/", "{include} ../_generated/includes/")


def test_a_table_of_contents_written_for_earlier_builds_names_the_same_pages(small_kb: Path, tmp_path: Path) -> None:
    source = tmp_path / "source"  # a book's source with one page of each kind the table globs
    for page in (addresses.pair_page("harbour-hill"), addresses.city_page("hilltown"), addresses.practice_page("x")):
        (source / page).parent.mkdir(parents=True, exist_ok=True)
        (source / page).write_text("# A page\n", encoding="utf-8")
    current = effective_toc(small_kb, source)
    _as_written_before(small_kb)
    assert "_generated/" in (small_kb / layout.TOC_FILE).read_text(encoding="utf-8")
    assert effective_toc(small_kb, source) == current
    assert addresses.current("_generated/analyses/pair_benchmark/*") == "pairs/*"
    assert addresses.current("book/index") == "book/index"


def test_check_names_where_a_page_of_an_earlier_build_is_now(small_kb: Path) -> None:
    _as_written_before(small_kb)
    found = problems(small_kb)
    assert len(found) == 2, found
    link, include = sorted(found)
    assert "'../_generated/analyses/network_overview.ipynb'" in link and "did you mean '../network-overview.ipynb'?" in link
    assert "{include}" in include and "did you mean '../includes/network-pairs.md'?" in include
    assert all(f"no longer writes pages under {layout.LEGACY_GENERATED}/" in problem for problem in found)
