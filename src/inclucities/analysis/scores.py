"""Self-assessment scores as one long table: city × stage × key factor."""

from __future__ import annotations

from weakref import WeakKeyDictionary

import pandas as pd

from inclucities.kb.model import KnowledgeBase
from inclucities.kb.schema.assessment import BASELINE, STAGES

COLUMNS = ["city", "stage", "stage_order", "theme", "benchmark", "key_factor", "key_factor_title", "score", "evidence"]


_FRAMES: WeakKeyDictionary[KnowledgeBase, pd.DataFrame] = WeakKeyDictionary()


def scores_frame(kb: KnowledgeBase) -> pd.DataFrame:
    """Every score of every city at every stage, with the benchmark and theme of its key factor.

    Built once per knowledge-base object (analyses ask for it many times); callers get a copy.
    """
    if kb not in _FRAMES:
        _FRAMES[kb] = _build_scores_frame(kb)
    return _FRAMES[kb].copy()


def _build_scores_frame(kb: KnowledgeBase) -> pd.DataFrame:
    rows = []
    key_factors = kb.key_factors
    for city, assessment in kb.assessments.items():
        for stage, result in assessment.stages.items():
            for kf_id, score in result.scores.items():
                benchmark, kf = key_factors[kf_id]
                rows.append(
                    (
                        city,
                        stage,
                        STAGES.index(stage),
                        benchmark.theme,
                        benchmark.id,
                        kf_id,
                        kf.title,
                        score.score,
                        score.evidence or "",
                    )
                )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.sort_values(["city", "stage_order", "benchmark", "key_factor"], ignore_index=True)


def baseline_matrix(kb: KnowledgeBase) -> pd.DataFrame:
    """City × key factor scores at the baseline (the needs assessment), in framework order; missing = NaN."""
    frame = scores_frame(kb)
    baseline = frame[frame["stage"] == BASELINE].pivot(index="city", columns="key_factor", values="score")
    order = [kf.id for b in kb.framework.benchmarks for kf in b.key_factors]
    cities = [c.id for c in kb.network.cities]
    return baseline.reindex(index=cities, columns=order)


def latest_scores(kb: KnowledgeBase, city: str) -> pd.DataFrame:
    """For one city, each key factor's most recent score and the stage it comes from."""
    frame = scores_frame(kb)
    mine = frame[frame["city"] == city].sort_values("stage_order")
    return mine.groupby("key_factor", as_index=False).last()[
        ["key_factor", "key_factor_title", "benchmark", "theme", "stage", "score"]
    ]
