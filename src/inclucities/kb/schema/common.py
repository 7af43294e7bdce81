"""Types shared by every record: ids, codes, dates, URLs, sources and the record base class."""

from __future__ import annotations

import datetime as dt
import re
from functools import total_ordering
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError, core_schema

from inclucities.kb.schema.codes import COUNTRIES, LANGUAGES

SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
SLUG_RULE = "lowercase letters, digits and hyphens, starting with a letter or digit"
URL = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
PHONE = re.compile(r"\+?[0-9][0-9 ()./-]{5,}")
NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")


def _text(value: Any) -> Any:
    # numbers written without quotes in YAML are still acceptable text
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


def show(value: Any) -> str:
    """A value as its author wrote it: `true`, not Python's `True`; `2021-02-03`, not `datetime.date(2021, 2, 3)`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and value.bit_length() > 14_000:
        return "a number of more than 4000 digits"  # repr() of a number of more than 4300 digits raises
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _not_bool(expected: str) -> Any:
    def check(value: Any) -> Any:
        # YAML's `true` is Python's True, which is also the number 1: a number field would take it silently
        if isinstance(value, bool):
            raise PydanticCustomError(
                "bool_not_number", "expected {expected}, got {value}", {"expected": expected, "value": value}
            )
        return value

    return check


def _slug(value: Any) -> str:
    if not isinstance(value, str) or not SLUG.fullmatch(value):
        raise PydanticCustomError(
            "slug", "{value} is not a valid id (allowed: {rule})", {"value": show(value), "rule": SLUG_RULE}
        )
    return value


def _country(value: Any) -> str:
    if not isinstance(value, str) or value not in COUNTRIES:
        raise PydanticCustomError(
            "country",
            "{value} is not a country code (allowed: ISO 3166 alpha-2 in capitals, e.g. BE, FR, LV)",
            {"value": show(value)},
        )
    return value


def _language(value: Any) -> str:
    if not isinstance(value, str) or value not in LANGUAGES:
        raise PydanticCustomError(
            "language",
            "{value} is not a language code (allowed: ISO 639-1 in lowercase, e.g. fr, nl, ar)",
            {"value": show(value)},
        )
    return value


def _url(value: Any) -> str:
    if not isinstance(value, str) or not URL.fullmatch(value):
        raise PydanticCustomError(
            "url", "{value} is not a web address (allowed: http:// or https:// followed by a host)", {"value": show(value)}
        )
    return value


def split_list(value: Any) -> Any:
    """'fr; nl en' → ['fr', 'nl', 'en']: lists may be written as text in CSV cells."""
    if isinstance(value, str):
        return [part for part in re.split(r"[;,\s]+", value) if part]
    return value


def parse_number(text: str) -> float | None:
    """`3`, `3.0`, `3,0`, `"3"`, `' 3 '` → 3.0; anything else → None."""
    cleaned = text.strip().strip("\"'").strip()
    if not NUMBER.fullmatch(cleaned):
        return None
    return float(cleaned.replace(",", "."))


def parse_whole_number(text: str) -> int | None:
    """A whole number written as `3`, `3.0` or `3,0`, or with thousands separators (`24 000`, `24.000`, `24,000`)."""
    cleaned = text.strip().strip("\"'").strip()
    if re.fullmatch(r"\d{1,3}([ \u00a0\u202f.,']\d{3})+", cleaned):
        return int(re.sub(r"\D", "", cleaned))
    number = parse_number(cleaned)
    return int(number) if number is not None and number.is_integer() else None


# Every number of the contract: `true` and `false` are not numbers, and neither are `.nan` and `.inf` (or `nan`
# and `inf` in a CSV cell), which no statistic, score or budget can be.
WholeNumber = Annotated[int, BeforeValidator(_not_bool("a whole number"))]
Number = Annotated[float, Field(allow_inf_nan=False), BeforeValidator(_not_bool("a number"))]
Slug = Annotated[str, BeforeValidator(_slug)]
Country = Annotated[str, BeforeValidator(_country)]
Language = Annotated[str, BeforeValidator(_language)]
Url = Annotated[str, BeforeValidator(_url)]
Text = Annotated[str, BeforeValidator(_text), Field(min_length=1)]
Languages = Annotated[list[Language], BeforeValidator(split_list)]


@total_ordering
class PartialDate:
    """A date known to the year, the month or the day: `2021`, `2021-05`, `2021-05-17`."""

    PATTERN = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")

    def __init__(self, year: int, month: int | None = None, day: int | None = None):
        self.year, self.month, self.day = year, month, day

    @classmethod
    def parse(cls, value: Any) -> PartialDate:
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
            return cls(value)
        match = cls.PATTERN.fullmatch(value.strip()) if isinstance(value, str) else None
        if match:
            year = int(match[1])  # the year is the one part the pattern requires
            month, day = (int(part) if part else None for part in (match[2], match[3]))
            try:
                dt.date(year, month or 1, day or 1)
            except ValueError:
                match = None
            else:
                return cls(year, month, day)
        raise PydanticCustomError("date", "{value} is not a date (allowed: YYYY, YYYY-MM or YYYY-MM-DD)", {"value": show(value)})

    def key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 1, self.day or 1)

    def end_key(self) -> tuple[int, int, int]:
        """The last day the date can mean: `2021` ends on 2021-12-31 for ordering checks."""
        return (self.year, self.month or 12, self.day or 31)

    def as_date(self) -> dt.date:
        return dt.date(*self.key())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PartialDate) and (self.year, self.month, self.day) == (other.year, other.month, other.day)

    def __lt__(self, other: PartialDate) -> bool:
        return self.key() < other.key()

    def __hash__(self) -> int:
        return hash((self.year, self.month, self.day))

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
            if self.day:
                text += f"-{self.day:02d}"
        return text

    __repr__ = __str__

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(cls.parse, serialization=core_schema.to_string_ser_schema())


def check_order(start: PartialDate | None, end: PartialDate | None) -> None:
    """Raise a precise error when `end` comes before `start` (a year-only end covers the whole year)."""
    if start is not None and end is not None and end.end_key() < start.key():
        raise PydanticCustomError("date_order", "ends {end}, before it starts ({start})", {"end": str(end), "start": str(start)})


class Source(BaseModel):
    """A source of a record's facts."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: Text = Field(description="The source's title.")
    url: Url | None = Field(default=None, description="Where the source can be read: an `http(s)` address.")
    accessed: PartialDate | None = Field(default=None, description="The date the source was read.")


class Record(BaseModel):
    """Each file, and each record inside one, may carry these fields besides its own; an unknown field is an error,
    as it is usually a typo."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    illustrative: bool = Field(
        default=False,
        description="`true` marks a record, or a part of one, that was invented for a demonstration: the guide shows an "
        '"Illustrative example" note on it. Anything that is not a sourced fact must carry it.',
    )
    sources: list[Source] = Field(
        default=[],
        description="Where the record's facts come from. A good practice that is not illustrative must cite at least "
        "one source with a `url`.",
    )


class PeriodRecord(Record):
    """A record with a `start` and an `end` (declared in that order): the end may not come before the start."""

    @field_validator("end", check_fields=False)
    @classmethod
    def _end_after_start(cls, end: PartialDate | None, info: ValidationInfo) -> PartialDate | None:
        check_order(info.data.get("start"), end)
        return end
