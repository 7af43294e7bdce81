"""The state of a learner city's action plan."""

from __future__ import annotations

import pandas as pd

from inclucities.kb.model import KnowledgeBase
from inclucities.kb.schema.action_plan import ACTION_STATUSES, VERSIONS, Version

ACTION_COLUMNS = ["id", "title", "key_factor", "inspired_by", "lead", "start", "end", "budget", "indicator", "target", "status"]


def latest_version(kb: KnowledgeBase, city: str) -> Version | None:
    plan = kb.action_plans.get(city)
    if plan is None:
        return None
    return [v for v in VERSIONS if v in plan.versions][-1]


def actions_frame(kb: KnowledgeBase, city: str, version: Version | None = None) -> pd.DataFrame:
    """The actions of one version of a city's plan (default: the latest)."""
    plan = kb.action_plans.get(city)
    version = version or latest_version(kb, city)
    if plan is None or version is None:
        return pd.DataFrame(columns=[*ACTION_COLUMNS, "key_factor_title"])
    rows = [action.model_dump(include=set(ACTION_COLUMNS)) for action in plan.versions[version].actions]
    frame = pd.DataFrame(rows, columns=ACTION_COLUMNS)
    frame["start"] = frame["start"].astype(str)
    frame["end"] = frame["end"].astype(str)
    titles = {kf_id: kf.title for kf_id, (_, kf) in kb.key_factors.items()}
    frame["key_factor_title"] = frame["key_factor"].map(titles)
    return frame


def status_counts(actions: pd.DataFrame) -> dict[str, int]:
    order = list(ACTION_STATUSES)
    counts = actions["status"].value_counts()
    return {status: int(counts.get(status, 0)) for status in order if counts.get(status, 0)}
