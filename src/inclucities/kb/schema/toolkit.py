"""`toolkits/<id>.yml`: the recipe of one integrated toolkit (the key factors come from the framework)."""

from __future__ import annotations

from inclucities.kb.schema.common import Record, Slug, Text


class AdditionalFactor(Record):
    title: Text
    description: Text


class Toolkit(Record):
    id: Slug
    theme: Slug
    benchmark: Slug
    title: Text
    intro: Text
    mentor_practices: list[Slug] = []
    additional_factors: list[AdditionalFactor] = []
