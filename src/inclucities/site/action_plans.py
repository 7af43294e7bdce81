"""One page per learner city's action plan (the plan as it stands, its budget, timeline and history), and an index."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from inclucities import addresses, layout
from inclucities.analysis.plan_diff import VISITS, FieldChange, HistoryStep, PlanDiff, history, present_versions
from inclucities.analysis.plans import actions_frame
from inclucities.figures.charts import plan_timeline
from inclucities.kb.model import KnowledgeBase
from inclucities.kb.schema.action_plan import ACTION_STATUSES, VERSIONS, Action, ActionPlan, Version
from inclucities.kb.schema.common import PartialDate
from inclucities.kb.schema.network import Pair
from inclucities.markup import markdown as md
from inclucities.site import figures

FIELD_LABELS = {"key_factor": "key factor", "inspired_by": "inspired by"}
NONE = "—"


def euros(amount: float | None) -> str:
    """`8000` → `€8,000`; cents only when there are some."""
    if amount is None:
        return NONE
    return f"€{amount:,.0f}" if float(amount).is_integer() else f"€{amount:,.2f}"


def actions_count(n: int) -> str:
    return f"{n} action" if n == 1 else f"{n} actions"


def status_label(status: str) -> str:
    return status.replace("-", " ")


def _date(value: PartialDate | None) -> str:
    return str(value) if value is not None else "undated"


def _key_factor(kb: KnowledgeBase, kf_id: str) -> str:
    found = kb.key_factors.get(kf_id)
    return md.link(found[1].title, f"#{addresses.key_factor_anchor(kf_id)}") if found else md.text(kf_id)


def _practice(kb: KnowledgeBase, practice_id: str | None) -> str:
    if practice_id is None:
        return NONE
    entry = kb.practices.get(practice_id)
    return md.link(entry.practice.title, f"#{addresses.practice_anchor(practice_id)}") if entry else md.text(practice_id)


def _list(values: list[str]) -> str:
    return md.text(", ".join(values)) if values else NONE


# How a field's value is shown, as Markdown; a field not listed is plain text.
Formatter = Callable[[KnowledgeBase, Any], str]
FORMATTERS: dict[str, Formatter] = {
    "key_factor": _key_factor,
    "inspired_by": _practice,
    "partners": lambda kb, value: _list(value),
    "budget": lambda kb, value: md.text(euros(value)),
    "status": lambda kb, value: md.text(status_label(value)),
}


def show(kb: KnowledgeBase, field: str, value: Any) -> str:
    if field in FORMATTERS:
        return FORMATTERS[field](kb, value)
    return md.text(value) if value is not None else NONE


def describe_change(kb: KnowledgeBase, change: FieldChange) -> str:
    """`end: 2022-06 → 2022-12`; a list of partners says who joined and who left rather than repeating both lists."""
    name = md.text(FIELD_LABELS.get(change.field, change.field))
    if change.field == "partners":
        joined = [p for p in change.after if p not in change.before]
        left = [p for p in change.before if p not in change.after]
        if joined or left:
            parts = ([f"joined {_list(joined)}"] if joined else []) + ([f"left {_list(left)}"] if left else [])
            return f"{name}: {', '.join(parts)}"
    return f"{name}: {show(kb, change.field, change.before)} → {show(kb, change.field, change.after)}"


def _action_item(kb: KnowledgeBase, action: Action, plan: ActionPlan) -> str:
    title = f"**{md.text(action.title)}**"
    if action.illustrative and not plan.illustrative:
        title += " *(illustrative)*"
    details = [
        f"Status: {show(kb, 'status', action.status)}",
        f"Inspired by: {_practice(kb, action.inspired_by)}",
        f"Lead: {md.text(action.lead)}; partners: {_list(action.partners)}",
        f"Dates: {action.start} to {action.end}",
        f"Budget: {md.text(euros(action.budget))}",
        f"Indicator: {show(kb, 'indicator', action.indicator)}; target: {show(kb, 'target', action.target)}",
    ]
    return f"- {title}\n" + "\n".join(f"  - {line}" for line in details)


def _factor_order(kb: KnowledgeBase, pair: Pair | None, actions: list[Action]) -> list[str]:
    """The benchmark's key factors in the framework's order, then any other factor the actions name."""
    benchmark = kb.benchmarks.get(pair.benchmark) if pair else None
    order = [kf.id for kf in benchmark.key_factors] if benchmark else []
    return order + [a.key_factor for a in actions if a.key_factor not in order]


def plan_section(kb: KnowledgeBase, plan: ActionPlan, pair: Pair | None, version: Version) -> str:
    actions = plan.versions[version].actions
    blocks = []
    untouched = []
    for kf_id in dict.fromkeys(_factor_order(kb, pair, actions)):
        grouped = [a for a in actions if a.key_factor == kf_id]
        if not grouped:
            untouched.append(_key_factor(kb, kf_id))
            continue
        blocks.append(f"### {_key_factor(kb, kf_id)}\n\n" + "\n".join(_action_item(kb, a, plan) for a in grouped))
    if untouched:
        blocks.append("No action addresses these key factors of the benchmark yet: " + ", ".join(untouched) + ".")
    return "\n\n".join(blocks)


def budget_table(actions: list[Action]) -> str:
    rows = []
    for status in ACTION_STATUSES:
        chosen = [a for a in actions if a.status == status]
        if chosen:
            total = sum(a.budget or 0 for a in chosen)
            rows.append((md.text(status_label(status)).capitalize(), str(len(chosen)), md.text(euros(total))))
    kept = [a for a in actions if a.status != "dropped"]
    label = "**Total without dropped actions**" if len(kept) < len(actions) else "**Total**"
    rows.append((label, f"**{len(kept)}**", f"**{md.text(euros(sum(a.budget or 0 for a in kept)))}**"))
    uncosted = sum(1 for a in actions if a.budget is None)
    note = f"\n\n{actions_count(uncosted)} without a budget yet count as zero." if uncosted else ""
    return md.table(["Status", "Actions", "Budget"], rows) + note


def status_summary(actions: list[Action]) -> str:
    """`3 planned, 2 in progress, 1 dropped`."""
    counts = [(status, sum(1 for a in actions if a.status == status)) for status in ACTION_STATUSES]
    return ", ".join(f"{n} {status_label(status)}" for status, n in counts if n)


def timeline(kb: KnowledgeBase, plan: ActionPlan, version: Version) -> tuple[str, dict[str, str | bytes]]:
    page = addresses.action_plan_page(plan.city)
    actions = plan.versions[version].actions
    frame = actions_frame(kb, plan.city, version)
    titles = {kf_id: kf.title for kf_id, (_, kf) in kb.key_factors.items()}
    first = min(a.start for a in actions)
    last = max(actions, key=lambda a: a.end.end_key()).end
    name = kb.city_name(plan.city)
    alt_text = (
        f"Timeline of {actions_count(len(actions))} in {name}'s {version} action plan, from {first} to {last}: one bar per "
        f"action from its start to its end, coloured by key factor, with a marker for its status at the end "
        f"({status_summary(actions)})."
    )
    data = pd.DataFrame(
        [
            {
                "action": a.title,
                "key factor": titles.get(a.key_factor, a.key_factor),
                "start": str(a.start),
                "end": str(a.end),
                "status": status_label(a.status),
                "budget": euros(a.budget),
            }
            for a in actions
        ]
    )
    return figures.figure(
        page,
        f"action-plan-{plan.city}",
        plan_timeline(frame, titles),
        alt_text,
        data,
        f"{name}: action plan timeline ({version} version).",
    )


VERSION_NAMES: dict[Version, str] = dict(zip(VERSIONS, ("draft", "consolidated plan", "revised plan"), strict=True))


def _version_name(version: Version) -> str:
    return VERSION_NAMES[version]


def diff_lists(kb: KnowledgeBase, step: HistoryStep) -> str:
    diff: PlanDiff = step.diff
    added = [
        f"- **{md.text(a.title)}** ({_key_factor(kb, a.key_factor)}; {a.start} to {a.end}; {show(kb, 'status', a.status)})"
        for a in diff.added
    ]
    changed = [
        f"- **{md.text(c.action.title)}**: " + "; ".join(describe_change(kb, change) for change in c.changes)
        for c in diff.changed
    ]
    dropped = []
    for d in diff.dropped:
        if d.removed:
            reason = f"left out of the {step.after} version (it was {show(kb, 'status', d.action.status)})"
        else:
            reason = "kept in the plan, marked dropped (" + "; ".join(describe_change(kb, c) for c in d.changes) + ")"
        dropped.append(f"- **{md.text(d.action.title)}**: {reason}")
    blocks = []
    for heading, items in (("Added", added), ("Changed", changed), ("Dropped", dropped)):
        blocks.append(f"**{heading}** ({len(items)})\n\n" + "\n".join(items) if items else f"**{heading}**: none.")
    return "\n\n".join(blocks)


def history_section(kb: KnowledgeBase, plan: ActionPlan) -> str:
    versions = present_versions(plan)
    first = versions[0]
    parts = [
        f"### Study visit {VISITS[first]}: the {_version_name(first)} ({_date(plan.versions[first].date)})",
        f"The {_version_name(first)} set out {actions_count(len(plan.versions[first].actions))}: "
        f"{status_summary(plan.versions[first].actions)}.",
    ]
    steps = history(plan)
    if not steps:
        parts.append(
            f"The plan has only its {first} version so far: there is no earlier or later version to compare it with, so "
            "it has no history yet. The next study visit's version will show here what it added, changed and dropped."
        )
    for step in steps:
        diff = step.diff
        parts += [
            f"### Study visit {step.visit}: the {_version_name(step.after)} ({_date(step.after_date)})",
            f"Compared with the {step.before} version of {_date(step.before_date)}: {actions_count(len(diff.added))} added, "
            f"{len(diff.changed)} changed and {len(diff.dropped)} dropped." + (" Nothing changed." if diff.empty else ""),
            diff_lists(kb, step),
        ]
    return "\n\n".join(parts)


def plan_page(kb: KnowledgeBase, plan: ActionPlan) -> tuple[str, dict[str, str | bytes]]:
    """The page of one plan and the timeline's SVG."""
    pair = kb.pairs.get(plan.pair)
    version = present_versions(plan)[-1]
    current = plan.versions[version]
    name = kb.city_name(plan.city)
    intro = f"{md.link(name, f'#{addresses.city_anchor(plan.city)}')} is a learner city"
    if pair is not None:
        intro += (
            f" of the pair {md.link(f'{kb.city_name(pair.mentor)} → {name}', f'#{addresses.pair_anchor(pair.id)}')}, "
            f"mentored by {md.link(kb.city_name(pair.mentor), f'#{addresses.city_anchor(pair.mentor)}')} on the theme "
            f"{md.link(kb.themes[pair.theme].title, f'#{addresses.theme_anchor(pair.theme)}')}"
        )
    intro += (
        f". Its action plan as it stands is the {version} version ({_date(current.date)}), written at study visit "
        f"{VISITS[version]}: {actions_count(len(current.actions))}, {status_summary(current.actions)}."
    )
    figure, files = timeline(kb, plan, version)
    parts = [
        md.label(addresses.action_plan_anchor(plan.city)),
        f"# Action plan of {md.text(name)}",
        md.illustrative_note("action plan") if plan.illustrative else "",
        intro,
        "## The plan as it stands",
        "Actions are grouped by the key factor of the benchmark they work on.",
        plan_section(kb, plan, pair, version),
        "## Budget by status",
        budget_table(current.actions),
        "## Timeline",
        figure,
        "## History over the study visits",
        "What each study visit added to the plan, changed in it and dropped from it. An action is dropped when it is "
        "left out of the next version or marked `dropped` in it.",
        history_section(kb, plan),
        "## Sources\n\n" + md.sources(plan.sources) if plan.sources else "",
        md.provenance(
            [layout.action_plan_file(plan.city), layout.NETWORK_FILE, layout.FRAMEWORK_FILE, layout.folder(layout.PRACTICES)]
        ),
    ]
    return "\n\n".join(part for part in parts if part) + "\n", files


def _learners_with_plans(kb: KnowledgeBase) -> list[ActionPlan]:
    return [kb.action_plans[c.id] for c in kb.network.cities if c.id in kb.action_plans]


def index_page(kb: KnowledgeBase) -> str:
    plans = _learners_with_plans(kb)
    rows = []
    for plan in plans:
        pair = kb.pairs.get(plan.pair)
        version = present_versions(plan)[-1]
        actions = plan.versions[version].actions
        city = md.link(kb.city_name(plan.city), f"#{addresses.action_plan_anchor(plan.city)}")
        if plan.illustrative:
            city += " *(illustrative)*"
        rows.append(
            (
                city,
                md.link(f"{kb.city_name(pair.mentor)} → {kb.city_name(pair.learner)}", f"#{addresses.pair_anchor(pair.id)}")
                if pair
                else md.text(plan.pair),
                md.link(kb.city_name(pair.mentor), f"#{addresses.city_anchor(pair.mentor)}") if pair else NONE,
                md.text(f"{version} ({_date(plan.versions[version].date)})"),
                str(len(actions)),
                md.text(euros(sum(a.budget or 0 for a in actions if a.status != "dropped"))),
            )
        )
    listing = (
        md.table(["Learner city", "Pair", "Mentor", "Plan as it stands", "Actions", "Budget (without dropped)"], rows)
        if rows
        else "This knowledge base has no action plan yet."
    )
    parts = [
        md.label("action-plans"),
        "# Action plans",
        "Each learner city drafts an action plan at the first study visit, consolidates it at the second and revises "
        "it at the third. Every action works on a key factor of the pair's benchmark and may adapt a practice of the "
        "mentor city or of the catalogue. Each page shows the plan as it stands and what every study visit changed.",
        listing,
        md.provenance([layout.folder(layout.ACTION_PLANS), layout.NETWORK_FILE]),
    ]
    return "\n\n".join(parts) + "\n"


def pages(kb: KnowledgeBase) -> dict[str, str | bytes]:
    generated: dict[str, str | bytes] = {addresses.ACTION_PLANS_PAGE: index_page(kb)}
    for plan in _learners_with_plans(kb):
        page, files = plan_page(kb, plan)
        generated[addresses.action_plan_page(plan.city)] = page
        generated.update(files)
    return generated
