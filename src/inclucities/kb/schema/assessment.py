"""`data/assessments/<city>.yml`: a city's self-assessment of key factors on the 0–4 scale, per stage."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from inclucities.kb.schema.common import PartialDate, Record, Slug, Text, WholeNumber
from inclucities.kb.schema.framework import SCORES, TOP_SCORE

Stage = Literal["baseline", "visit-1", "visit-2", "visit-3"]
STAGES: tuple[Stage, ...] = ("baseline", "visit-1", "visit-2", "visit-3")
BASELINE: Stage = STAGES[0]  # the stage matching and the needs assessment read


class Score(Record):
    """The score of one key factor at one stage."""

    score: WholeNumber = Field(ge=SCORES[0], le=TOP_SCORE, description="A whole number on the framework's 0–4 scale.")
    evidence: Text | None = Field(default=None, description="What the score rests on.")


class StageAssessment(Record):
    """The self-assessment at one stage."""

    date: PartialDate | None = Field(default=None, description="When the stage was assessed.")
    scores: dict[Slug, Score] = Field(
        min_length=1,
        description="The scores, each under the id of its key factor; a stage may assess any subset of the key factors.",
    )


class Assessment(Record):
    """One city's self-assessment of the key factors on the 0–4 scale, at the baseline and after each study visit."""

    city: Slug = Field(description="The id of the network city that assessed itself, equal to the file name.")
    stages: dict[Stage, StageAssessment] = Field(
        min_length=1,
        description="The self-assessment at each stage: `baseline`, then after study visits 1, 2 and 3 "
        "(`visit-1`, `visit-2`, `visit-3`).",
    )
