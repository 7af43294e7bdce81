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
    score: WholeNumber = Field(ge=SCORES[0], le=TOP_SCORE)
    evidence: Text | None = None


class StageAssessment(Record):
    date: PartialDate | None = None
    scores: dict[Slug, Score] = Field(min_length=1)


class Assessment(Record):
    city: Slug
    stages: dict[Stage, StageAssessment] = Field(min_length=1)
