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
    """One action of an action plan."""

    id: Slug = Field(description="The action's id, the same in every version, so that changes can be followed.")
    title: Text = Field(description="What the action is.")
    key_factor: Slug = Field(description="The id of the key factor it addresses: a key factor of the pair's benchmark.")
    inspired_by: Slug | None = Field(default=None, description="The id of the practice that inspired it.")
    lead: Text = Field(description="Who leads it.")
    partners: list[Text] = Field(default=[], description="Who takes part with the lead.")
    start: PartialDate = Field(description="When it starts.")
    end: PartialDate = Field(description="When it ends; not before `start`.")
    budget: Number | None = Field(default=None, ge=0, description="Its budget, in euros.")
    indicator: Text | None = Field(default=None, description="What shows its progress.")
    target: Text | None = Field(default=None, description="The value of the indicator it aims at.")
    status: ActionStatus = Field(description="Where it stands.")


class PlanVersion(Record):
    """One version of an action plan."""

    date: PartialDate | None = Field(default=None, description="When the version was written.")
    actions: list[Action] = Field(min_length=1, description="The plan's actions; each id once in a version.")

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
    """One learner city's action plan, in its versions across the study visits."""

    city: Slug = Field(description="The id of the learner city whose plan it is, equal to the file name.")
    pair: Slug = Field(description="The id of the pair the plan belongs to; its learner must be `city`.")
    versions: dict[Version, PlanVersion] = Field(
        min_length=1,
        description="The plan after each study visit: `draft` (study visit 1), `consolidated` (visit 2), `revised` (visit 3).",
    )
