"""The practice catalogue as data: one record per practice, published as JSON and CSV beside the catalogue page.

Pure functions: records are built from the validated knowledge base, ordered by practice id and serialised with
a fixed field order, so the same knowledge base always gives byte-identical files. The CSV holds the same records
as the JSON, lists joined with `LIST_SEPARATOR` (`csv_row` is the only flattening, and the tests hold JSON and
CSV to it).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import unicodedata
from typing import Any

from inclucities import addresses
from inclucities.kb.model import KnowledgeBase
from inclucities.kb.schema.common import SLUG
from inclucities.kb.schema.practice import Practice

JSON_DOWNLOAD = addresses.CATALOGUE_JSON  # addresses in the site; write with addresses.download()
CSV_DOWNLOAD = addresses.CATALOGUE_CSV
LIST_SEPARATOR = "; "
CSV_COLUMNS = (
    "id", "title", "summary", "city", "place", "country", "themes", "theme_titles", "key_factors",
    "key_factor_titles", "target_groups", "status", "start", "end", "mentor_practice", "transferred_to",
    "source_titles", "source_urls", "illustrative", "page",
)  # fmt: skip


def page_address(practice_id: str) -> str:
    """The address of a practice's page in the built site, relative to its root."""
    return addresses.html_address(addresses.practice_page(practice_id))


def city_key(practice: Practice) -> str:
    """The key the catalogue filter uses for a practice's city: the network city's id, or a slug made from the
    name of a city outside the network (checked against the id rule, so it is always safe as a class name)."""
    if practice.city:
        return practice.city
    name = unicodedata.normalize("NFKD", practice.city_name or "").encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    if not SLUG.fullmatch(slug):  # a name without Latin letters or digits
        slug = "place-" + hashlib.sha256((practice.city_name or "").encode()).hexdigest()[:10]
    return f"{slug}-{(practice.country or '').lower()}" if practice.country else slug


def target_group_name(group: str) -> str:
    return group.replace("-", " ")


def practice_record(kb: KnowledgeBase, practice: Practice) -> dict[str, Any]:
    place, country = kb.practice_place(practice)
    return {
        "id": practice.id,
        "title": practice.title,
        "summary": practice.summary,
        "city": practice.city or "",
        "place": place,
        "country": country,
        "themes": [{"id": t, "title": kb.themes[t].title} for t in practice.themes],
        "key_factors": [{"id": k, "title": kb.key_factors[k][1].title} for k in practice.key_factors],
        "target_groups": list(practice.target_groups),
        "status": practice.status,
        "start": str(practice.start),
        "end": str(practice.end) if practice.end else None,
        "mentor_practice": practice.mentor_practice,
        "transferred_to": list(practice.transferred_to),
        "sources": [{"title": source.title, "url": source.url} for source in practice.sources],
        "illustrative": practice.illustrative,
        "page": page_address(practice.id),
    }


def records(kb: KnowledgeBase) -> list[dict[str, Any]]:
    """Every practice of the knowledge base, ordered by id."""
    return [practice_record(kb, kb.practices[practice_id].practice) for practice_id in sorted(kb.practices)]


def document(kb: KnowledgeBase) -> dict[str, Any]:
    """The JSON document: the network, then the practices."""
    return {
        "network": kb.network.network.name,
        "description": "Good practices of the catalogue; text is plain text, never markup. "
        "'page' is the address of the practice's page in the guide, relative to the site's root.",
        "practices": records(kb),
    }


def csv_row(record: dict[str, Any]) -> dict[str, str]:
    """A record as one CSV row: lists joined with `LIST_SEPARATOR`, booleans as `true`/`false`, nothing as ''."""

    def joined(values: list[str]) -> str:
        return LIST_SEPARATOR.join(values)

    return {
        "id": record["id"],
        "title": record["title"],
        "summary": record["summary"],
        "city": record["city"],
        "place": record["place"],
        "country": record["country"],
        "themes": joined([t["id"] for t in record["themes"]]),
        "theme_titles": joined([t["title"] for t in record["themes"]]),
        "key_factors": joined([k["id"] for k in record["key_factors"]]),
        "key_factor_titles": joined([k["title"] for k in record["key_factors"]]),
        "target_groups": joined(record["target_groups"]),
        "status": record["status"],
        "start": record["start"],
        "end": record["end"] or "",
        "mentor_practice": "true" if record["mentor_practice"] else "false",
        "transferred_to": joined(record["transferred_to"]),
        "source_titles": joined([s["title"] for s in record["sources"]]),
        "source_urls": joined([s["url"] or "" for s in record["sources"]]),
        "illustrative": "true" if record["illustrative"] else "false",
        "page": record["page"],
    }


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_csv(rows: list[dict[str, Any]]) -> str:
    """UTF-8 CSV text with a header row, one row per record."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n", extrasaction="raise")
    writer.writeheader()
    writer.writerows(csv_row(record) for record in rows)
    return buffer.getvalue()


def files(kb: KnowledgeBase) -> dict[str, str]:
    """The catalogue's downloads: address in the site → content."""
    data = document(kb)
    return {JSON_DOWNLOAD: to_json(data), CSV_DOWNLOAD: to_csv(data["practices"])}
