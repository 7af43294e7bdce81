"""The synthetic knowledge bases used by the benchmark are valid, illustrative and of the asked size."""

from __future__ import annotations

from pathlib import Path

from inclucities.kb.loader import load
from inclucities.kb.synthetic import generate


def test_synthetic_networks_are_valid_and_illustrative(tmp_path: Path) -> None:
    for size in (8, 41):
        kb = load(generate(tmp_path / f"n{size}", size))
        assert len(kb.cities) == size and len(kb.pairs) == size // 2
        assert kb.network.network.illustrative and all(c.illustrative for c in kb.network.cities)
        assert set(kb.assessments) == set(kb.cities)
        assert all(entry.practice.illustrative for entry in kb.practices.values())


def test_the_same_size_gives_the_same_knowledge_base(tmp_path: Path) -> None:
    first, second = generate(tmp_path / "a", 12), generate(tmp_path / "b", 12)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files if f.name != "README.md")
