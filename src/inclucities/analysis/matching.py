"""Matching mentors and learners from the needs assessment.

The compatibility of a mentor M with a learner L on a theme T is how much M is ahead of L where L needs it:

    compatibility(M, L, T) = Σ_k need_L(k) × max(0, score_M(k) − score_L(k)) / Σ_k need_L(k)

over the key factors k of T's benchmark(s), with need_L(k) = 4 − score_L(k) (the room left on the 0–4 scale)
and baseline scores. It ranges from 0 (M is nowhere ahead of L where L needs help) to 4. The pair's score is
its best theme's; the one-to-one assignment maximises the sum of pair scores (Hungarian algorithm).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from inclucities.analysis.scores import baseline_matrix
from inclucities.kb.model import KnowledgeBase
from inclucities.markup.text import quote


def theme_compatibility(
    kb: KnowledgeBase, baseline: pd.DataFrame | None = None, learners: list[str] | None = None
) -> pd.DataFrame:
    """Mentor × learner × theme compatibility (long table), for every learner or only `learners`.

    Computed with arrays (mentors × learners × key factors per theme): a network of 200 cities is matched in
    milliseconds. A factor that either city did not score is left out of that pair's average.
    """
    baseline = baseline_matrix(kb) if baseline is None else baseline
    mentors = [c.id for c in kb.network.cities if c.role == "mentor" and c.id in baseline.index]
    wanted = set(learners) if learners is not None else None
    learner_ids = [
        c.id for c in kb.network.cities if c.role == "learner" and c.id in baseline.index and (wanted is None or c.id in wanted)
    ]
    frames = []
    for theme in kb.framework.themes:
        factors = [
            kf.id for b in kb.framework.benchmarks if b.theme == theme.id for kf in b.key_factors if kf.id in baseline.columns
        ]
        if not factors or not mentors or not learner_ids:
            continue
        mentor_scores = baseline.loc[mentors, factors].to_numpy(dtype=float)[:, None, :]
        learner_scores = baseline.loc[learner_ids, factors].to_numpy(dtype=float)[None, :, :]
        need = kb.framework.top - learner_scores
        ahead = np.clip(mentor_scores - learner_scores, 0, None)
        both = ~np.isnan(ahead)
        weight = np.where(both, need, 0).sum(axis=2)
        total = np.where(both, need * ahead, 0).sum(axis=2)
        score = np.divide(total, weight, out=np.zeros_like(total), where=weight > 0)
        grid = pd.MultiIndex.from_product([mentors, learner_ids], names=["mentor", "learner"])
        frames.append(pd.DataFrame({"theme": theme.id, "compatibility": score.round(3).ravel()}, index=grid).reset_index())
    if not frames:
        return pd.DataFrame(columns=["mentor", "learner", "theme", "compatibility"])
    compat = pd.concat(frames, ignore_index=True)
    order = {(m, learner): i for i, (m, learner) in enumerate((m, learner) for learner in learner_ids for m in mentors)}
    compat["_order"] = [order[(m, learner)] for m, learner in zip(compat["mentor"], compat["learner"], strict=True)]
    return (
        compat.sort_values(["_order", "theme"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)[["mentor", "learner", "theme", "compatibility"]]
    )


def pair_compatibility(compat: pd.DataFrame) -> pd.DataFrame:
    """Mentor × learner: the best theme and its compatibility."""
    best = (
        compat.sort_values(["compatibility", "theme"], ascending=[False, True])
        .groupby(["mentor", "learner"], as_index=False)
        .first()
    )
    return best.rename(columns={"theme": "best_theme"})


@dataclass(frozen=True)
class Assignment:
    mentor: str
    learner: str
    theme: str
    compatibility: float


def optimal_assignment(pairs: pd.DataFrame) -> list[Assignment]:
    """The one-to-one mentor → learner assignment with the highest total compatibility."""
    from scipy.optimize import linear_sum_assignment

    matrix = pairs.pivot(index="mentor", columns="learner", values="compatibility")
    rows, cols = linear_sum_assignment(matrix.to_numpy(dtype=float), maximize=True)
    best = pairs.set_index(["mentor", "learner"])
    chosen = []
    for r, c in zip(rows, cols, strict=True):
        mentor, learner = matrix.index[r], matrix.columns[c]
        record = best.loc[(mentor, learner)]
        chosen.append(Assignment(mentor, learner, str(record["best_theme"]), float(record["compatibility"])))
    return sorted(chosen, key=lambda a: a.mentor)


def compare_with_actual(kb: KnowledgeBase, assignment: list[Assignment], pairs: pd.DataFrame) -> pd.DataFrame:
    """The computed assignment beside the network's actual pairs, one row per mentor."""
    best = pairs.set_index(["mentor", "learner"])["compatibility"]
    computed = {a.mentor: a for a in assignment}
    rows = []
    for pair in kb.network.pairs:
        proposal = computed.get(pair.mentor)
        rows.append(
            {
                "mentor": kb.city_name(pair.mentor),
                "actual learner": kb.city_name(pair.learner),
                "actual theme": kb.themes[pair.theme].title,
                "actual score": float(best.get((pair.mentor, pair.learner), np.nan)),
                "computed learner": kb.city_name(proposal.learner) if proposal else "—",
                "computed theme": kb.themes[proposal.theme].title if proposal else "—",
                "computed score": proposal.compatibility if proposal else np.nan,
                "same": bool(proposal and proposal.learner == pair.learner),
            }
        )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Lead:
    """A key factor where a mentor is ahead of a learner; `weight` is the learner's need times the mentor's lead."""

    key_factor: str
    title: str
    mentor: int
    learner: int
    weight: float


def leads(kb: KnowledgeBase, baseline: pd.DataFrame, mentor: str, learner: str, key_factors: list[str]) -> list[Lead]:
    """Where `mentor` is ahead of `learner` among `key_factors`, where the learner needs it most first: the terms of
    the compatibility, so that each mentor's reason is its own."""
    found = []
    for kf_id in key_factors:
        if kf_id not in baseline.columns or mentor not in baseline.index or learner not in baseline.index:
            continue
        theirs, mine = float(baseline.loc[mentor, kf_id]), float(baseline.loc[learner, kf_id])  # type: ignore[arg-type]
        if np.isnan(theirs) or np.isnan(mine) or theirs <= mine:
            continue
        weight = float((kb.framework.top - mine) * (theirs - mine))
        found.append(Lead(kf_id, kb.key_factors[kf_id][1].title, int(theirs), int(mine), weight))
    return sorted(found, key=lambda lead: (-lead.weight, lead.key_factor))


def describe_leads(found: list[Lead], mentor_name: str, learner_name: str, top: int = 3) -> str:
    """`Schaerbeek scores 3 where Riverbend scores 0 on …; 4 against 1 on …`."""
    if not found:
        return f"{mentor_name} is not ahead of {learner_name} on any key factor both scored"
    first, *rest = found[:top]
    text = f"{mentor_name} scores {first.mentor} where {learner_name} scores {first.learner} on {quote(first.title)}"
    return text + "".join(f"; {lead.mentor} against {lead.learner} on {quote(lead.title)}" for lead in rest)


def suggest_mentors(kb: KnowledgeBase, learner: str, baseline: pd.DataFrame | None = None) -> pd.DataFrame:
    """Mentors ranked for one learner, with the theme that makes them a good match and why."""
    baseline = baseline_matrix(kb) if baseline is None else baseline
    compat = theme_compatibility(kb, baseline, learners=[learner])
    mine = pair_compatibility(compat)
    mine = mine.sort_values(["compatibility", "mentor"], ascending=[False, True], ignore_index=True)
    mine["why"] = [
        describe_leads(
            leads(kb, baseline, mentor, learner, theme_key_factors(kb, theme)), kb.city_name(mentor), kb.city_name(learner)
        )
        for mentor, theme in zip(mine["mentor"], mine["best_theme"], strict=True)
    ]
    return mine


def theme_key_factors(kb: KnowledgeBase, theme: str) -> list[str]:
    return [kf.id for b in kb.framework.benchmarks if b.theme == theme for kf in b.key_factors]
