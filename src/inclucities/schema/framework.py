"""`data/framework.yml`: the scoring scale, themes, benchmarks and their key factors."""

from __future__ import annotations

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from inclucities.schema.common import Record, Slug, Text

SCORES = (0, 1, 2, 3, 4)


class ScaleLevel(Record):
    score: int = Field(ge=0, le=4)
    label: Text
    description: Text


class Theme(Record):
    id: Slug
    title: Text
    description: Text | None = None


class KeyFactor(Record):
    id: Slug
    title: Text
    why_how: Text
    guiding_questions: list[Text] = Field(min_length=1)


class Benchmark(Record):
    id: Slug
    theme: Slug
    statement: Text
    indicators: list[Text] = []
    key_factors: list[KeyFactor] = Field(min_length=1)


class Framework(Record):
    scale: list[ScaleLevel]
    themes: list[Theme] = Field(min_length=1)
    benchmarks: list[Benchmark] = Field(min_length=1)

    @field_validator("scale")
    @classmethod
    def _whole_scale(cls, scale: list[ScaleLevel]) -> list[ScaleLevel]:
        scores = tuple(level.score for level in scale)
        if scores != SCORES:
            raise PydanticCustomError(
                "scale", "the scale lists scores {found} (allowed: exactly 0, 1, 2, 3, 4 in this order)", {"found": list(scores)}
            )
        return scale
