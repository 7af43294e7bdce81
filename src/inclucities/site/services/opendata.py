"""A city's one-stop-shop directory as open data: JSON, CSV and the JSON Schema that describes the JSON.

The CSV has the columns of `data/services/<city>.csv`, so a published file is also a valid input to the kit.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from inclucities import addresses, layout
from inclucities.kb.model import KnowledgeBase
from inclucities.kb.schema.codes import LANGUAGES
from inclucities.kb.schema.common import EMAIL, PHONE, URL
from inclucities.kb.schema.service import CATEGORIES, Service
from inclucities.site.services.labels import UI_LANGUAGES, category_label

SCHEMA_FILE = addresses.SERVICES_SCHEMA
CSV_COLUMNS = (
    "category",
    "name",
    "description",
    "address",
    "contact",
    "url",
    "languages",
    "cost",
    "opening_hours",
    "illustrative",
)
TEXT_FIELDS = ("name", "description", "address", "contact", "url", "cost", "opening_hours")


def contact_parts(contact: str | None) -> tuple[list[str], list[str]]:
    """(e-mail addresses, phone numbers) of a validated contact cell."""
    parts = [part.strip() for part in re.split(r"[;,]", contact or "") if part.strip()]
    return [part for part in parts if "@" in part], [part for part in parts if "@" not in part]


def tel_uri(phone: str) -> str:
    """`+32 15 00 00 01` → `tel:+3215000001` (RFC 3966 keeps only the digits and a leading plus)."""
    return "tel:" + ("+" if phone.strip().startswith("+") else "") + re.sub(r"\D", "", phone)


def service_record(service: Service) -> dict[str, Any]:
    emails, phones = contact_parts(service.contact)
    record: dict[str, Any] = {"category": service.category}
    record.update({name: getattr(service, name) for name in TEXT_FIELDS})
    record.update({"emails": emails, "phones": phones, "languages": list(service.languages)})
    record["illustrative"] = service.illustrative
    return record


def directory(kb: KnowledgeBase, city_id: str) -> dict[str, Any]:
    """The JSON document of one city's directory."""
    city = kb.cities[city_id]
    services = kb.services[city_id]
    categories = [c for c in CATEGORIES if any(s.category == c for s in services)]
    return {
        "$schema": SCHEMA_FILE,
        "network": kb.network.network.name,
        "city": {"id": city.id, "name": city.name, "country": city.country},
        "source": layout.services_file(city_id),
        "categories": {c: {lang: category_label(c, lang) for lang in UI_LANGUAGES} for c in categories},
        "services": [service_record(service) for service in services],
    }


def to_json(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def to_csv(services: list[Service]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for service in services:
        row = {name: getattr(service, name) or "" for name in ("category", *TEXT_FIELDS)}
        row["languages"] = ";".join(service.languages)
        row["illustrative"] = "true" if service.illustrative else "false"
        writer.writerow(row)
    return buffer.getvalue()


def _pattern(regex: re.Pattern[str]) -> str:
    return f"^{regex.pattern}$"


def schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of the JSON files, built from the same rules `inclucities check` applies."""
    optional_text = {"type": ["string", "null"], "minLength": 1}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "One-stop-shop directory of a city",
        "description": "Services that give migrants basic information and support in one city, as published by the "
        "inclucities guide kit. Text is plain text, never markup.",
        "type": "object",
        "required": ["network", "city", "services"],
        "additionalProperties": False,
        "properties": {
            "$schema": {"type": "string"},
            "network": {"type": "string", "description": "The network that published the directory."},
            "city": {
                "type": "object",
                "required": ["id", "name", "country"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
                    "name": {"type": "string", "minLength": 1},
                    "country": {"type": "string", "pattern": "^[A-Z]{2}$", "description": "ISO 3166-1 alpha-2"},
                },
            },
            "source": {"type": "string", "description": "The knowledge-base file the directory was exported from."},
            "categories": {
                "type": "object",
                "description": "The name of each category used, per interface language.",
                "propertyNames": {"enum": list(CATEGORIES)},
                "additionalProperties": {
                    "type": "object",
                    "required": list(UI_LANGUAGES),
                    "additionalProperties": {"type": "string", "minLength": 1},
                },
            },
            "services": {"type": "array", "items": {"$ref": "#/$defs/service"}},
        },
        "$defs": {
            "service": {
                "type": "object",
                "required": ["category", "name", "description", "languages", "illustrative"],
                "additionalProperties": False,
                "properties": {
                    "category": {"enum": list(CATEGORIES)},
                    "name": {"type": "string", "minLength": 1},
                    "description": {"type": "string", "minLength": 1},
                    "address": optional_text,
                    "contact": {**optional_text, "description": "E-mail addresses and phone numbers as written in the source."},
                    "emails": {"type": "array", "items": {"type": "string", "pattern": _pattern(EMAIL)}},
                    "phones": {"type": "array", "items": {"type": "string", "pattern": _pattern(PHONE)}},
                    # JSON Schema patterns have no flags: spell out the case-insensitive scheme of `URL`
                    "url": {
                        "type": ["string", "null"],
                        "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://" + URL.pattern.split("://", 1)[1] + "$",
                    },
                    "languages": {
                        "type": "array",
                        "description": "Languages spoken, ISO 639-1 codes.",
                        "items": {"enum": sorted(LANGUAGES)},
                    },
                    "cost": optional_text,
                    "opening_hours": optional_text,
                    "illustrative": {"type": "boolean", "description": "True when the entry was invented for a demonstration."},
                },
            }
        },
    }
