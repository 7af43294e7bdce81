"""Unit tests of the analyses: matching, gaps, practice ranking, percentiles, run planning and cache keys."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from inclucities.analysis import matching
from inclucities.analysis.context import percentile_rank
from inclucities.analysis.gaps import gap_summary, pair_scores
from inclucities.analysis.recommend import rank_practices
from inclucities.kb.loader import load
from inclucities.kb.model import KnowledgeBase
from inclucities.notebooks.cache import front_matter, run_key
from inclucities.notebooks.plan import plan_runs, template_path
from tests.conftest import REPO, edit


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load(REPO)


def test_matching_recovers_the_real_pairs_from_the_bundled_needs_assessment(kb: KnowledgeBase) -> None:
    pairs = matching.pair_compatibility(matching.theme_compatibility(kb))
    assignment = matching.optimal_assignment(pairs)
    assert {(a.mentor, a.learner, a.theme) for a in assignment} == {(p.mentor, p.learner, p.theme) for p in kb.network.pairs}
    comparison = matching.compare_with_actual(kb, assignment, pairs)
    assert comparison["same"].all()


def test_compatibility_formula_on_a_hand_made_example(kb: KnowledgeBase) -> None:
    # one theme, two factors: the learner needs 4 and 2 (scores 0 and 2); the mentor is 3 and 1 ahead
    factors = [kf.id for kf in kb.benchmarks["city-for-all-vision"].key_factors][:2]
    baseline = pd.DataFrame({factors[0]: [3, 0], factors[1]: [3, 2]}, index=["mechelen", "capaci"])
    compat = matching.theme_compatibility(kb, baseline)
    city_for_all = compat[(compat["theme"] == "city-for-all")].iloc[0]
    assert city_for_all["compatibility"] == pytest.approx((4 * 3 + 2 * 1) / (4 + 2), abs=1e-3)


def test_assignment_is_one_to_one_and_maximal() -> None:
    pairs = pd.DataFrame(
        {
            "mentor": ["a", "a", "b", "b"],
            "learner": ["x", "y", "x", "y"],
            "best_theme": ["t"] * 4,
            "compatibility": [3.0, 2.9, 2.0, 0.0],
        }
    )
    chosen = matching.optimal_assignment(pairs)
    # greedy would take a–x (3.0) and leave b–y (0.0); the optimum is a–y + b–x = 4.9
    assert {(a.mentor, a.learner) for a in chosen} == {("a", "y"), ("b", "x")}


def test_pair_gaps_follow_the_stages(kb: KnowledgeBase) -> None:
    scores = pair_scores(kb, "pair-4")
    benchmark = kb.benchmarks["formal-informal-language-learning"]
    assert set(scores["key_factor"]) == {kf.id for kf in benchmark.key_factors}
    assert list(scores[scores["key_factor"] == benchmark.key_factors[0].id]["stage"]) == [
        "baseline",
        "visit-1",
        "visit-2",
        "visit-3",
    ]
    assert (scores["gap"] == scores["mentor"] - scores["learner"]).all()
    summary = gap_summary(scores)
    assert len(summary) == len(benchmark.key_factors)
    assert (summary["learner_progress"] == summary["learner_last"] - summary["learner_first"]).all()


def test_practices_are_ranked_by_the_gaps_they_address_with_reasons(kb: KnowledgeBase) -> None:
    weights = {"informal-practice": 3.0, "education-partners": 1.0}
    ranked = rank_practices(kb, weights, exclude_city="jelgava", prefer_city="schaerbeek")
    assert list(ranked["rank"]) == list(range(1, len(ranked) + 1))
    assert ranked["score"].is_monotonic_decreasing
    assert "jelgava" not in set(ranked["practice"])
    top = ranked.iloc[0]
    assert "Informal opportunities to practise (gap 3)" in top["reason"]
    for practice_id in ranked["practice"]:
        assert set(kb.practices[practice_id].practice.key_factors) & set(weights)


def test_percentile_rank_interpolates_between_deciles() -> None:
    deciles = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
    assert percentile_rank(55, deciles) == pytest.approx(55)
    assert percentile_rank(-5, deciles) == 0
    assert percentile_rank(500, deciles) == 100
    assert np.isfinite(percentile_rank(3, [1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 9]))


def test_plan_covers_every_pair_every_city_and_the_network(kb: KnowledgeBase) -> None:
    runs = plan_runs(kb)
    labels = {run.label for run in runs}
    assert len(runs) == 1 + len(kb.pairs) + len(kb.cities)
    assert "network_overview()" in labels and "pair_benchmark(pair_id='pair-3')" in labels
    pair3 = next(run for run in runs if run.label == "pair_benchmark(pair_id='pair-3')")
    names = {path.relative_to(REPO).as_posix() for path in pair3.inputs}
    assert {"data/assessments/fuenlabrada.yml", "data/assessments/livadia.yml", "data/action_plans/livadia.yml"} <= names
    assert "data/assessments/mechelen.yml" not in names


def test_cache_key_covers_data_but_not_practice_text(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    for part in ("data", "practices", "_config.yml", "_toc.yml", "book", "toolkits"):
        source = REPO / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / part)
    run = next(r for r in plan_runs(load(root)) if r.label == "pair_benchmark(pair_id='pair-1')")
    key = run_key(run, template_path(root, run.template), root)
    edit(root / "practices/bapa-bxl.md", "## How it works", "## How it really works")
    assert run_key(run, template_path(root, run.template), root) == key
    edit(root / "data/assessments/brussels.yml", "score: 4", "score: 3")
    assert run_key(run, template_path(root, run.template), root) != key


def test_front_matter_digest_ignores_the_body() -> None:
    assert front_matter(b"---\nid: x\n---\nbody one\n") == front_matter(b"---\nid: x\n---\nbody two\n")
    assert front_matter(b"no front matter") == b"no front matter"
