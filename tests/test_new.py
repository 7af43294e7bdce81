"""`inclucities new`: a valid knowledge base, never written over an existing folder."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import fingerprint, run_cli


def test_new_makes_a_valid_knowledge_base(tmp_path: Path) -> None:
    target = tmp_path / "baltic-network"
    result = run_cli("new", str(target))
    assert result.exit_code == 0, result.output
    check = run_cli("check", str(target))
    assert check.exit_code == 0, check.output
    assert "3 cities, 1 pairs" in check.output
    assert '"Baltic Network"' in (target / "data" / "network.yml").read_text()
    assert (target / ".gitignore").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging folder left behind


def test_new_takes_a_name_with_quotes_safely(tmp_path: Path) -> None:
    result = run_cli("new", str(tmp_path / "kb"), "--name", 'Cities "for all": network')
    assert result.exit_code == 0, result.output
    assert run_cli("check", str(tmp_path / "kb")).exit_code == 0


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.md").write_text("my notes")
    before = fingerprint(target)
    result = run_cli("new", str(target))
    assert result.exit_code == 1
    assert "already exists and is not empty" in result.output
    assert fingerprint(target) == before


def test_new_accepts_an_empty_existing_folder(tmp_path: Path) -> None:
    target = tmp_path / "empty"
    target.mkdir()
    assert run_cli("new", str(target)).exit_code == 0
    assert (target / "data" / "network.yml").is_file()
