"""`data/assessments/<city>.yml`: a city's self-assessment of key factors on the 0–4 scale, per stage."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from inclucities.schema.common import PartialDate, Record, Slug, Text

Stage = Literal["baseline", "visit-1", "visit-2", "visit-3"]
STAGES: tuple[Stage, ...] = ("baseline", "visit-1", "visit-2", "visit-3")


class Score(Record):
    score: int = Field(ge=0, le=4)
    evidence: Text | None = None


class StageAssessment(Record):
    date: PartialDate | None = None
    scores: dict[Slug, Score] = Field(min_length=1)


class Assessment(Record):
    city: Slug
    stages: dict[Stage, StageAssessment] = Field(min_length=1)
