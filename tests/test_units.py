"""Unit tests of small pure functions: escaping, dates, source locations, generated-tree sync."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import TypeAdapter, ValidationError

from inclucities.guide.publish import publish, sync_tree
from inclucities.guide.source_map import Origin, translate_locations
from inclucities.kb.schema.common import PartialDate, Url
from inclucities.markup import markdown as md


@pytest.mark.parametrize(
    "raw,escaped",
    [
        ("Plain words", "Plain words"),
        ("<b>bold</b>", r"\<b\>bold\<\/b\>"),
        ("a | b", r"a \| b"),
        ("[x](javascript:y)", r"\[x\]\(javascript\:y\)"),
        ("two\n  lines", "two lines"),
        ("$x$ {role}`y`", r"\$x\$ \{role\}\`y\`"),
    ],
)
def test_text_escapes_every_markup_character(raw: str, escaped: str) -> None:
    assert md.text(raw) == escaped


def test_paragraphs_keep_blank_line_breaks() -> None:
    assert md.paragraphs("one\n\n two *x*") == "one\n\ntwo \\*x\\*"


def test_external_link_cannot_break_out_of_its_target() -> None:
    assert md.external_link("t", "https://e.org/a b)(<x>") == "[t](<https://e.org/a%20b%29%28%3Cx%3E>)"


@pytest.mark.parametrize("value,text", [(2021, "2021"), ("2021-05", "2021-05"), ("2021-05-17", "2021-05-17")])
def test_partial_dates(value: object, text: str) -> None:
    assert str(PartialDate.parse(value)) == text


def test_partial_date_order_and_errors() -> None:
    assert PartialDate.parse("2021") < PartialDate.parse("2021-02")
    with pytest.raises(ValidationError, match="is not a date"):
        TypeAdapter(PartialDate).validate_python("2021-13")


def test_url_must_be_http() -> None:
    assert TypeAdapter(Url).validate_python("https://inclucities.eu/pair-1")
    for bad in ("ftp://x.org", "javascript:alert(1)", "www.example.org"):
        with pytest.raises(ValidationError):
            TypeAdapter(Url).validate_python(bad)


def test_translate_locations_maps_generated_lines_to_sources() -> None:
    origins = {"practices/x.md": Origin(generated_line=30, source="practices/x.md", source_line=14)}
    assert translate_locations("/tmp/kb/_build/source/practices/x.md:33: WARNING", origins) == "practices/x.md:17: WARNING"
    assert translate_locations("practices/x.md:33: WARNING", origins) == "practices/x.md:17: WARNING"
    assert "in the page generated from it" in translate_locations("practices/x.md:3: W", origins)
    assert translate_locations("network.md:3: W", origins) == "network.md:3: W"
    # a chapter of the same name in another folder is the author's own file, already at its line
    assert translate_locations("book/practices/x.md:33: W", origins) == "book/practices/x.md:33: W"


def test_sync_tree_writes_only_changes_and_removes_stale_files(tmp_path: Path) -> None:
    assert sync_tree(tmp_path, {"a.md": "A", "sub/b.md": "B"}) == (2, 0)
    assert sync_tree(tmp_path, {"a.md": "A", "sub/b.md": "B"}) == (0, 0)
    assert sync_tree(tmp_path, {"a.md": "A2"}) == (1, 1)
    assert not (tmp_path / "sub").exists()


def test_publish_replaces_the_site_whole(tmp_path: Path) -> None:
    built, site = tmp_path / "built", tmp_path / "html"
    built.mkdir()
    (built / "index.html").write_text("new")
    site.mkdir()
    (site / "old.html").write_text("old")
    publish(built, site)
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    assert not any(p.name.endswith((".new", ".old")) for p in tmp_path.iterdir())


def test_alt_text_keeps_punctuation_and_cannot_close_the_image() -> None:
    assert md.alt_text("Capaci's plan, 2021-07 → 2023-03 (7 actions)") == "Capaci's plan, 2021-07 → 2023-03 (7 actions)"
    assert md.alt_text("a ] b [ c \\") == "a \\] b \\[ c \\\\"


def test_fast_yaml_reads_scalars_as_yaml_1_2() -> None:
    from inclucities.kb import fastyaml

    data = fastyaml.load("a: no\nb: 9:30\nc: 2020-06\nd: 2020-06-01\ne: 0o17\nf: 1.5\ng: yes\nh: ~\ni: True\nj: [fr, no]")
    assert data["a"] == "no" and data["g"] == "yes" and data["j"] == ["fr", "no"]  # Norwegian, not false
    assert data["b"] == "9:30" and data["c"] == "2020-06"
    assert str(data["d"]) == "2020-06-01" and data["e"] == 15 and data["f"] == 1.5 and data["h"] is None and data["i"] is True


def test_duplicate_keys_are_located(tmp_path: Path) -> None:
    from inclucities.errors import KnowledgeBaseInvalid
    from inclucities.kb.files import read_yaml

    path = tmp_path / "x.yml"
    path.write_text("a: 1\nb: 2\na: 3\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseInvalid) as error:
        read_yaml(path, tmp_path)
    problem = error.value.problems[0]
    assert problem.line == 3 and "duplicate key" in problem.message
