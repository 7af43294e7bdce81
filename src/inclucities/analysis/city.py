"""A city's own data analysed against a knowledge base: mentors, practices and an action-plan draft.

Nothing is written into the knowledge base: `city_view` returns a copy of it with the city added to the
network (a learner by default) and its self-assessment as the `baseline` stage, and every analysis of the kit
runs on that copy as it does on the network's own cities.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from dataclasses import dataclass
from typing import Any

import pandas as pd

from inclucities.analysis.matching import describe_leads, leads, theme_compatibility
from inclucities.analysis.recommend import rank_practices
from inclucities.analysis.scores import baseline_matrix
from inclucities.kb.city import CityFolder
from inclucities.kb.model import KnowledgeBase
from inclucities.kb.schema.action_plan import ACTION_STATUSES, DRAFT, FIRST_STATUS, ActionPlan
from inclucities.kb.schema.assessment import BASELINE, Assessment
from inclucities.kb.schema.indicator import IndicatorValue
from inclucities.kb.schema.network import City
from inclucities.markup.text import quote

MIN_GAPS, MAX_GAPS = 3, 5  # the action-plan draft covers the 3–5 largest gaps
MIN_CITIES_IN_DISTRIBUTION = 10  # a spread over fewer cities (e.g. an export of the city alone) places nobody
PLACEHOLDER = "PLACEHOLDER"
MENTOR_COLUMNS = ["rank", "mentor", "mentor_name", "country", "theme", "compatibility", "why"]
GAP_COLUMNS = ["key_factor", "key_factor_title", "score", "gap"]
PRACTICE_COLUMNS = ["key_factor", "key_factor_title", "gap", "rank", "practice", "title", "place", "illustrative", "reason"]


def city_view(kb: KnowledgeBase, folder: CityFolder) -> KnowledgeBase:
    """A copy of `kb` with the folder's city in the network, its assessment, services and statistics.

    A city of the network with the same id is replaced by the folder's: the city's own data wins.
    """
    info = folder.city
    city = City(
        id=info.id,
        name=info.name,
        country=info.country,
        role=info.role,
        population=info.population,
        association=info.association or "its national association of local governments",
        eurostat_code=info.eurostat_code,
        languages=info.languages,
        illustrative=info.illustrative,
    )
    cities = [c for c in kb.network.cities if c.id != city.id] + [city]
    network = kb.network.model_copy(update={"cities": cities})
    baseline: dict[str, object] = {
        "scores": {s.key_factor: {"score": s.score, **({"evidence": s.evidence} if s.evidence else {})} for s in folder.scores}
    }
    if info.assessment_date is not None:
        baseline["date"] = info.assessment_date
    assessment = Assessment.model_validate({"city": city.id, "illustrative": info.illustrative, "stages": {BASELINE: baseline}})
    indicators = [row for row in kb.indicators if row.city != city.id] + context_indicators(kb, folder)
    known = {(row.indicator, row.year) for row in kb.distributions}
    extra = [
        row for row in folder.distributions if (row.indicator, row.year) not in known and row.cities >= MIN_CITIES_IN_DISTRIBUTION
    ]
    services = dict(kb.services)
    if folder.services:
        services[city.id] = folder.services
    return dataclasses.replace(
        kb,
        network=network,
        assessments={**kb.assessments, city.id: assessment},
        action_plans={k: v for k, v in kb.action_plans.items() if k != city.id},
        services=services,
        indicators=indicators,
        distributions=[*kb.distributions, *extra],
    )


def context_indicators(kb: KnowledgeBase, folder: CityFolder) -> list[IndicatorValue]:
    """The city's statistics: from its own Eurostat exports, else the knowledge base's for its Urban Audit code."""
    if folder.indicators:
        return list(folder.indicators)
    code = folder.city.eurostat_code
    same_code = [c.id for c in kb.network.cities if code and c.eurostat_code == code]
    if not same_code:
        return []
    return [row.model_copy(update={"city": folder.city.id}) for row in kb.indicators if row.city == same_code[0]]


# --- gaps, mentors, practices --------------------------------------------------------------------------------------


def gaps(view: KnowledgeBase, folder: CityFolder) -> pd.DataFrame:
    """Every scored key factor with its gap (4 − score), largest first, then in framework order."""
    order = {kf: i for i, kf in enumerate(view.key_factors)}
    rows = [
        {
            "key_factor": s.key_factor,
            "key_factor_title": view.key_factors[s.key_factor][1].title,
            "score": s.score,
            "gap": view.framework.top - s.score,
        }
        for s in folder.scores
    ]
    frame = pd.DataFrame(rows, columns=GAP_COLUMNS)
    frame["order"] = frame["key_factor"].map(order)
    return frame.sort_values(["gap", "order"], ascending=[False, True], ignore_index=True).drop(columns="order")


def largest_gaps(gap_table: pd.DataFrame) -> pd.DataFrame:
    """The 3 largest gaps and any tied with the third, at most 5; a key factor already at 4 is no gap."""
    open_gaps = gap_table[gap_table["gap"] > 0]
    if len(open_gaps) <= MIN_GAPS:
        return open_gaps.reset_index(drop=True)
    threshold = open_gaps["gap"].iloc[MIN_GAPS - 1]
    return open_gaps[open_gaps["gap"] >= threshold].head(MAX_GAPS).reset_index(drop=True)


def suggested_mentors(view: KnowledgeBase, folder: CityFolder) -> pd.DataFrame:
    """The network's mentors ranked by compatibility with the city on its theme, and why."""
    city = folder.city.id
    baseline = baseline_matrix(view)
    compat = theme_compatibility(view, baseline)
    mine = compat[(compat["learner"] == city) & (compat["theme"] == folder.theme) & (compat["mentor"] != city)]
    mine = mine.sort_values(["compatibility", "mentor"], ascending=[False, True], ignore_index=True)
    rows = []
    for rank, (mentor, compatibility) in enumerate(zip(mine["mentor"], mine["compatibility"], strict=True), start=1):
        rows.append(
            {
                "rank": rank,
                "mentor": mentor,
                "mentor_name": view.city_name(mentor),
                "country": view.cities[mentor].country,
                "theme": folder.theme,
                "compatibility": round(float(compatibility), 2),
                "why": mentor_reason(view, baseline, mentor, folder),
            }
        )
    return pd.DataFrame(rows, columns=MENTOR_COLUMNS)


def mentor_reason(view: KnowledgeBase, baseline: pd.DataFrame, mentor: str, folder: CityFolder) -> str:
    """Where the mentor is ahead of the city, where the city needs it most first, and its practices there."""
    found = leads(view, baseline, mentor, folder.city.id, [kf.id for kf in folder.benchmark.key_factors])
    reason = describe_leads(found, view.city_name(mentor), folder.city.name)
    factors = {lead.key_factor for lead in found}
    practices = sorted(
        (e.practice for e in view.practices.values() if e.practice.city == mentor and factors & set(e.practice.key_factors)),
        key=lambda p: p.id,
    )
    if practices:
        reason += "; its practices there: " + ", ".join(quote(p.title) for p in practices[:3])
    return reason


def practices_for_gaps(view: KnowledgeBase, folder: CityFolder, gap_table: pd.DataFrame, mentor: str | None) -> pd.DataFrame:
    """For each of the largest gaps, the practices that address it (the suggested mentor's first on a tie)."""
    frames = []
    for key_factor, title, gap in zip(gap_table["key_factor"], gap_table["key_factor_title"], gap_table["gap"], strict=True):
        ranked = rank_practices(view, {key_factor: float(gap)}, exclude_city=folder.city.id, prefer_city=mentor, top=3)
        if ranked.empty:
            continue
        frames.append(ranked.assign(key_factor=key_factor, key_factor_title=title, gap=gap))
    if not frames:
        return pd.DataFrame(columns=PRACTICE_COLUMNS)
    return pd.concat(frames, ignore_index=True)[PRACTICE_COLUMNS]


# --- the action-plan draft -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    """The action-plan draft as data (validated) and as the commented YAML the city edits."""

    data: dict[str, object]
    text: str


def action_plan_draft(
    view: KnowledgeBase, folder: CityFolder, gap_table: pd.DataFrame, practices: pd.DataFrame, mentor: str | None, today: dt.date
) -> Draft:
    """One planned action per large gap, inspired by the top practice for it; dates, lead and budget to fill in."""
    city = folder.city
    start_year = (folder.city.assessment_date.year if folder.city.assessment_date else today.year) + 1
    pair = f"{mentor}-{city.id}" if mentor else f"{city.id}-pair"
    actions = []
    for gap in gap_table.itertuples():
        top = practices[practices["key_factor"] == gap.key_factor].head(1)
        action: dict[str, object] = {
            "id": gap.key_factor,
            "title": f"Improve {quote(gap.key_factor_title)} (score {gap.score} of {view.framework.top})",
            "key_factor": gap.key_factor,
        }
        if not top.empty:
            action["inspired_by"] = str(top["practice"].iloc[0])
            action["title"] = f"Adapt {quote(top['title'].iloc[0])} to improve {quote(gap.key_factor_title)}"
        action.update(
            {
                "lead": f"{PLACEHOLDER}: the department that leads the action",
                "partners": [f"{PLACEHOLDER}: a partner organisation"],
                "start": f"{start_year}-01",
                "end": f"{start_year}-12",
                "indicator": f"{PLACEHOLDER}: what you will count to follow the action",
                "target": f"{PLACEHOLDER}: the value you aim for",
                "status": FIRST_STATUS,
            }
        )
        actions.append(action)
    version: dict[str, Any] = {"actions": actions}
    if city.assessment_date is not None:
        version["date"] = str(city.assessment_date)
    data: dict[str, object] = {"city": city.id, "pair": pair, "illustrative": False, "versions": {DRAFT: version}}
    ActionPlan.model_validate(data)  # the draft is a valid action plan as it stands
    return Draft(data, draft_yaml(view, folder, data, version, mentor))


def draft_yaml(
    view: KnowledgeBase, folder: CityFolder, data: dict[str, object], version: dict[str, Any], mentor: str | None
) -> str:
    """The draft as YAML with comments saying what to edit; strings are JSON-quoted, which YAML reads as is."""
    city = folder.city
    benchmark = folder.benchmark
    lines = [
        f"# Action-plan draft for {city.name}, written by `inclucities analyse` from its self-assessment.",
        f"# Theme: {view.themes[folder.theme].title}. Benchmark: {benchmark.statement}",
        "# One action per key factor with the largest gap, each inspired by the practice that best addresses it.",
        f"# Replace every {PLACEHOLDER} text; the dates and the budget are placeholders too: set your own.",
        "# To add the plan to a knowledge base: save it as data/action_plans/<city>.yml, add the city to",
        "# data/network.yml (cities) and a pair with the id below (pairs: id, mentor, learner, theme, benchmark).",
    ]
    if mentor:
        lines.append(
            f"# Suggested pair: mentor {mentor} ({view.city_name(mentor)}), learner {city.id}, theme {folder.theme}, benchmark {benchmark.id}."
        )
    lines += [
        f"city: {city.id}",
        f"pair: {data['pair']}",
        "illustrative: false",
        "versions:",
        f"  {DRAFT}:",
    ]
    if "date" in version:
        lines.append(f"    date: {version['date']}")
    lines.append("    actions:")
    for action in version["actions"]:
        lines.append(f"      - id: {action['id']}")
        for key in ("title", "key_factor", "inspired_by", "lead"):
            if key in action:
                lines.append(f"        {key}: {json.dumps(action[key], ensure_ascii=False)}")
        lines.append("        partners: [" + ", ".join(json.dumps(p, ensure_ascii=False) for p in action["partners"]) + "]")
        lines.append(f"        start: {action['start']}  # {PLACEHOLDER}: YYYY, YYYY-MM or YYYY-MM-DD")
        lines.append(f"        end: {action['end']}  # {PLACEHOLDER}")
        lines.append(f"        # budget: 0  # {PLACEHOLDER}: euros; remove the # to give one")
        for key in ("indicator", "target"):
            lines.append(f"        {key}: {json.dumps(action[key], ensure_ascii=False)}")
        lines.append(f"        status: {FIRST_STATUS}  # {', '.join(ACTION_STATUSES)}")
    return "\n".join(lines) + "\n"


# --- everything together ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CityAnalysis:
    """Everything `analyse` reports about a city, computed by `analyse_city` alone."""

    view: KnowledgeBase
    theme: str
    gaps: pd.DataFrame
    largest_gaps: pd.DataFrame
    mentors: pd.DataFrame
    practices: pd.DataFrame
    draft: Draft
    folder: CityFolder
    date: dt.date  # the report's date (see `report_date`)


def report_date(folder: CityFolder) -> dt.date:
    """The date a report carries: SOURCE_DATE_EPOCH when set (reproducible builds), else the day the newest of the
    city's files was saved, never the clock, so that the same files give the same report."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    times = [path.stat().st_mtime for path in folder.files if path.is_file()]
    if not times:
        return dt.date(1970, 1, 1)
    return dt.datetime.fromtimestamp(max(times), tz=dt.UTC).date()


def analyse_city(kb: KnowledgeBase, folder: CityFolder, today: dt.date | None = None) -> CityAnalysis:
    view = city_view(kb, folder)
    gap_table = gaps(view, folder)
    largest = largest_gaps(gap_table)
    if largest.empty:  # every key factor at 4: the draft still has one action to edit (a plan needs one)
        largest = gap_table.head(1)
    mentors = suggested_mentors(view, folder)
    top_mentor = str(mentors["mentor"].iloc[0]) if not mentors.empty and mentors["compatibility"].iloc[0] > 0 else None
    practices = practices_for_gaps(view, folder, largest, top_mentor)
    date = today or report_date(folder)
    draft = action_plan_draft(view, folder, largest, practices, top_mentor, date)
    return CityAnalysis(view, folder.theme, gap_table, largest, mentors, practices, draft, folder, date)
