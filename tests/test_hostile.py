"""Hostile input: whatever a file holds, `check` answers fast with `file:line: where: what (allowed: …)`, exit code 1,
no traceback, nothing written. The limits are those of docs/data-contract.md ("Common rules").

No test is timed (the project has none): each explosive input is made so large that reading it without the
limits could not finish (an alias bomb of 9^10 values, 100,000 nested brackets, a million columns), so a passing
test shows that the input was refused before it was expanded.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from inclucities import layout
from inclucities.city.tables import read_table
from inclucities.errors import KnowledgeBaseInvalid
from inclucities.kb import fastyaml
from inclucities.kb.files import (
    MAX_MARKDOWN_BYTES,
    MAX_TABLE_COLUMNS,
    MAX_XLSX_UNPACKED_BYTES,
    MAX_YAML_BYTES,
    MAX_YAML_DEPTH,
    Document,
    parse_yaml,
)
from tests.conftest import edit, fingerprint, run_cli

NETWORK = "data/network.yml"
ASSESSMENT = "data/assessments/hilltown.yml"
PLAN = "data/action_plans/hilltown.yml"
PRACTICE = "practices/hilltown-neighbour-guides.md"
SERVICES = "data/services/harbourtown.csv"
FRAMEWORK = "data/framework.yml"
NO_ALIASES = "(allowed: write the value out; knowledge-base files use no anchors or aliases)"
TOO_DEEP = f"mappings and lists nested more than {MAX_YAML_DEPTH} levels deep (allowed: at most {MAX_YAML_DEPTH} levels)"
CONTROL = "(allowed: text; tabs and line ends are the only control characters)"
NOT_NUMBER = "(true and false are not numbers)"
NOT_FINITE = "(allowed: a finite number; not nan or inf)"
NOT_A_DATE = "is not a date (allowed: YYYY, YYYY-MM or YYYY-MM-DD)"


def alias_bomb(levels: int = 10, fan: int = 9) -> str:
    """`levels` lines of anchors, each naming the one before `fan` times: 9^10 (3.5 billion) values once expanded."""
    lines = ["a0: &a0 [x, y, z, w, v, u, t, s, r]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * fan)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def append(file: str, text: str | bytes) -> Callable[[Path], None]:
    def change(kb: Path) -> None:
        path = kb / file
        path.write_bytes(path.read_bytes() + (text if isinstance(text, bytes) else text.encode("utf-8")))

    return change


def replace(file: str, old: str | bytes, new: str | bytes) -> Callable[[Path], None]:
    def change(kb: Path) -> None:
        path = kb / file
        raw = path.read_bytes()
        before = old if isinstance(old, bytes) else old.encode("utf-8")
        assert before in raw, f"{old!r} not in {file}"
        path.write_bytes(raw.replace(before, new if isinstance(new, bytes) else new.encode("utf-8"), 1))

    return change


def write(file: str, content: str | bytes) -> Callable[[Path], None]:
    def change(kb: Path) -> None:
        (kb / file).parent.mkdir(parents=True, exist_ok=True)
        (kb / file).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))

    return change


def in_front_matter(text: str) -> Callable[[Path], None]:
    """`text` added as the last lines of the practice's front matter (which ends on line 12, so they start at 12)."""
    return replace(PRACTICE, "illustrative: true\n---\n", f"illustrative: true\n{text}---\n")


def assert_refused(kb: Path, expected: str) -> str:
    before = fingerprint(kb)
    result = run_cli("check", str(kb))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert any(line.startswith(expected) for line in result.output.splitlines()), result.output
    assert fingerprint(kb) == before
    return result.output


# the appended bomb starts on the line after the template's table of contents
TOC_LINES = len((layout.NEW_KB_TEMPLATE / layout.TOC_FILE).read_text(encoding="utf-8").splitlines())

# (name, change to the small knowledge base, the start of the line expected; the network has 38 lines)
CASES: list[tuple[str, Callable[[Path], None], str]] = [
    # --- YAML features no knowledge-base file needs, refused at the line of the first one ---
    ("alias bomb", append(NETWORK, alias_bomb()), f"{NETWORK}:39: YAML anchor &a0 is not allowed {NO_ALIASES}"),
    ("alias bomb in front matter", in_front_matter(alias_bomb()), f"{PRACTICE}:12: YAML anchor &a0 is not allowed {NO_ALIASES}"),
    (
        "alias bomb in _toc.yml",
        append("_toc.yml", alias_bomb()),
        f"_toc.yml:{TOC_LINES + 1}: YAML anchor &a0 is not allowed {NO_ALIASES}",
    ),
    (
        "anchor and alias",
        replace(NETWORK, "  start: 2025-01\n", "  start: &s 2025-01\n  subtitle: *s\n"),
        f"{NETWORK}:4: YAML anchor &s is not allowed {NO_ALIASES}",
    ),
    (
        "alias alone",
        replace(NETWORK, "  end: 2026-12", "  end: *start"),
        f"{NETWORK}:5: YAML alias *start is not allowed {NO_ALIASES}",
    ),
    (
        "merge key",
        replace(NETWORK, "  - id: rivertown\n", "  - <<: *x\n    id: rivertown\n"),
        f"{NETWORK}:24: YAML alias *x is not allowed {NO_ALIASES}",
    ),
    (
        "python tag",
        append(NETWORK, "x: !!python/object/apply:os.system ['echo hi']\n"),
        f"{NETWORK}:39: YAML tag !!python/object/apply:os.system is not allowed (allowed: a value without a tag;",
    ),
    (
        "int tag on text",
        replace(NETWORK, "population: 24000", "population: !!int abc"),
        f"{NETWORK}:20: YAML tag !!int is not allowed",
    ),
    (
        "binary tag",
        replace(NETWORK, "name: Hilltown", "name: !!binary aGVsbG8="),
        f"{NETWORK}:17: YAML tag !!binary is not allowed",
    ),
    ("local tag", replace(NETWORK, "name: Hilltown", "name: !city Hilltown"), f"{NETWORK}:17: YAML tag !city is not allowed"),
    # --- nesting ---
    ("100,000 nested lists", append(NETWORK, "deep: " + "[" * 100_000 + "]" * 100_000 + "\n"), f"{NETWORK}:39: {TOO_DEEP}"),
    ("100,000 unclosed lists", append(NETWORK, "deep: " + "[" * 100_000 + "\n"), f"{NETWORK}:39: {TOO_DEEP}"),
    ("10,000 nested mappings", append(NETWORK, "deep: " + "{a: " * 10_000 + "}" * 10_000 + "\n"), f"{NETWORK}:39: {TOO_DEEP}"),
    ("50,000 nested block lists", append(NETWORK, "deep:\n  " + "- " * 50_000 + "x\n"), f"{NETWORK}:40: {TOO_DEEP}"),
    (
        "deep block mappings in front matter",
        in_front_matter("deep:\n" + "".join(" " * (i + 1) + "a:\n" for i in range(30))),
        f"{PRACTICE}:{12 + MAX_YAML_DEPTH}: {TOO_DEEP}",
    ),
    # the file's mapping is the first level: MAX_YAML_DEPTH - 1 lists inside it are allowed, one more is not
    (
        "just too deep",
        append(NETWORK, "deep: " + "[" * MAX_YAML_DEPTH + "]" * MAX_YAML_DEPTH + "\n"),
        f"{NETWORK}:39: {TOO_DEEP}",
    ),
    (
        "deep enough",
        append(NETWORK, "deep: " + "[" * (MAX_YAML_DEPTH - 1) + "]" * (MAX_YAML_DEPTH - 1) + "\n"),
        f"{NETWORK}:39: deep: unknown field (allowed: illustrative, sources, network, cities, pairs, milestones)",
    ),
    # --- keys ---
    ("mapping as a key", append(NETWORK, "{a: 1}: x\n"), f"{NETWORK}:39: a mapping as a key (allowed: a name, e.g. title)"),
    ("list as a key", append(NETWORK, "? [a, b]\n: x\n"), f"{NETWORK}:39: a list as a key (allowed: a name, e.g. title)"),
    ("number as a key", append(NETWORK, "1: x\n"), f"{NETWORK}:39: 1: unknown field (allowed: illustrative, sources, network,"),
    ("null as a key", append(NETWORK, "null: x\n"), f"{NETWORK}:39: null: unknown field (allowed: illustrative, sources,"),
    ("true as a key", append(NETWORK, "true: x\n"), f"{NETWORK}:39: true: unknown field (allowed: illustrative, sources,"),
    ("impossible date as a key", append(NETWORK, "2021-02-30: x\n"), f"{NETWORK}:39: 2021-02-30: unknown field"),
    # --- the shape of a file ---
    ("top-level list", write(NETWORK, "- a\n- b\n"), f"{NETWORK}:1: expected a mapping of fields, got ['a', 'b']"),
    ("top-level text", write(NETWORK, "hello\n"), f"{NETWORK}: expected a mapping of fields, got 'hello'"),
    ("empty file", write(NETWORK, ""), f"{NETWORK}: network: required field is missing"),
    ("only ---", write(NETWORK, "---\n"), f"{NETWORK}: network: required field is missing"),
    ("two documents", append(NETWORK, "---\nx: 1\n"), f"{NETWORK}:39: YAML syntax error: expected a single document"),
    ("empty front matter", write(PRACTICE, "---\n---\nBody\n"), f"{PRACTICE}: id: required field is missing"),
    ("front matter a list", write(PRACTICE, "---\n- a\n---\n"), f"{PRACTICE}:2: expected a mapping of fields, got ['a']"),
    ("front matter of only ---", write(PRACTICE, "---\n"), f"{PRACTICE}:1: front matter not closed"),
    ("empty practice", write(PRACTICE, ""), f"{PRACTICE}:1: front matter missing"),
    (
        "list for a mapping",
        replace(NETWORK, "network:\n", "network: [a]\nother:\n"),
        f"{NETWORK}:1: network: expected a mapping of fields",
    ),
    (
        "list of stages",
        replace(ASSESSMENT, "stages:\n", "stages: [1, 2]\nother:\n"),
        f"{ASSESSMENT}:3: stages: expected a mapping",
    ),
    (
        "mapping for a list",
        replace(PRACTICE, "themes: [welcome]", "themes: {welcome: 1}"),
        f"{PRACTICE}:6: themes: expected a list",
    ),
    (
        "_config.yml a list",
        write("_config.yml", "- a\n"),
        "_config.yml:1: expected a mapping of settings (allowed: `key: value` lines)",
    ),
    (
        "tab indentation",
        replace(NETWORK, "  coordinator:", "\tcoordinator:"),
        f"{NETWORK}:3: YAML syntax error: while scanning for the next token found character '\\t' that cannot start any token "
        "(allowed: spaces to indent; a tab only inside quoted text)",
    ),
    # --- characters ---
    ("NUL in YAML", replace(NETWORK, b"Hilltown", b"Hill\x00town"), f"{NETWORK}:17: control character U+0000 {CONTROL}"),
    ("bell in YAML", replace(NETWORK, b"Hilltown", b"Hill\x07town"), f"{NETWORK}:17: control character U+0007 {CONTROL}"),
    ("NUL in a practice's text", append(PRACTICE, b"\x00\n"), f"{PRACTICE}:17: control character U+0000 {CONTROL}"),
    ("NUL in CSV", append(SERVICES, b"reception,Desk,A\x00B\n"), f"{SERVICES}:3: control character U+0000 {CONTROL}"),
    (
        "C1 control in YAML",
        replace(NETWORK, "Hilltown", "Hill\u0080town"),
        f"{NETWORK}:17: character U+0080 is not allowed in YAML (allowed: printable characters; remove it)",
    ),
    ("invalid UTF-8", replace(NETWORK, b"Hilltown", b"Hill\xfftown"), f"{NETWORK}:17: not UTF-8 text (byte 0xff)"),
    # --- dates and times that do not exist ---
    (
        "30 February in a stage",
        replace(ASSESSMENT, "date: 2025-02", "date: 2021-02-30"),
        f"{ASSESSMENT}:5: stages.baseline.date: '2021-02-30' {NOT_A_DATE}",
    ),
    (
        "30 February as a start",
        replace(PRACTICE, "start: 2025-09", "start: 2021-02-30"),
        f"{PRACTICE}:10: start: '2021-02-30' {NOT_A_DATE}",
    ),
    ("month 13", replace(PLAN, "date: 2025-05", "date: 2021-13-01"), f"{PLAN}:6: versions.draft.date: '2021-13-01' {NOT_A_DATE}"),
    (
        "year 0",
        replace(ASSESSMENT, "date: 2025-02", "date: 0000-01-01"),
        f"{ASSESSMENT}:5: stages.baseline.date: '0000-01-01' {NOT_A_DATE}",
    ),
    (
        "impossible time",
        replace(ASSESSMENT, "date: 2025-02", "date: 2021-02-03 25:61:00"),
        f"{ASSESSMENT}:5: stages.baseline.date: '2021-02-03 25:61:00' {NOT_A_DATE}",
    ),
    # --- true and false are not numbers; nan and inf are not numbers either ---
    (
        "score true",
        replace(ASSESSMENT, "{score: 0}", "{score: true}"),
        f"{ASSESSMENT}:8: stages.baseline.scores.translated-information.score: expected a whole number, got true {NOT_NUMBER}",
    ),
    (
        "population false",
        replace(NETWORK, "population: 24000", "population: false"),
        f"{NETWORK}:20: cities[1].population: expected a whole number, got false {NOT_NUMBER}",
    ),
    (
        "budget true",
        replace(PLAN, "budget: 5000", "budget: true"),
        f"{PLAN}:15: versions.draft.actions[0].budget: expected a number, got true {NOT_NUMBER}",
    ),
    (
        "latitude true",
        replace(NETWORK, "    languages: [pl]\n", "    languages: [pl]\n    location: {lat: true, lon: 19.9}\n"),
        f"{NETWORK}:23: cities[1].location.lat: expected a number, got true {NOT_NUMBER}",
    ),
    (
        "share true",
        replace(NETWORK, "    languages: [pl]\n", "    languages: [pl]\n    foreign_origin_share: true\n"),
        f"{NETWORK}:23: cities[1].foreign_origin_share: expected a number, got true {NOT_NUMBER}",
    ),
    (
        "milestone step true",
        replace(NETWORK, "pairs:\n", "milestones:\n  - {title: Kick-off, start: 2025-01, step: true}\npairs:\n"),
        f"{NETWORK}:33: milestones[0].step: expected a whole number, got true {NOT_NUMBER}",
    ),
    (
        "scale score false",
        replace(FRAMEWORK, "score: 0", "score: false"),
        f"{FRAMEWORK}:2: scale[0].score: expected a whole number, got false {NOT_NUMBER}",
    ),
    (
        "budget .inf",
        replace(PLAN, "budget: 5000", "budget: .inf"),
        f"{PLAN}:15: versions.draft.actions[0].budget: expected a number, got inf {NOT_FINITE}",
    ),
    (
        "latitude .nan",
        replace(NETWORK, "    languages: [pl]\n", "    languages: [pl]\n    location: {lat: .nan, lon: 19.9}\n"),
        f"{NETWORK}:23: cities[1].location.lat: expected a number, got nan {NOT_FINITE}",
    ),
    (
        "indicator value nan",
        write(
            "data/indicators/x.csv",
            "city,indicator,year,value,unit,flag,source\nhilltown,population,2020,nan,persons,,Eurostat\n",
        ),
        f"data/indicators/x.csv:2: column value: expected a number, got 'nan' {NOT_FINITE}",
    ),
    (
        "distribution cities true",
        write(
            "data/indicators/distributions/x.csv",
            "indicator,year,unit,cities,min,p10,p20,p30,p40,p50,p60,p70,p80,p90,max,source\n"
            "population,2020,persons,true,1,2,3,4,5,6,7,8,9,10,11,Eurostat\n",
        ),
        "data/indicators/distributions/x.csv:2: column cities: expected a whole number, got 'true'",
    ),
    # --- numbers too long for Python ---
    (
        "population of 5000 digits",
        replace(NETWORK, "population: 24000", "population: " + "9" * 5000),
        f"{NETWORK}:20: cities[1].population: expected a whole number, got '9999",
    ),
    (
        "score of 5000 hexadecimal digits",
        replace(ASSESSMENT, "{score: 0}", "{score: 0x" + "f" * 5000 + "}"),
        f"{ASSESSMENT}:8: stages.baseline.scores.translated-information.score: expected a whole number, got '0xffff",
    ),
    (
        "population 1e99999",
        replace(NETWORK, "population: 24000", "population: 1e99999"),
        f"{NETWORK}:20: cities[1].population: expected a number, got inf",
    ),
    # --- text where text is expected: numbers are text, true and dates are not ---
    (
        "title true",
        replace(PRACTICE, "title: Hilltown neighbour guides", "title: true"),
        f"{PRACTICE}:3: title: expected text, got true (allowed: text; put the value in quotes)",
    ),
    (
        "title a date",
        replace(PRACTICE, "title: Hilltown neighbour guides", "title: 2021-02-03"),
        f"{PRACTICE}:3: title: expected text, got 2021-02-03 (allowed: text; put the value in quotes)",
    ),
    # --- sizes ---
    (
        "50 MB practice",
        append(PRACTICE, "Lorem ipsum dolor sit amet.\n" * 1_800_000),
        f"{PRACTICE}: the file is 50.4 MB, too large (allowed: at most 500 kB for a Markdown file)",
    ),
    (
        "YAML over its limit",
        append(NETWORK, "#" + "x" * MAX_YAML_BYTES + "\n"),
        f"{NETWORK}: the file is 501 kB, too large (allowed: at most 500 kB for a YAML file)",
    ),
    (
        "CSV of a million columns",
        write(SERVICES, ",".join(f"c{i}" for i in range(1_000_000)) + "\n"),
        f"{SERVICES}:1: the header has 1000000 columns (allowed: at most {MAX_TABLE_COLUMNS})",
    ),
    (
        "CSV row of a million values",
        append(SERVICES, "reception,a,b" + ",x" * 1_000_000 + "\n"),
        f"{SERVICES}:3: 1000003 fields but the header has 6",
    ),
    (
        "CSV value of 300,000 characters",
        append(SERVICES, "reception,a," + "x" * 300_000 + "\n"),
        f"{SERVICES}:3: a value of more than 131072 characters (allowed: at most 131072)",
    ),
    (
        "a long line and a problem",
        replace(
            NETWORK,
            "  coordinator: The network's coordinating association\n  start: 2025-01",
            "  coordinator: " + "x" * 400_000 + "\n  start: later",
        ),
        f"{NETWORK}:4: network.start: 'later' {NOT_A_DATE}",
    ),
]


@pytest.mark.parametrize("change,expected", [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_hostile_input_is_refused_at_its_line(small_kb: Path, change: Callable[[Path], None], expected: str) -> None:
    change(small_kb)
    assert_refused(small_kb, expected)


def test_the_alias_bomb_is_refused_before_anything_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing is constructed from a refused text: the loader that would build it is never called."""

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the text was built before it was checked")

    monkeypatch.setattr(yaml, "load", never)
    with pytest.raises(KnowledgeBaseInvalid) as refused:
        parse_yaml(alias_bomb(), "bomb.yml")
    assert [problem.format() for problem in refused.value.problems] == [
        f"bomb.yml:1: YAML anchor &a0 is not allowed {NO_ALIASES}"
    ]


def test_the_ruamel_path_refuses_the_alias_bomb_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """When libyaml finds a text wrong, ruamel.yaml reads it again to word the problem: it refuses the same way."""

    def syntax_error(text: str, check: object) -> None:
        raise yaml.MarkedYAMLError(problem="made up so that ruamel.yaml reads the text")

    monkeypatch.setattr(fastyaml, "load", syntax_error)
    text = "title: A bomb\n" + alias_bomb()
    with pytest.raises(KnowledgeBaseInvalid) as refused:
        parse_yaml(text, "bomb.yml", line_offset=1)
    assert [problem.format() for problem in refused.value.problems] == [
        f"bomb.yml:3: YAML anchor &a0 is not allowed {NO_ALIASES}"
    ]
    for deep in ("x: " + "[" * 100_000, "x: !!int 1\n"):
        with pytest.raises(KnowledgeBaseInvalid):
            parse_yaml(deep, "deep.yml")


def test_locating_a_line_in_a_hostile_text_never_expands_it() -> None:
    document = Document(Path("bomb.yml"), "bomb.yml", {}, source=alias_bomb())
    assert document.line(("a9", 0)) is None


@pytest.mark.parametrize(
    "change",
    [
        replace(NETWORK, b"network:", b"\xef\xbb\xbfnetwork:"),  # a byte-order mark
        lambda kb: [
            (kb / name).write_bytes((kb / name).read_bytes().replace(b"\n", b"\r\n")) for name in (NETWORK, PRACTICE, SERVICES)
        ],
        replace(PRACTICE, "title: Hilltown neighbour guides", "title: 2021"),  # a number is text where text is expected
        replace(ASSESSMENT, "{score: 0}", "{score: 1.0}"),  # a whole number may be written 1.0
        append(NETWORK, "# " + "x" * (MAX_YAML_BYTES - 1_000) + "\n"),  # just under the limit
        append(PRACTICE, "x" * (MAX_MARKDOWN_BYTES - 1_000)),  # a line of almost 1 MB
    ],
    ids=["BOM", "CRLF", "number as text", "score 1.0", "YAML near its limit", "long line"],
)
def test_unusual_but_valid_input_is_accepted(small_kb: Path, change: Callable[[Path], None]) -> None:
    change(small_kb)
    result = run_cli("check", str(small_kb))
    assert result.exit_code == 0, result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_files_that_are_not_files(small_kb: Path) -> None:
    (small_kb / NETWORK).unlink()
    (small_kb / NETWORK).mkdir()
    os.mkfifo(small_kb / "practices" / "pipe.md")  # reading it would wait forever
    (small_kb / "practices" / "loop.md").symlink_to("loop.md")
    output = assert_refused(small_kb, f"{NETWORK}: not a regular file (allowed: a text file; move it elsewhere or rename it)")
    assert "practices/pipe.md: not a regular file" in output
    assert "practices/loop.md: cannot be read: Too many levels of symbolic links" in output


# --- a city's own tables (`inclucities analyse`) ----------------------------------------------------------------------


def table_problems(path: Path, sheet: str = "Questionnaire") -> list[str]:
    with pytest.raises(KnowledgeBaseInvalid) as refused:
        read_table(path, path.name, sheet)
    return [problem.format() for problem in refused.value.problems]


def test_an_xlsx_that_is_text(tmp_path: Path) -> None:
    path = tmp_path / "self-assessment.xlsx"
    path.write_text("key_factor,score\nreception-desk,2\n", encoding="utf-8")
    assert table_problems(path) == [
        "self-assessment.xlsx: not a readable XLSX workbook (File is not a zip file); save it from your spreadsheet as .xlsx"
    ]


def test_a_workbook_that_unpacks_to_too_much(tmp_path: Path) -> None:
    path = tmp_path / "self-assessment.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (MAX_XLSX_UNPACKED_BYTES + 1))
    assert table_problems(path)[0].startswith("self-assessment.xlsx: the workbook unpacks to 100 MB (allowed: at most 100 MB")


def test_a_sheet_that_claims_its_last_cell_is_read_to_the_limits(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Questionnaire"
    sheet.append(["key_factor", "score"])
    sheet.append(["reception-desk", 2])
    sheet.cell(row=1_048_576, column=16_384, value="far away")  # claims 17 billion cells
    sheet.cell(row=2, column=MAX_TABLE_COLUMNS + 1, value="too wide")
    path = tmp_path / "self-assessment.xlsx"
    workbook.save(path)
    assert table_problems(path) == [
        f"self-assessment.xlsx:2: sheet Questionnaire: more than {MAX_TABLE_COLUMNS} columns (allowed: at most {MAX_TABLE_COLUMNS})"
    ]


def test_a_city_csv_of_a_million_columns_or_with_a_nul(tmp_path: Path) -> None:
    path = tmp_path / "self-assessment.csv"
    path.write_text(",".join(f"c{i}" for i in range(1_000_000)) + "\n", encoding="utf-8")
    assert table_problems(path) == [f"self-assessment.csv:1: 1000000 columns (allowed: at most {MAX_TABLE_COLUMNS})"]
    path.write_bytes(b"key_factor,score\nreception-desk,\x00\n")
    assert table_problems(path) == [f"self-assessment.csv:2: control character U+0000 {CONTROL}"]


def test_a_city_file_with_an_alias_bomb(small_kb: Path, tmp_path: Path) -> None:
    city = tmp_path / "riverbend"
    assert run_cli("new-city", str(city), "--kb", str(small_kb), "--theme", "welcome").exit_code == 0
    edit(city / "city.yml", "\nid: riverbend\n", "\nid: riverbend\n" + alias_bomb())
    before = fingerprint(tmp_path)
    result = run_cli("analyse", str(city), "--kb", str(small_kb))
    assert result.exit_code == 1, result.output
    assert f"city.yml:9: YAML anchor &a0 is not allowed {NO_ALIASES}" in result.output
    assert "Traceback" not in result.output
    assert fingerprint(tmp_path) == before
