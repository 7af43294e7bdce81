"""`data/action_plans/<city>.yml`: a learner city's action plan in its versions across the study visits."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from inclucities.kb.schema.common import Number, PartialDate, PeriodRecord, Record, Slug, Text

Version = Literal["draft", "consolidated", "revised"]
VERSIONS: tuple[Version, ...] = ("draft", "consolidated", "revised")
DRAFT: Version = VERSIONS[0]
ActionStatus = Literal["planned", "in-progress", "done", "on-hold", "dropped"]
ACTION_STATUSES: tuple[ActionStatus, ...] = ("planned", "in-progress", "done", "on-hold", "dropped")
FIRST_STATUS: ActionStatus = ACTION_STATUSES[0]  # a new action's status


class Action(PeriodRecord):
    id: Slug
    title: Text
    key_factor: Slug
    inspired_by: Slug | None = None
    lead: Text
    partners: list[Text] = []
    start: PartialDate
    end: PartialDate
    budget: Number | None = Field(default=None, ge=0)
    indicator: Text | None = None
    target: Text | None = None
    status: ActionStatus


class PlanVersion(Record):
    date: PartialDate | None = None
    actions: list[Action] = Field(min_length=1)

    @field_validator("actions")
    @classmethod
    def _unique_ids(cls, actions: list[Action]) -> list[Action]:
        seen: set[str] = set()
        for action in actions:
            if action.id in seen:
                raise PydanticCustomError(
                    "duplicate", "action id {id!r} used twice (allowed: one action per id)", {"id": action.id}
                )
            seen.add(action.id)
        return actions


class ActionPlan(Record):
    city: Slug
    pair: Slug
    versions: dict[Version, PlanVersion] = Field(min_length=1)
