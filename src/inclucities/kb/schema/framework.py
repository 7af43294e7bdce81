"""`data/framework.yml`: the scoring scale, themes, benchmarks and their key factors."""

from __future__ import annotations

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from inclucities.kb.schema.common import Record, Slug, Text, WholeNumber

SCORES = (0, 1, 2, 3, 4)  # the self-assessment scale: every framework's levels, in this order
TOP_SCORE = SCORES[-1]
SCALE_RANGE = f"{SCORES[0]}–{TOP_SCORE}"  # as readers see the scale named: 0–4


class ScaleLevel(Record):
    score: WholeNumber = Field(ge=SCORES[0], le=TOP_SCORE)
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

    @property
    def top(self) -> int:
        """The highest score of the scale: a key factor scored so has no gap left."""
        return self.scale[-1].score

    @field_validator("scale")
    @classmethod
    def _whole_scale(cls, scale: list[ScaleLevel]) -> list[ScaleLevel]:
        scores = tuple(level.score for level in scale)
        if scores != SCORES:
            raise PydanticCustomError(
                "scale", "the scale lists scores {found} (allowed: exactly 0, 1, 2, 3, 4 in this order)", {"found": list(scores)}
            )
        return scale
