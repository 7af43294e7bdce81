"""Labels of the one-stop-shop directories in English and French, and a pictogram per service category.

Keys are namespaced (`category.housing`, `field.address`, `ui.count`) so that one flat table per language can
travel with each page: the filter script reads it there, and reusers of the open data find the same names.
"""

from __future__ import annotations

from functools import cache

from babel import Locale

from inclucities import layout
from inclucities.kb.schema.service import CATEGORIES

UI_LANGUAGES: tuple[str, ...] = ("en", "fr")
LANGUAGE_NAMES = {"en": "English", "fr": "Français"}

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "category.reception": "Reception and first information",
        "category.language-courses": "Language courses",
        "category.legal-advice": "Legal advice",
        "category.housing": "Housing",
        "category.health": "Health",
        "category.employment": "Employment",
        "category.education": "Education",
        "category.social": "Social support",
        "category.family": "Family, women and children",
        "category.leisure": "Leisure, sport and culture",
        "field.category": "Category",
        "field.name": "Name",
        "field.description": "Description",
        "field.address": "Address",
        "field.contact": "Contact",
        "field.url": "Website",
        "field.languages": "Languages spoken",
        "field.cost": "Cost",
        "field.opening_hours": "Opening hours",
        "ui.filter": "Filter the directory",
        "ui.category": "Category",
        "ui.all-categories": "All categories",
        "ui.language": "Language spoken",
        "ui.all-languages": "All languages",
        "ui.labels": "Labels in",
        "ui.count": "{shown} of {total} services shown",
        "ui.none": "No service matches these choices.",
        "ui.reset": "Show all services",
    },
    "fr": {
        "category.reception": "Accueil et première information",
        "category.language-courses": "Cours de langue",
        "category.legal-advice": "Conseil juridique",
        "category.housing": "Logement",
        "category.health": "Santé",
        "category.employment": "Emploi",
        "category.education": "Enseignement",
        "category.social": "Aide sociale",
        "category.family": "Famille, femmes et enfants",
        "category.leisure": "Loisirs, sport et culture",
        "field.category": "Catégorie",
        "field.name": "Nom",
        "field.description": "Description",
        "field.address": "Adresse",
        "field.contact": "Contact",
        "field.url": "Site web",
        "field.languages": "Langues parlées",
        "field.cost": "Coût",
        "field.opening_hours": "Heures d'ouverture",
        "ui.filter": "Filtrer l'annuaire",
        "ui.category": "Catégorie",
        "ui.all-categories": "Toutes les catégories",
        "ui.language": "Langue parlée",
        "ui.all-languages": "Toutes les langues",
        "ui.labels": "Libellés en",
        "ui.count": "{shown} services affichés sur {total}",
        "ui.none": "Aucun service ne correspond à ces choix.",
        "ui.reset": "Afficher tous les services",
    },
}


def label(key: str, language: str = "en") -> str:
    return LABELS[language][key]


def category_label(category: str, language: str = "en") -> str:
    return LABELS[language][f"category.{category}"]


def language_name(code: str, language: str = "en") -> str:
    """The name of an ISO 639-1 language in English or French (from the CLDR data that Babel ships with Sphinx)."""
    name = Locale(language).languages.get(code)
    return name if name else code


@cache
def pictogram(category: str) -> bytes:
    """The category's decorative 24×24 SVG pictogram (drawn in currentColor; the name is always shown beside it)."""
    if category not in CATEGORIES:
        raise KeyError(category)
    return (layout.KIT_STATIC / "pictograms" / f"{category}.svg").read_bytes()
