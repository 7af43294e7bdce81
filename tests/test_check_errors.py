"""Each class of invalid input gives a precise `path:line: where: message` and exit code 1, and writes nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import edit, fingerprint, run_cli

NETWORK = "data/network.yml"
FRAMEWORK = "data/framework.yml"
DESK = "practices/harbourtown-welcome-desk.md"
PLAN = "data/action_plans/hilltown.yml"


CASES = [
    # (name, file, old, new, expected line fragment)
    ("yaml syntax", NETWORK, "  name: ", "  name: [unclosed\n  other: ", f"{NETWORK}:3: YAML syntax error"),
    ("front matter syntax", DESK, "themes: [welcome]", "themes: [welcome", f"{DESK}:"),
    ("front matter missing", DESK, "---\nid:", "id:", f"{DESK}:1: front matter missing"),
    ("missing field", NETWORK, "    population: 24000\n", "", f"{NETWORK}:16: cities[1].population: required field is missing"),
    (
        "wrong type",
        NETWORK,
        "population: 24000",
        "population: many",
        f"{NETWORK}:20: cities[1].population: expected a whole number, got 'many'",
    ),
    (
        "unknown enum",
        NETWORK,
        "role: learner",
        "role: coach",
        f"{NETWORK}:19: cities[1].role: 'coach' is not allowed (allowed: mentor, learner)",
    ),
    (
        "unknown field",
        NETWORK,
        "    languages: [pl]",
        "    langauges: [pl]",
        f"{NETWORK}:22: cities[1].langauges: unknown field (allowed: illustrative, sources, id,",
    ),
    (
        "id not a slug",
        NETWORK,
        "id: rivertown",
        "id: River Town",
        f"{NETWORK}:24: cities[2].id: 'River Town' is not a valid id (allowed: lowercase letters, digits and hyphens",
    ),
    (
        "id does not match file",
        DESK,
        "id: harbourtown-welcome-desk",
        "id: welcome-desk",
        f"{DESK}:2: id: 'welcome-desk' does not match the file name (allowed: 'harbourtown-welcome-desk'",
    ),
    (
        "practice city dangling",
        DESK,
        "city: harbourtown",
        "city: atlantis",
        f"{DESK}:5: city: unknown city 'atlantis' (allowed: harbourtown, hilltown, rivertown)",
    ),
    (
        "practice theme dangling",
        DESK,
        "themes: [welcome]",
        "themes: [welcom]",
        f"{DESK}:6: themes[0]: unknown theme 'welcom' (did you mean 'welcome'?; allowed: welcome)",
    ),
    (
        "practice key factor dangling",
        DESK,
        "key_factors: [reception-desk,",
        "key_factors: [front-desk,",
        f"{DESK}:7: key_factors[0]: unknown key factor 'front-desk'",
    ),
    (
        "pair mentor dangling",
        NETWORK,
        "mentor: harbourtown",
        "mentor: atlantis",
        f"{NETWORK}:34: pairs[0].mentor: unknown city 'atlantis'",
    ),
    (
        "pair learner dangling",
        NETWORK,
        "learner: hilltown",
        "learner: nowhere",
        f"{NETWORK}:35: pairs[0].learner: unknown city 'nowhere'",
    ),
    (
        "pair theme dangling",
        NETWORK,
        "theme: welcome",
        "theme: housing",
        f"{NETWORK}:36: pairs[0].theme: unknown theme 'housing' (allowed: welcome)",
    ),
    (
        "pair benchmark dangling",
        NETWORK,
        "benchmark: first-steps",
        "benchmark: last-steps",
        f"{NETWORK}:37: pairs[0].benchmark: unknown benchmark 'last-steps' (did you mean 'first-steps'?; allowed: first-steps)",
    ),
    (
        "pair mentor is a learner",
        NETWORK,
        "mentor: harbourtown",
        "mentor: rivertown",
        f"{NETWORK}:34: pairs[0].mentor: 'rivertown' has role 'learner', not 'mentor' (allowed: harbourtown)",
    ),
    (
        "action inspired_by dangling",
        PLAN,
        "inspired_by: harbourtown-welcome-desk",
        "inspired_by: ghost-practice",
        f"{PLAN}:11: versions.draft.actions[0].inspired_by: unknown practice 'ghost-practice'",
    ),
    (
        "action key factor outside benchmark",
        PLAN,
        "key_factor: reception-desk",
        "key_factor: nothing",
        f"{PLAN}:10: versions.draft.actions[0].key_factor: 'nothing' is not a key factor of benchmark 'first-steps'",
    ),
    (
        "dates in wrong order",
        PLAN,
        "end: 2026-03",
        "end: 2024-03",
        f"{PLAN}:14: versions.draft.actions[0].end: ends 2024-03, before it starts (2025-09)",
    ),
    (
        "network dates in wrong order",
        NETWORK,
        "end: 2026-12",
        "end: 2024-12",
        f"{NETWORK}:5: network.end: ends 2024-12, before it starts (2025-01)",
    ),
    (
        "score out of range",
        "data/assessments/hilltown.yml",
        "translated-information: {score: 0}",
        "translated-information: {score: 7}",
        "data/assessments/hilltown.yml:8: stages.baseline.scores.translated-information.score: 7 is too large (allowed: 4 or less)",
    ),
    (
        "bad country",
        NETWORK,
        "country: PL",
        "country: Poland",
        f"{NETWORK}:18: cities[1].country: 'Poland' is not a country code",
    ),
    (
        "city location out of range",
        NETWORK,
        "country: PL",
        "country: PL\n    location: {lat: 95, lon: 19.9}",
        f"{NETWORK}:19: cities[1].location.lat: 95 is too large (allowed: 90 or less)",
    ),
    (
        "bad url",
        DESK,
        "illustrative: true",
        "illustrative: true\nsources:\n  - title: Site\n    url: www.example.org",
        f"{DESK}:14: sources[0].url: 'www.example.org' is not a web address",
    ),
    (
        "service category",
        "data/services/harbourtown.csv",
        "reception,",
        "welcome,",
        "data/services/harbourtown.csv:2: column category: 'welcome' is not allowed (allowed: reception, language-courses",
    ),
]


@pytest.mark.parametrize("name,file,old,new,expected", CASES, ids=[case[0] for case in CASES])
def test_each_error_class_is_reported_precisely(small_kb: Path, name: str, file: str, old: str, new: str, expected: str) -> None:
    edit(small_kb / file, old, new)
    before = fingerprint(small_kb)
    result = run_cli("check", str(small_kb))
    assert result.exit_code == 1, result.output
    assert expected in result.output, result.output
    assert "Traceback" not in result.output
    assert fingerprint(small_kb) == before


def test_duplicate_ids(small_kb: Path) -> None:
    edit(
        small_kb / NETWORK,
        "pairs:\n",
        "  - id: hilltown\n    name: Again\n    country: PT\n    role: learner\n    population: 1\n    association: X\npairs:\n",
    )
    result = run_cli("check", str(small_kb))
    assert result.exit_code == 1
    assert f"{NETWORK}:32: cities[3].id: duplicate city id 'hilltown' (allowed: each id once)" in result.output


def test_non_utf8_file(small_kb: Path) -> None:
    path = small_kb / DESK
    path.write_bytes(path.read_bytes().replace(b"Two staff", "Deux employ\xe9s".encode("latin-1")))
    result = run_cli("check", str(small_kb))
    assert result.exit_code == 1
    assert f"{DESK}:16: not UTF-8 text (byte 0xe9)" in result.output


def test_every_problem_is_listed_at_once_with_a_count(small_kb: Path) -> None:
    edit(small_kb / NETWORK, "role: learner", "role: coach")
    edit(small_kb / DESK, "city: harbourtown", "city: atlantis")
    edit(small_kb / PLAN, "end: 2026-03", "end: 2024-03")
    result = run_cli("check", str(small_kb))
    lines = result.output.strip().splitlines()
    assert result.exit_code == 1
    assert lines[-1] == "3 problems found; nothing was written."
    assert [line.split(":")[0] for line in lines[:-1]] == [PLAN, NETWORK, DESK]


def test_stray_file_in_a_record_folder(small_kb: Path) -> None:
    (small_kb / "practices" / "notes.txt").write_text("draft", encoding="utf-8")
    result = run_cli("check", str(small_kb))
    assert "practices/notes.txt: not read: this folder holds .md files" in result.output


def test_missing_required_files(tmp_path: Path) -> None:
    result = run_cli("check", str(tmp_path))
    assert result.exit_code == 1
    assert "data/network.yml: file missing" in result.output
    assert "_config.yml: file missing" in result.output


def test_invalid_build_changes_nothing_and_shows_no_traceback(small_kb: Path) -> None:
    edit(small_kb / NETWORK, "role: learner", "role: coach")
    before = fingerprint(small_kb)
    completed = subprocess.run(
        [sys.executable, "-m", "inclucities", "build", str(small_kb)], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr
    assert "cities[1].role: 'coach' is not allowed" in completed.stderr
    assert fingerprint(small_kb) == before
    assert not (small_kb / "_build").exists()  # the build's only folder, the book's source included
