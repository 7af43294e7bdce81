"""What changed in a learner city's action plan from one study visit to the next.

Actions keep their id across versions (the data contract asks for it), so two versions are compared action by
action: an id that appears is an added action, one that disappears or whose status turns to `dropped` is a dropped
action, and one whose fields differ is a changed action.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from inclucities.kb.schema.action_plan import VERSIONS, Action, ActionPlan, PlanVersion, Version
from inclucities.kb.schema.common import PartialDate

# The fields compared, in the order a reader expects them (the order of the data contract).
FIELDS: tuple[str, ...] = (
    "title",
    "key_factor",
    "inspired_by",
    "lead",
    "partners",
    "start",
    "end",
    "budget",
    "indicator",
    "target",
    "status",
)

# The method: the draft is written at study visit 1, consolidated at visit 2 and revised at visit 3.
VISITS: dict[Version, int] = {version: visit for visit, version in enumerate(VERSIONS, start=1)}  # the study visit that made it


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class ChangedAction:
    action: Action  # as it is in the later version
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class DroppedAction:
    action: Action  # as it was last seen: in the later version if it was marked dropped there, else the earlier one
    removed: bool  # True: left out of the later version; False: kept with its status set to `dropped`
    changes: tuple[FieldChange, ...] = ()  # every field that changed, the status included, when it was marked dropped


@dataclass(frozen=True)
class PlanDiff:
    added: tuple[Action, ...]
    changed: tuple[ChangedAction, ...]
    dropped: tuple[DroppedAction, ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.dropped)


@dataclass(frozen=True)
class HistoryStep:
    before: Version
    after: Version
    before_date: PartialDate | None
    after_date: PartialDate | None
    diff: PlanDiff

    @property
    def visit(self) -> int:
        """The study visit that produced the later version."""
        return VISITS[self.after]


def field_changes(before: Action, after: Action) -> tuple[FieldChange, ...]:
    """Every compared field whose value differs between two versions of the same action."""
    return tuple(
        FieldChange(name, getattr(before, name), getattr(after, name))
        for name in FIELDS
        if getattr(before, name) != getattr(after, name)
    )


def diff_versions(before: PlanVersion, after: PlanVersion) -> PlanDiff:
    """Added, changed and dropped actions from `before` to `after`, each in the order of the version it is read from."""
    earlier = {action.id: action for action in before.actions}
    later = {action.id: action for action in after.actions}
    added = tuple(action for action in after.actions if action.id not in earlier)
    changed: list[ChangedAction] = []
    dropped: list[DroppedAction] = []
    for action in after.actions:
        old = earlier.get(action.id)
        if old is None:
            continue
        changes = field_changes(old, action)
        if not changes:
            continue
        if action.status == "dropped" and old.status != "dropped":
            dropped.append(DroppedAction(action, removed=False, changes=changes))
        else:
            changed.append(ChangedAction(action, changes))
    # An action already marked dropped that is then left out was dropped at the earlier visit, not this one.
    dropped += [
        DroppedAction(action, removed=True) for action in before.actions if action.id not in later and action.status != "dropped"
    ]
    return PlanDiff(added, tuple(changed), tuple(dropped))


def present_versions(plan: ActionPlan) -> list[Version]:
    """The versions a plan has, in the order of the study visits."""
    return [version for version in VERSIONS if version in plan.versions]


def history(plan: ActionPlan) -> list[HistoryStep]:
    """One step per pair of consecutive versions present (draft → consolidated, consolidated → revised)."""
    return [
        HistoryStep(
            before=before,
            after=after,
            before_date=plan.versions[before].date,
            after_date=plan.versions[after].date,
            diff=diff_versions(plan.versions[before], plan.versions[after]),
        )
        for before, after in pairwise(present_versions(plan))
    ]
