"""The gap between a mentor and its learner on each key factor of their benchmark, and how it changes."""

from __future__ import annotations

import pandas as pd

from inclucities.analysis.scores import scores_frame
from inclucities.kb.model import KnowledgeBase


def pair_scores(kb: KnowledgeBase, pair_id: str) -> pd.DataFrame:
    """Key factor × stage with the mentor's and the learner's score and the gap (mentor − learner).

    Only the key factors of the pair's benchmark count; a stage where either city did not score a factor is left out.
    """
    pair = kb.pairs[pair_id]
    benchmark = kb.benchmarks[pair.benchmark]
    order = {kf.id: i for i, kf in enumerate(benchmark.key_factors)}
    frame = scores_frame(kb)
    frame = frame[frame["key_factor"].isin(order)]
    mentor = frame[frame["city"] == pair.mentor].set_index(["key_factor", "stage"])["score"].rename("mentor")
    learner = frame[frame["city"] == pair.learner].set_index(["key_factor", "stage"])["score"].rename("learner")
    joined = pd.concat([mentor, learner], axis=1, join="inner").reset_index()
    joined["gap"] = joined["mentor"] - joined["learner"]
    titles = {kf.id: kf.title for kf in benchmark.key_factors}
    stage_order = frame.drop_duplicates("stage").set_index("stage")["stage_order"]
    joined["key_factor_title"] = joined["key_factor"].map(titles)
    joined["stage_order"] = joined["stage"].map(stage_order)
    joined["factor_order"] = joined["key_factor"].map(order)
    joined = joined.sort_values(["factor_order", "stage_order"], ignore_index=True)
    return joined[["key_factor", "key_factor_title", "stage", "stage_order", "mentor", "learner", "gap"]]


def gap_summary(pair_scores_frame: pd.DataFrame) -> pd.DataFrame:
    """One row per key factor: the gap at the first and the last stage scored, and the learner's progress."""
    rows = []
    for kf, group in pair_scores_frame.groupby("key_factor", sort=False):
        first, last = group.iloc[0], group.iloc[-1]
        rows.append(
            {
                "key_factor": kf,
                "key_factor_title": first["key_factor_title"],
                "first_stage": first["stage"],
                "last_stage": last["stage"],
                "learner_first": int(first["learner"]),
                "learner_last": int(last["learner"]),
                "mentor_last": int(last["mentor"]),
                "gap_first": int(first["gap"]),
                "gap_last": int(last["gap"]),
                "learner_progress": int(last["learner"] - first["learner"]),
            }
        )
    return pd.DataFrame(rows)
