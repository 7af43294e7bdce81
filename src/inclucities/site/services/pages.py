"""One-stop shops: a page per city with a services directory, the index of them, and the directories as open data.

Generated Markdown cannot carry HTML, so the page structure the filter script needs is made of MyST containers
whose classes carry the data (`inclucities-category-housing`, `inclucities-lang-nl`). Without the script every
service stays visible. A `language-fr` class becomes `lang="fr"` in the HTML (docutils does this), so French
labels are announced in French by screen readers.
"""

from __future__ import annotations

from urllib.parse import quote

from inclucities import addresses, layout
from inclucities.kb.model import KnowledgeBase
from inclucities.kb.schema.service import CATEGORIES, Service
from inclucities.markup import markdown as md
from inclucities.site.services import opendata
from inclucities.site.services.labels import LABELS, UI_LANGUAGES, category_label, label, language_name, pictogram

INDEX = addresses.ONE_STOP_SHOPS_PAGE
SCHEMA_DOWNLOAD = addresses.SERVICES_SCHEMA_DOWNLOAD
# `tel:` links are external links for MyST only when the scheme is listed; the setting is per page.
FRONT_MATTER = "---\nmyst:\n  url_schemes:\n    http: null\n    https: null\n    mailto: null\n    tel: null\n---"


def pictogram_image(category: str, depth: int) -> str:
    """The category's pictogram as an image with an empty text alternative: the category name always follows it."""
    return f"![]({'../' * depth}{addresses.pictogram(category)})"


def download(label_text: str, target: str) -> str:
    return f"{{download-file}}`{label_text} <{target}>`"  # labels are this module's own words


def contact_links(contact: str | None) -> str:
    emails, phones = opendata.contact_parts(contact)
    links = [f"[{md.text(email)}](<mailto:{quote(email, safe='@+')}>)" for email in emails]
    links += [f"[{md.text(phone)}](<{opendata.tel_uri(phone)}>)" for phone in phones]
    return ", ".join(links)


def service_block(service: Service, *, mark_illustrative: bool) -> str:
    """A service: its name as a heading, then a container the filter script recognises by its classes."""
    classes = ["inclucities-service", f"inclucities-category-{service.category}"]
    classes += [f"inclucities-lang-{code}" for code in service.languages]
    fields = [
        ("address", md.text(service.address) if service.address else ""),
        ("contact", contact_links(service.contact)),
        ("url", md.external_link(service.url, service.url) if service.url else ""),
        ("languages", md.text(", ".join(language_name(code) for code in service.languages))),
        ("cost", md.text(service.cost) if service.cost else ""),
        ("opening_hours", md.text(service.opening_hours) if service.opening_hours else ""),
    ]
    details = "\n\n".join(f"{label(f'field.{name}')}\n: {value}" for name, value in fields if value)
    body = [md.paragraphs(service.description), details]
    if mark_illustrative and service.illustrative:
        body.insert(0, "*Illustrative example*")
    content = "\n\n".join(part for part in body if part)
    return f"### {md.text(service.name)}\n\n:::{{container}} {' '.join(classes)}\n{content}\n:::"


def labels_dropdown(languages: list[str]) -> str:
    """Every label in English and in French, one table per language: readers and the filter script both use it."""
    keys = [key for key in LABELS["en"] if not key.startswith("category.") or key.split(".", 1)[1] in CATEGORIES]
    tables = []
    for lang in UI_LANGUAGES:
        rows = [(f"`{key}`", md.text(LABELS[lang][key])) for key in keys]
        rows += [(f"`language.{code}`", md.text(language_name(code, lang))) for code in languages]
        classes = f"inclucities-labels inclucities-labels-{lang} language-{lang}"
        header = "Libellé" if lang == "fr" else "Label"
        tables.append(f"::::{{container}} {classes}\n{md.table(['Code', header], rows)}\n::::")
    intro = (
        "The codes are those of the open-data files. With JavaScript on, the filter above switches the labels of "
        "this page between English and French."
    )
    return ":::::{dropdown} Labels in English and French\n" + intro + "\n\n" + "\n\n".join(tables) + "\n:::::"


def city_page(kb: KnowledgeBase, city_id: str) -> str:
    services = kb.services[city_id]
    city = kb.cities[city_id]
    categories = [c for c in CATEGORIES if any(s.category == c for s in services)]
    languages = sorted({code for s in services for code in s.languages})
    illustrative = [s for s in services if s.illustrative]
    mixed = 0 < len(illustrative) < len(services)
    parts = [
        FRONT_MATTER,
        md.label(addresses.one_stop_shop_anchor(city_id)),
        f"# One-stop shop: {md.text(city.name)}",
        md.illustrative_note("directory, or part of it,") if illustrative else "",
        f"{len(services)} services in {len(categories)} categories, for people who have newly arrived in "
        f"{md.text(city.name)} and the organisations that help them. Each entry says which languages are spoken there, "
        "what it costs and when it is open.",
        f"The directory is open data: {download('JSON', addresses.services_download(city_id, 'json'))} "
        f"(described by the {download('JSON Schema', SCHEMA_DOWNLOAD)}) and "
        f"{download('CSV', addresses.services_download(city_id, 'csv'))}.",
        ":::{container} inclucities-services-filter\n"
        "Every service is listed below. With JavaScript on, a filter by category and language appears here.\n:::",
    ]
    for category in categories:
        parts.append(md.label(addresses.service_category_anchor(city_id, category)))
        parts.append(f"## {pictogram_image(category, 1)} {md.text(category_label(category))}")
        parts += [service_block(s, mark_illustrative=mixed) for s in services if s.category == category]
    parts.append(labels_dropdown(languages))
    parts.append(md.provenance([layout.services_file(city_id)]))
    return "\n\n".join(part for part in parts if part) + "\n"


def index_page(kb: KnowledgeBase) -> str:
    rows = []
    for city_id, services in sorted(kb.services.items(), key=lambda item: kb.city_name(item[0]).lower()):
        city = kb.cities[city_id]
        categories = sum(1 for c in CATEGORIES if any(s.category == c for s in services))
        data = f"{download('JSON', addresses.services_download(city_id, 'json'))}, {download('CSV', addresses.services_download(city_id, 'csv'))}"
        rows.append(
            (
                md.link(city.name, f"#{addresses.one_stop_shop_anchor(city_id)}"),
                md.text(city.country),
                str(len(services)),
                str(categories),
                data,
            )
        )
    legend = [(pictogram_image(c, 0), md.text(category_label(c)), f"`{c}`") for c in CATEGORIES]
    legend_fr = [(pictogram_image(c, 0), md.text(category_label(c, "fr")), f"`{c}`") for c in CATEGORIES]
    parts = [
        md.label("one-stop-shops"),
        "# One-stop shops",
        "A one-stop shop tells migrants where to go for the first things they need: a welcome desk, language "
        "courses, legal advice, housing, health care, work, school and social support. Each city below publishes its "
        "directory here, with the languages spoken at each service, the cost and the opening hours.",
        md.table(["City", "Country", "Services", "Categories", "Open data"], rows)
        if rows
        else "No city of this knowledge base has a services directory yet (see `data/services/`).",
        "## Categories",
        "Each category has a pictogram; its name is always written next to it. The code is the value used in the "
        "open-data files.",
        md.table(["Pictogram", "Category", "Code"], legend),
        "The same categories in French:",
        f":::{{container}} language-fr\n{md.table(['Pictogramme', 'Catégorie', 'Code'], legend_fr)}\n:::",
        "## Open data",
        "Every directory can be downloaded as JSON and as CSV, to be reused on a city's own website or in an app. "
        "The CSV has the same columns as the `data/services/` files of a knowledge base. The JSON files follow one "
        f"{download('JSON Schema', SCHEMA_DOWNLOAD)} (draft 2020-12), which gives every field and allowed value.",
        md.provenance([layout.services_file(city_id) for city_id in sorted(kb.services)] or [layout.folder(layout.SERVICES)]),
    ]
    return "\n\n".join(parts) + "\n"


def pages(kb: KnowledgeBase) -> dict[str, str | bytes]:
    generated: dict[str, str | bytes] = {INDEX: index_page(kb)}
    generated[addresses.download(SCHEMA_DOWNLOAD)] = opendata.to_json(opendata.schema())
    for category in CATEGORIES:
        generated[addresses.pictogram(category)] = pictogram(category)
    for city_id, services in kb.services.items():
        generated[addresses.one_stop_shop_page(city_id)] = city_page(kb, city_id)
        generated[addresses.download(addresses.services_download(city_id, "json"))] = opendata.to_json(
            opendata.directory(kb, city_id)
        )
        generated[addresses.download(addresses.services_download(city_id, "csv"))] = opendata.to_csv(services)
    return generated
