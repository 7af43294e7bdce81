"""`toolkits/<id>.yml`: the recipe of one integrated toolkit (the key factors come from the framework)."""

from __future__ import annotations

from pydantic import Field

from inclucities.kb.schema.common import Record, Slug, Text


class AdditionalFactor(Record):
    """A factor of the local context that shapes the key factors."""

    title: Text = Field(description="The factor's name.")
    description: Text = Field(description="How it shapes the key factors.")


class Toolkit(Record):
    """One integrated toolkit: a chapter of the guide on a theme. Its key factors, guiding questions and templates
    are taken from the framework, never copied."""

    id: Slug = Field(description="The toolkit's id, equal to the file name.")
    theme: Slug = Field(description="The id of the theme the toolkit covers.")
    benchmark: Slug = Field(description="The id of the toolkit's benchmark; it must belong to `theme`.")
    title: Text = Field(description="The toolkit's title.")
    intro: Text = Field(description="The toolkit's introduction.")
    mentor_practices: list[Slug] = Field(default=[], description="The ids of the practices shown first.")
    additional_factors: list[AdditionalFactor] = Field(default=[], description="The local context that shapes the key factors.")
