"""`data/framework.yml`: the scoring scale, themes, benchmarks and their key factors."""

from __future__ import annotations

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from inclucities.kb.schema.common import Record, Slug, Text, WholeNumber

SCORES = (0, 1, 2, 3, 4)  # the self-assessment scale: every framework's levels, in this order
TOP_SCORE = SCORES[-1]
SCALE_RANGE = f"{SCORES[0]}–{TOP_SCORE}"  # as readers see the scale named: 0–4


class ScaleLevel(Record):
    """One level of the self-assessment scale."""

    score: WholeNumber = Field(ge=SCORES[0], le=TOP_SCORE, description="The level's score.")
    label: Text = Field(description="The level's name.")
    description: Text = Field(description="What a key factor scored at this level looks like.")


class Theme(Record):
    """A theme of the framework."""

    id: Slug = Field(description="The theme's id.")
    title: Text = Field(description="The theme's title.")
    description: Text | None = Field(default=None, description="What the theme is about.")


class KeyFactor(Record):
    """A key factor of a benchmark."""

    id: Slug = Field(description="The key factor's id, unique across the whole framework.")
    title: Text = Field(description="The key factor's title.")
    why_how: Text = Field(description="Why the key factor matters and how a city gets there.")
    guiding_questions: list[Text] = Field(min_length=1, description="The questions a city answers to assess itself.")


class Benchmark(Record):
    """A benchmark: a qualitative standard a city assesses itself against and sets goals by."""

    id: Slug = Field(description="The benchmark's id.")
    theme: Slug = Field(description="The id of the theme the benchmark belongs to.")
    statement: Text = Field(description="The standard itself.")
    indicators: list[Text] = Field(default=[], description="Indicators to follow the benchmark by.")
    key_factors: list[KeyFactor] = Field(min_length=1, description="The key factors the benchmark is broken down into.")


class Framework(Record):
    """The 0–4 scale, the themes, and each theme's benchmarks with their key factors and guiding questions."""

    scale: list[ScaleLevel] = Field(
        description="The self-assessment scale: exactly the scores 0, 1, 2, 3, 4, in this order, each with `label` and "
        "`description`."
    )
    themes: list[Theme] = Field(min_length=1, description="The themes; each id once.")
    benchmarks: list[Benchmark] = Field(min_length=1, description="The benchmarks; each id once.")

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
