"""Checks across records: ids are unique, and every reference points at something that exists and fits.

A reference is only checked when the file it points into was valid, so one broken file does not bury the
report under follow-on errors.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

from inclucities import layout
from inclucities.errors import Problem
from inclucities.kb.files import Document, Loc
from inclucities.kb.reading import Loaded
from inclucities.kb.schema.action_plan import ActionPlan
from inclucities.kb.schema.framework import Framework
from inclucities.kb.schema.network import NetworkFile

# An allowed list is shown in full up to this many ids: a framework's key factors (20 to 40 in a real network) are
# read together, and a typo is found by eye; beyond it the list is cut and counted.
ALLOWED_SHOWN = 40


class Ids:
    """Known ids of one kind; `None` when the file defining them is invalid (then nothing is checked).

    `groups` (e.g. key factors by theme) shows the allowed ids grouped in messages."""

    def __init__(self, label: str, ids: Iterable[str] | None, groups: Mapping[str, Iterable[str]] | None = None):
        self.label = label
        self.ids = None if ids is None else sorted(set(ids))
        self.groups = groups

    def check(self, document: Document, loc: Loc, value: str | None) -> list[Problem]:
        if value is None or self.ids is None or value in self.ids:
            return []
        return [document.problem(loc, unknown(self.label, value, self.ids, self.groups))]


def did_you_mean(value: str, candidates: Iterable[str]) -> str:
    """`did you mean 'x'?` (or 'x' or 'y') for the candidates closest to a mistyped value; empty when none is close."""
    close = difflib.get_close_matches(value, list(candidates), n=3, cutoff=0.75)
    return f"did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


def with_hint(value: str, candidates: Iterable[str], allowed: str) -> str:
    """The parenthesis closing a message: `(did you mean 'x'?; allowed: …)`, or `(allowed: …)`."""
    hint = did_you_mean(value, candidates)
    return f"({hint}; allowed: {allowed})" if hint else f"(allowed: {allowed})"


def unknown(label: str, value: str, ids: Iterable[str], groups: Mapping[str, Iterable[str]] | None = None) -> str:
    ids = sorted(set(ids))
    return f"unknown {label} {value!r} {with_hint(value, ids, grouped(groups) if groups else allowed_ids(ids))}"


def allowed_ids(ids: Iterable[str]) -> str:
    """Ids as an allowed list: all of them while short, else the first ones and how many there are."""
    ids = list(ids)
    if not ids:
        return "none yet"
    return ", ".join(ids) if len(ids) <= ALLOWED_SHOWN else ", ".join(ids[:ALLOWED_SHOWN]) + f", … ({len(ids)} in all)"


def grouped(groups: Mapping[str, Iterable[str]]) -> str:
    """`theme-a: x, y; theme-b: z`, cut after `ALLOWED_SHOWN` ids in all (groups and ids sorted)."""
    shown, parts = 0, []
    total = sum(len(set(ids)) for ids in groups.values())
    for name in sorted(groups):
        ids = sorted(set(groups[name]))[: max(ALLOWED_SHOWN - shown, 0)]
        if ids:
            parts.append(f"{name}: {', '.join(ids)}")
        shown += len(ids)
    if not parts:
        return "none yet"
    return "; ".join(parts) + (f"; … ({total} in all)" if total > shown else "")


def key_factors_by_theme(framework: Framework, themes: Iterable[str] | None = None) -> dict[str, list[str]]:
    """The framework's key factor ids grouped by the theme of their benchmark (only `themes`, when given)."""
    wanted = None if themes is None else set(themes)
    groups: dict[str, list[str]] = {}
    for benchmark in framework.benchmarks:
        if wanted is None or benchmark.theme in wanted:
            groups.setdefault(benchmark.theme, []).extend(kf.id for kf in benchmark.key_factors)
    return groups


def check_references(loaded: Loaded) -> list[Problem]:
    problems: list[Problem] = []
    network_doc = loaded.one("network")
    framework_doc = loaded.one("framework")
    network: NetworkFile | None = network_doc[1] if network_doc else None
    framework: Framework | None = framework_doc[1] if framework_doc else None

    network_raw = _raw_mapping(loaded, "network")
    framework_raw = _raw_mapping(loaded, "framework")
    benchmarks_raw = _raw_ids(framework_raw.get("benchmarks"), keep=True)
    cities = Ids("city", [c.id for c in network.cities] if network else _raw_ids(network_raw.get("cities")))
    pairs = Ids("pair", [p.id for p in network.pairs] if network else _raw_ids(network_raw.get("pairs")))
    themes = Ids("theme", [t.id for t in framework.themes] if framework else _raw_ids(framework_raw.get("themes")))
    key_factors = Ids(
        "key factor",
        [k.id for b in framework.benchmarks for k in b.key_factors]
        if framework
        else (None if benchmarks_raw is None else [i for b in benchmarks_raw for i in (_raw_ids(b.get("key_factors")) or [])]),
        key_factors_by_theme(framework) if framework else None,
    )
    practices = Ids("practice", [record.id for _, record in loaded.documents.get("practices", [])])
    if _invalid_files(loaded, f"{layout.PRACTICES}/"):
        practices.ids = None  # a practice that failed validation may be the one referred to

    if network_doc and network:
        problems += _network(network_doc[0], network, themes, framework)
    if framework_doc and framework:
        problems += _framework(framework_doc[0], framework, themes)
    for document, practice in loaded.documents.get("practices", []):
        problems += cities.check(document, ("city",), practice.city)
        for i, theme in enumerate(practice.themes):
            problems += themes.check(document, ("themes", i), theme)
        for i, kf in enumerate(practice.key_factors):
            problems += key_factors.check(document, ("key_factors", i), kf)
        if framework is not None:
            problems += _key_factors_within_themes(document, practice.themes, practice.key_factors, framework)
        for i, city in enumerate(practice.transferred_to):
            problems += cities.check(document, ("transferred_to", i), city)
    for document, assessment in loaded.documents.get("assessments", []):
        problems += cities.check(document, ("city",), assessment.city)
        for stage, result in assessment.stages.items():
            for kf in result.scores:
                problems += key_factors.check(document, ("stages", stage, "scores", kf), kf)
    for document, plan in loaded.documents.get("action_plans", []):
        problems += _action_plan(document, plan, network, framework, cities, pairs, practices)
    for document, toolkit in loaded.documents.get("toolkits", []):
        problems += themes.check(document, ("theme",), toolkit.theme)
        problems += _benchmark_of_theme(document, ("benchmark",), toolkit.benchmark, toolkit.theme, framework)
        for i, practice in enumerate(toolkit.mentor_practices):
            problems += practices.check(document, ("mentor_practices", i), practice)
    for document, _rows in loaded.documents.get("services", []):
        if cities.ids is not None and document.path.stem not in cities.ids:
            stem = document.path.stem
            hint = with_hint(stem, cities.ids, allowed_ids(cities.ids))
            problems.append(Problem(document.display, None, "", f"file name {stem!r} is not a network city {hint}"))
    for document, rows in loaded.documents.get("indicators", []):
        for i, row in enumerate(rows):
            if cities.ids is not None and row.city not in cities.ids:
                problems.append(
                    Problem(
                        document.display,
                        document.rows[i],
                        "column city",
                        unknown("city", row.city, cities.ids),
                    )
                )
    problems += _duplicate_rows(loaded, "indicators", ("city", "indicator", "year"))
    problems += _duplicate_rows(loaded, "distributions", ("indicator", "year"))
    return problems


def _raw_mapping(loaded: Loaded, kind: str) -> dict[str, Any]:
    documents = loaded.raw.get(kind, [])
    data = documents[0].data if documents else None
    return data if isinstance(data, dict) else {}


def _raw_ids(items: Any, keep: bool = False) -> Any:
    """Ids read leniently from a file that failed validation, so references to it can still be checked."""
    if not isinstance(items, list) or not all(isinstance(item, dict) and isinstance(item.get("id"), str) for item in items):
        return None
    return items if keep else [item["id"] for item in items]


def _invalid_files(loaded: Loaded, prefix: str) -> bool:
    return any(problem.path.startswith(prefix) for problem in loaded.problems)


def _duplicates(document: Document, items: list[Any], loc: Loc, label: str) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for i, item in enumerate(items):
        if item.id in seen:
            problems.append(document.problem((*loc, i, "id"), f"duplicate {label} id {item.id!r} (allowed: each id once)"))
        seen.add(item.id)
    return problems


def _network(document: Document, network: NetworkFile, themes: Ids, framework: Framework | None) -> list[Problem]:
    problems = _duplicates(document, network.cities, ("cities",), "city")
    problems += _duplicates(document, network.pairs, ("pairs",), "pair")
    roles = {city.id: city.role for city in network.cities}
    for i, pair in enumerate(network.pairs):
        for role in ("mentor", "learner"):
            city = getattr(pair, role)
            loc = ("pairs", i, role)
            if city not in roles:
                problems.append(document.problem(loc, unknown("city", city, roles)))
            elif roles[city] != role:
                fitting = sorted(c for c, r in roles.items() if r == role)
                problems.append(
                    document.problem(loc, f"{city!r} has role {roles[city]!r}, not {role!r} (allowed: {allowed_ids(fitting)})")
                )
        if pair.mentor == pair.learner:
            problems.append(
                document.problem(("pairs", i, "learner"), "the learner is the mentor itself (allowed: two different cities)")
            )
        problems += themes.check(document, ("pairs", i, "theme"), pair.theme)
        problems += _benchmark_of_theme(document, ("pairs", i, "benchmark"), pair.benchmark, pair.theme, framework)
    return problems


def _benchmark_of_theme(
    document: Document, loc: Loc, benchmark_id: str, theme_id: str, framework: Framework | None
) -> list[Problem]:
    if framework is None:
        return []
    benchmarks = {b.id: b for b in framework.benchmarks}
    benchmark = benchmarks.get(benchmark_id)
    if benchmark is None:
        return [document.problem(loc, unknown("benchmark", benchmark_id, benchmarks))]
    if benchmark.theme != theme_id and any(theme.id == theme_id for theme in framework.themes):
        fitting = sorted(b.id for b in framework.benchmarks if b.theme == theme_id)
        return [
            document.problem(
                loc,
                f"benchmark {benchmark_id!r} belongs to theme {benchmark.theme!r}, not {theme_id!r} "
                f"(allowed: {allowed_ids(fitting)})",
            )
        ]
    return []


def _key_factors_within_themes(
    document: Document, themes: list[str], key_factors: list[str], framework: Framework
) -> list[Problem]:
    """A practice addresses key factors of its own themes' benchmarks: one of another theme means a theme is
    missing from `themes`, or the key factor is mistaken (unknown themes and key factors are reported apart)."""
    theme_of = {kf.id: b.theme for b in framework.benchmarks for kf in b.key_factors}
    known_themes = {theme.id for theme in framework.themes}
    if not set(themes) <= known_themes:
        return []
    fitting = key_factors_by_theme(framework, themes)
    problems = []
    for i, kf in enumerate(key_factors):
        theme = theme_of.get(kf)
        if theme is None or theme in themes:
            continue
        allowed = grouped(fitting) if fitting else "none: no benchmark belongs to the practice's themes"
        problems.append(
            document.problem(
                ("key_factors", i),
                f"{kf!r} is a key factor of theme {theme!r}, which is not among the practice's themes "
                f"(allowed: {allowed}; or add {theme!r} to themes)",
            )
        )
    return problems


def _framework(document: Document, framework: Framework, themes: Ids) -> list[Problem]:
    problems = _duplicates(document, framework.themes, ("themes",), "theme")
    problems += _duplicates(document, framework.benchmarks, ("benchmarks",), "benchmark")
    seen: set[str] = set()
    for i, benchmark in enumerate(framework.benchmarks):
        problems += themes.check(document, ("benchmarks", i, "theme"), benchmark.theme)
        for j, kf in enumerate(benchmark.key_factors):
            if kf.id in seen:
                problems.append(
                    document.problem(
                        ("benchmarks", i, "key_factors", j, "id"),
                        f"duplicate key factor id {kf.id!r} (allowed: each id once in the framework)",
                    )
                )
            seen.add(kf.id)
    return problems


def _action_plan(
    document: Document,
    plan: ActionPlan,
    network: NetworkFile | None,
    framework: Framework | None,
    cities: Ids,
    pairs: Ids,
    practices: Ids,
) -> list[Problem]:
    problems = cities.check(document, ("city",), plan.city)
    problems += pairs.check(document, ("pair",), plan.pair)
    if network is None or framework is None:
        return problems
    pair = next((p for p in network.pairs if p.id == plan.pair), None)
    role = next((c.role for c in network.cities if c.id == plan.city), None)
    if role == "mentor":
        problems.append(
            document.problem(("city",), f"{plan.city!r} is a mentor city (allowed: action plans belong to learner cities)")
        )
    if pair is not None and pair.learner != plan.city:
        problems.append(document.problem(("pair",), f"the learner of {pair.id!r} is {pair.learner!r}, not {plan.city!r}"))
    benchmark = next((b for b in framework.benchmarks if pair is not None and b.id == pair.benchmark), None)
    allowed = [kf.id for kf in benchmark.key_factors] if benchmark else []
    for version, content in plan.versions.items():
        for i, action in enumerate(content.actions):
            loc = ("versions", version, "actions", i)
            if benchmark is not None and action.key_factor not in allowed:
                problems.append(
                    document.problem(
                        (*loc, "key_factor"),
                        f"{action.key_factor!r} is not a key factor of benchmark {benchmark.id!r} "
                        + with_hint(action.key_factor, allowed, ", ".join(allowed)),
                    )
                )
            problems += practices.check(document, (*loc, "inspired_by"), action.inspired_by)
    return problems


def _duplicate_rows(loaded: Loaded, kind: str, key: tuple[str, ...]) -> list[Problem]:
    """Two rows giving a value for the same `key` (in one file or in two): which one a chart shows would be chance."""
    first: dict[tuple[object, ...], str] = {}
    problems = []
    for document, rows in loaded.documents.get(kind, []):
        for i, row in enumerate(rows):
            values = tuple(getattr(row, name) for name in key)
            here = f"{document.display}:{document.rows[i]}"
            if values in first:
                described = ", ".join(f"{name} {value}" for name, value in zip(key, values, strict=True))
                problems.append(
                    Problem(
                        document.display,
                        document.rows[i],
                        "",
                        f"a second row for {described} (first at {first[values]}; allowed: one row for each {', '.join(key)})",
                    )
                )
            else:
                first[values] = here
    return problems
