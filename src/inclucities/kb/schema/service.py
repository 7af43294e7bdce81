"""`data/services/<city>.csv`: one row of a city's one-stop-shop directory."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, get_args

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from inclucities.kb.schema.common import EMAIL, PHONE, Languages, Record, Text, Url

Category = Literal[
    "reception", "language-courses", "legal-advice", "housing", "health", "employment", "education", "social",
    "family", "leisure",
]  # fmt: skip
CATEGORIES: tuple[str, ...] = get_args(Category)


def _contact(value: Any) -> Any:
    """Contact is one or more e-mail addresses or phone numbers, separated by ';' or ','."""
    if not isinstance(value, str):
        return value
    for part in (piece.strip() for piece in re.split(r"[;,]", value)):
        valid = EMAIL.fullmatch(part) if "@" in part else PHONE.fullmatch(part)
        if part and not valid:
            kind = "e-mail address" if "@" in part else "phone number"
            raise PydanticCustomError(
                "contact",
                "{part} is not a valid {kind} (allowed: e-mail addresses like name@example.org or phone numbers like +32 2 000 00 00, separated by ';' or ',')",
                {"part": repr(part), "kind": kind},
            )
    return value


def _flag(value: Any) -> Any:
    if isinstance(value, str) and value.strip().lower() in {"", "false", "no", "0"}:
        return False
    if isinstance(value, str) and value.strip().lower() in {"true", "yes", "1"}:
        return True
    return value


Contact = Annotated[str, BeforeValidator(_contact)]


class Service(Record):
    """One service of a city's one-stop-shop directory: a CSV file (comma-separated, UTF-8, with a header row) named
    after a network city, one service per row."""

    category: Category = Field(description="The kind of service.")
    name: Text = Field(description="The service's name.")
    description: Text = Field(description="What it offers.")
    address: Text | None = Field(default=None, description="Where it is.")
    contact: Contact | None = Field(default=None, description="E-mail addresses or phone numbers, separated by `;` or `,`.")
    url: Url | None = Field(default=None, description="Its web page: an `http(s)` address.")
    languages: Languages = Field(default=[], description="The languages spoken, as ISO 639-1 codes separated by `;` or spaces.")
    cost: Text | None = Field(default=None, description="What it costs.")
    opening_hours: Text | None = Field(default=None, description="When it is open.")
    illustrative: Annotated[bool, BeforeValidator(_flag)] = Field(
        default=False,
        description="`true` for an invented entry (`yes` and `1` also mean true; `false`, `no`, `0` or an empty cell, false).",
    )


def clean_row(row: dict[str, str]) -> dict[str, str]:
    """Empty cells mean 'not given'."""
    return {key: value for key, value in row.items() if value is not None and not re.fullmatch(r"\s*", value)}
