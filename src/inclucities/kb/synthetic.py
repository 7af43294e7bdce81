"""Generate valid synthetic knowledge bases of any size, for benchmarks and scale tests.

Everything is marked `illustrative: true`: the cities, scores and plans are random (seeded, so a size always
gives the same knowledge base).
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import TypedDict

from ruamel.yaml import YAML

from inclucities import layout
from inclucities.kb.scaffold import scaffold
from inclucities.kb.schema.action_plan import VERSIONS
from inclucities.kb.schema.assessment import BASELINE, STAGES
from inclucities.kb.schema.framework import TOP_SCORE

COUNTRIES = [
    "AT",
    "BE",
    "BG",
    "CZ",
    "DE",
    "DK",
    "EE",
    "ES",
    "FI",
    "FR",
    "GR",
    "HR",
    "HU",
    "IE",
    "IT",
    "LT",
    "LV",
    "NL",
    "PL",
    "PT",
    "RO",
    "SE",
    "SI",
    "SK",
]
THEMES = ["welcome", "work", "language", "community"]
FACTORS_PER_THEME = 5
VERSION_DATES = dict(zip(VERSIONS, ("2021-05", "2021-11", "2022-05"), strict=True))
STAGE_DATES = dict(zip(STAGES, ("2020-10", "2021-05", "2021-11", "2022-05"), strict=True))


class Pair(TypedDict):
    """A pair as written in the network file."""

    id: str
    mentor: str
    learner: str
    theme: str
    benchmark: str
    illustrative: bool


def _dump(data: object, path: Path) -> None:
    yaml = YAML()
    yaml.default_flow_style = False
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)


def factor_ids(theme: str) -> list[str]:
    return [f"{theme}-factor-{i}" for i in range(1, FACTORS_PER_THEME + 1)]


def generate(target: Path, cities: int, seed: int = 0) -> Path:
    """A knowledge base of `cities` cities (half mentors, half learners, paired) in the empty folder `target`."""
    rng = random.Random(seed)
    scaffold(target, name=f"Synthetic network of {cities} cities")
    for folder in (layout.PRACTICES, layout.ASSESSMENTS, layout.ACTION_PLANS, layout.SERVICES, layout.TOOLKITS):
        for path in (target / folder).glob("*"):
            path.unlink()
    mentors = [f"city-{i:03d}" for i in range(1, cities // 2 + 1)]
    learners = [f"city-{i:03d}" for i in range(cities // 2 + 1, cities + 1)]
    city_records = [
        {
            "id": city,
            "name": f"City {city[5:]}",
            "country": COUNTRIES[index % len(COUNTRIES)],
            "role": "mentor" if city in mentors else "learner",
            "population": rng.randrange(8_000, 400_000),
            "association": "National association of municipalities",
            "illustrative": True,
        }
        for index, city in enumerate(mentors + learners)
    ]
    pairs: list[Pair] = [
        {
            "id": f"pair-{i + 1}",
            "mentor": m,
            "learner": learner,
            "theme": THEMES[i % len(THEMES)],
            "benchmark": f"{THEMES[i % len(THEMES)]}-benchmark",
            "illustrative": True,
        }
        for i, (m, learner) in enumerate(zip(mentors, learners, strict=False))
    ]
    _dump(
        {
            "network": {
                "name": f"Synthetic network of {cities} cities",
                "coordinator": "A coordinating association",
                "start": "2020-06",
                "end": "2023-03",
                "illustrative": True,
            },
            "cities": city_records,
            "pairs": pairs,
        },
        target / layout.NETWORK_FILE,
    )
    _dump(_framework(), target / layout.FRAMEWORK_FILE)
    theme_of = {p["mentor"]: p["theme"] for p in pairs} | {p["learner"]: p["theme"] for p in pairs}
    practices = _practices(rng, mentors, theme_of, target)
    for city in mentors + learners:
        _dump(_assessment(rng, city, city in mentors, theme_of.get(city)), target / layout.assessment_file(city))
    for pair in pairs:
        options = [p for p, theme in practices if theme == pair["theme"]]
        _dump(_action_plan(rng, pair, options), target / layout.action_plan_file(pair["learner"]))
    for theme in THEMES:
        _dump(
            {
                "id": theme,
                "theme": theme,
                "benchmark": f"{theme}-benchmark",
                "title": f"Integrated toolkit: {theme}",
                "intro": "A synthetic toolkit for benchmarks.",
                "illustrative": True,
            },
            target / layout.toolkit_file(theme),
        )
    (target / layout.services_file(mentors[0])).write_text(
        "category,name,description,languages,cost,illustrative\nreception,Welcome desk,First information for newcomers,en;fr,free,true\n",
        encoding="utf-8",
    )
    return target


def _framework() -> dict[str, object]:
    return {
        "scale": [{"score": s, "label": f"Level {s}", "description": f"Synthetic description of level {s}."} for s in range(5)],
        "themes": [{"id": t, "title": f"Theme {t}"} for t in THEMES],
        "benchmarks": [
            {
                "id": f"{t}-benchmark",
                "theme": t,
                "statement": f"A synthetic benchmark for the theme {t}.",
                "illustrative": True,
                "key_factors": [
                    {"id": k, "title": f"Key factor {k}", "why_how": "Synthetic text.", "guiding_questions": ["Is it in place?"]}
                    for k in factor_ids(t)
                ],
            }
            for t in THEMES
        ],
    }


def _assessment(rng: random.Random, city: str, mentor: bool, theme: str | None) -> dict[str, object]:
    baseline = {
        k: {"score": rng.randint(2, TOP_SCORE) if mentor and t == theme else rng.randint(0, TOP_SCORE - 1)} for t in THEMES for k in factor_ids(t)
    }
    stages: dict[str, object] = {BASELINE: {"date": STAGE_DATES[BASELINE], "scores": baseline}}
    own = factor_ids(theme) if theme else []
    current = {k: baseline[k]["score"] for k in own}
    for stage in STAGES[1:]:
        if not own:
            break
        current = {k: min(TOP_SCORE, v + (0 if mentor else rng.randint(0, 1))) for k, v in current.items()}
        stages[stage] = {"date": STAGE_DATES[stage], "scores": {k: {"score": v} for k, v in current.items()}}
    return {"city": city, "illustrative": True, "stages": stages}


def _practices(rng: random.Random, mentors: list[str], theme_of: dict[str, str], target: Path) -> list[tuple[str, str]]:
    made = []
    for city in mentors:
        theme = theme_of.get(city, THEMES[0])
        for n in (1, 2):
            practice = f"{city}-practice-{n}"
            factors = rng.sample(factor_ids(theme), 2)
            (target / layout.practice_file(practice)).write_text(
                "---\n"
                f"id: {practice}\ntitle: Practice {n} of {city}\nsummary: A synthetic practice.\ncity: {city}\n"
                f"themes: [{theme}]\nkey_factors: [{', '.join(factors)}]\ntarget_groups: [newcomers]\n"
                f"status: ongoing\nstart: 2019\nmentor_practice: true\nillustrative: true\n---\n\n"
                "## How it works\n\nSynthetic text for benchmarks.\n",
                encoding="utf-8",
            )
            made.append((practice, theme))
    return made


def _action_plan(rng: random.Random, pair: Pair, practices: list[str]) -> dict[str, object]:
    factors = factor_ids(pair["theme"])
    actions = [
        {
            "id": f"action-{i}",
            "title": f"Action {i}",
            "key_factor": factors[i % len(factors)],
            **({"inspired_by": practices[i % len(practices)]} if practices else {}),
            "lead": "Social services",
            "start": "2021-09",
            "end": "2022-06",
            "budget": rng.randrange(1_000, 20_000),
            "status": "planned",
        }
        for i in range(1, 5)
    ]
    versions: dict[str, object] = {}
    for index, version in enumerate(VERSIONS):
        current = [dict(a, status=["planned", "in-progress", "done"][min(index, 2)]) for a in actions[: 3 + min(index, 1)]]
        versions[version] = {"date": VERSION_DATES[version], "actions": current}
    return {"city": pair["learner"], "pair": pair["id"], "illustrative": True, "versions": versions}
