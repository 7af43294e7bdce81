"""Plain-text helpers shared by the Markdown pages, the notebook reports and the city report."""

from __future__ import annotations

import re

# A title may already hold quotation marks (`Building a "city for all"`): inside our own quotes they become
# single quotes, as English nests them, instead of doubling up at the end.
_INNER = re.compile(r"[\"“]([^\"“”]*)[\"”]")


def quote(title: object) -> str:
    """`title` in curly double quotes, with any quotes it holds turned into single ones."""
    return "“" + _INNER.sub(r"‘\1’", str(title).strip()) + "”"


def sentence(text: object) -> str:
    """`text` ending with a full stop (or the punctuation it already ends with), so that sentences can follow it."""
    value = str(text).strip()
    return value if not value or value[-1] in ".!?…" else value + "."


def count(n: int, singular: str, plural: str | None = None) -> str:
    """`1 theme`, `3 themes`."""
    return f"{n} {singular if n == 1 else plural or singular + 's'}"


def join(items: list[str], last: str = "and") -> str:
    """`a`, `a and b`, `a, b and c`."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]
