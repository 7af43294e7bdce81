"""Turn pydantic's validation errors into the contract's messages: what is wrong and what is allowed."""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from inclucities.kb.files import Loc
from inclucities.kb.schema.common import show


def _not_text(error: ErrorDetails) -> str:
    """A value YAML read as something else than text; quotes would have made it text."""
    value = error["input"]
    hint = " (allowed: text; put the value in quotes)" if isinstance(value, (bool, dt.date)) else ""
    return f"expected text, got {show(value)}{hint}"


def _bound(value: Any) -> str:
    """A limit as a person writes it: 90, not the 90.0 of a float field."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def _expected(error: ErrorDetails) -> str:
    return str(error.get("ctx", {}).get("expected", "")).replace("'", "").replace(" or ", ", ")


# error type → message; each function gets the error and the fields allowed where it happened
MESSAGES: dict[str, Callable[[ErrorDetails, list[str]], str]] = {
    "missing": lambda e, allowed: "required field is missing",
    "extra_forbidden": lambda e, allowed: f"unknown field (allowed: {', '.join(allowed)})" if allowed else "unknown field",
    "literal_error": lambda e, allowed: f"{show(e['input'])} is not allowed (allowed: {_expected(e)})",
    "enum": lambda e, allowed: f"{show(e['input'])} is not allowed (allowed: {_expected(e)})",
    "int_type": lambda e, allowed: f"expected a whole number, got {show(e['input'])}",
    "int_parsing": lambda e, allowed: f"expected a whole number, got {show(e['input'])}",
    "int_from_float": lambda e, allowed: f"expected a whole number, got {show(e['input'])}",
    "int_parsing_size": lambda e, allowed: f"expected a whole number, got {show(e['input'])} (allowed: at most 4300 digits)",
    "bool_not_number": lambda e, allowed: (
        f"expected {e['ctx']['expected']}, got {show(e['input'])} (true and false are not numbers)"
    ),
    "finite_number": lambda e, allowed: f"expected a number, got {show(e['input'])} (allowed: a finite number; not nan or inf)",
    "float_type": lambda e, allowed: f"expected a number, got {show(e['input'])}",
    "float_parsing": lambda e, allowed: f"expected a number, got {show(e['input'])}",
    "bool_type": lambda e, allowed: f"expected true or false, got {show(e['input'])}",
    "bool_parsing": lambda e, allowed: f"expected true or false, got {show(e['input'])}",
    "string_type": lambda e, allowed: _not_text(e),
    "list_type": lambda e, allowed: f"expected a list, got {show(e['input'])}",
    "dict_type": lambda e, allowed: f"expected a mapping of fields, got {show(e['input'])}",
    "model_type": lambda e, allowed: f"expected a mapping of fields, got {show(e['input'])}",
    "model_attributes_type": lambda e, allowed: f"expected a mapping of fields, got {show(e['input'])}",
    "too_short": lambda e, allowed: (
        "must not be empty" if isinstance(e["input"], str) else f"needs at least {e['ctx']['min_length']} item(s)"
    ),
    "string_too_short": lambda e, allowed: "must not be empty",
    "greater_than_equal": lambda e, allowed: f"{show(e['input'])} is too small (allowed: {_bound(e['ctx']['ge'])} or more)",
    "less_than_equal": lambda e, allowed: f"{show(e['input'])} is too large (allowed: {_bound(e['ctx']['le'])} or less)",
    "string_pattern_mismatch": lambda e, allowed: f"{show(e['input'])} has the wrong form (allowed: {e['ctx']['pattern']})",
}


def error_message(error: ErrorDetails, allowed: list[str]) -> str:
    make = MESSAGES.get(error["type"])
    if make is not None:
        return make(error, allowed)
    return error["msg"].removeprefix("Value error, ")


def translate(exc: ValidationError, model: type[BaseModel]) -> list[tuple[Loc, str]]:
    """Each error as (location of the field, message). Keys that fail are reported at the key itself."""
    found: list[tuple[Loc, str]] = []
    for error in exc.errors(include_url=False):
        loc = tuple(part for part in error["loc"] if part != "[key]")
        allowed = fields_at(model, loc[:-1]) if error["type"] == "extra_forbidden" else []
        found.append((loc, error_message(error, allowed)))
    return found


def fields_at(model: Any, loc: Loc) -> list[str]:
    """The field names of the model found by following `loc` through the annotations of `model`."""
    current: Any = model
    for part in loc:
        current = _element(current, part)
        if current is None:
            return []
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _element(annotation: Any, part: str | int) -> Any:
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        field = annotation.model_fields.get(str(part))
        return None if field is None else _unwrap(field.annotation)
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is list and args:
        return _unwrap(args[0])
    if origin is dict and len(args) == 2:
        return _unwrap(args[1])
    return None


def _unwrap(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return _unwrap(options[0]) if len(options) == 1 else annotation
    return annotation
