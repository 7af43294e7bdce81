"""Action plans: the diff between versions, the history of the bundled plans, their pages, and their validation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from inclucities.analysis.plan_diff import FieldChange, diff_versions, history
from inclucities.kb.loader import load
from inclucities.kb.model import KnowledgeBase
from inclucities.kb.schema.action_plan import PlanVersion
from inclucities.kb.schema.common import PartialDate
from inclucities.markup import markdown as md
from inclucities.site import action_plans
from tests.conftest import REPO, edit, fingerprint, run_cli

LEARNERS = ("saint-jean-de-la-ruelle", "capaci", "livadia", "jelgava")
PLAN = "data/action_plans/hilltown.yml"


def action(id: str, **fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": id,
        "title": f"Action {id}",
        "key_factor": "kf-a",
        "lead": "Social services",
        "start": "2021-09",
        "end": "2022-06",
        "status": "planned",
    }
    return base | fields


def version(date: str, *actions: dict[str, object]) -> PlanVersion:
    return PlanVersion.model_validate({"date": date, "actions": list(actions)})


# --- the diff --------------------------------------------------------------------------------------------------------


def test_diff_finds_added_changed_and_dropped_actions() -> None:
    before = version(
        "2021-05",
        action("kept", budget=1000),
        action("moved", partners=["School"], inspired_by="practice-a", target="10 pairs"),
        action("removed"),
        action("abandoned", status="in-progress"),
        action("already-dropped", status="dropped"),
        action("unchanged"),
    )
    after = version(
        "2021-11",
        action("kept", budget=1000),
        action(
            "moved",
            title="Action moved, renamed",
            key_factor="kf-b",
            inspired_by=None,
            lead="Mayor's office",
            partners=["School", "Library"],
            start="2021-10",
            end="2022-12",
            budget=2500,
            indicator="Pairs formed",
            target="20 pairs",
            status="in-progress",
        ),
        action("abandoned", status="dropped"),
        action("unchanged"),
        action("new-one", key_factor="kf-b"),
    )
    diff = diff_versions(before, after)

    assert [a.id for a in diff.added] == ["new-one"]
    assert [c.action.id for c in diff.changed] == ["moved"]
    assert diff.changed[0].changes == (
        FieldChange("title", "Action moved", "Action moved, renamed"),
        FieldChange("key_factor", "kf-a", "kf-b"),
        FieldChange("inspired_by", "practice-a", None),
        FieldChange("lead", "Social services", "Mayor's office"),
        FieldChange("partners", ["School"], ["School", "Library"]),
        FieldChange("start", PartialDate(2021, 9), PartialDate(2021, 10)),
        FieldChange("end", PartialDate(2022, 6), PartialDate(2022, 12)),
        FieldChange("budget", None, 2500),
        FieldChange("indicator", None, "Pairs formed"),
        FieldChange("target", "10 pairs", "20 pairs"),
        FieldChange("status", "planned", "in-progress"),
    )
    # dropped both ways: marked `dropped` in the later version, or left out of it
    assert [(d.action.id, d.removed) for d in diff.dropped] == [("abandoned", False), ("removed", True)]
    assert diff.dropped[0].changes == (FieldChange("status", "in-progress", "dropped"),)
    assert diff.dropped[1].changes == ()
    # an action dropped at an earlier visit and then left out is not dropped a second time
    assert "already-dropped" not in {d.action.id for d in diff.dropped}
    assert not diff.empty


def test_identical_versions_have_an_empty_diff() -> None:
    same = version("2021-05", action("a"), action("b"))
    assert diff_versions(same, same).empty


# --- the history of the bundled plans --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled() -> KnowledgeBase:
    return load(REPO)


def test_each_bundled_plan_has_a_three_stage_history(bundled: KnowledgeBase) -> None:
    assert set(bundled.action_plans) == set(LEARNERS)
    for city in LEARNERS:
        plan = bundled.action_plans[city]
        steps = history(plan)
        assert [(s.before, s.after, s.visit) for s in steps] == [
            ("draft", "consolidated", 2),
            ("consolidated", "revised", 3),
        ], city
        for step in steps:
            assert step.before_date == plan.versions[step.before].date
            assert step.after_date == plan.versions[step.after].date
            assert step.before_date is not None and step.after_date is not None and step.before_date < step.after_date
            assert step.diff.changed, f"{city}: {step.before} → {step.after} changes no action"
            assert not step.diff.empty


def test_capaci_history_in_detail(bundled: KnowledgeBase) -> None:
    first, second = history(bundled.action_plans["capaci"])
    assert [a.id for a in first.diff.added] == ["buddy-training"]
    assert [(d.action.id, d.removed) for d in first.diff.dropped] == [("diversity-mural", False)]
    declaration = next(c for c in first.diff.changed if c.action.id == "council-declaration")
    assert [(c.field, str(c.before), str(c.after)) for c in declaration.changes] == [
        ("end", "2021-12", "2021-10"),
        ("status", "planned", "done"),
    ]
    # the mural, dropped at visit 2 and left out at visit 3, is reported once
    assert [(d.action.id, d.removed) for d in second.diff.dropped] == [("front-desk-training", False)]
    assert [a.id for a in second.diff.added] == ["strategy-consultation"]


# --- the generated pages ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled_pages(bundled: KnowledgeBase) -> dict[str, str | bytes]:
    return action_plans.pages(bundled)


def test_a_page_per_learner_and_an_index(bundled: KnowledgeBase, bundled_pages: dict[str, str | bytes]) -> None:
    assert {name for name in bundled_pages if name.startswith("action-plans/")} == {
        f"action-plans/{city}.md" for city in LEARNERS
    }
    index = bundled_pages["action-plans.md"]
    assert isinstance(index, str) and index.startswith("(action-plans)=")
    for city in LEARNERS:
        assert f"(#action-plan-{city})" in index
        svg = bundled_pages[f"figures/action-plan-{city}.svg"]
        assert isinstance(svg, str) and svg.lstrip().startswith("<svg")


def _sections(page: str, level: str) -> dict[str, str]:
    """Heading → body for every heading of `level` (e.g. '###'), each body ending at the next heading of any level."""
    parts = re.split(rf"(?m)^({level} .*)$", page)
    return {
        heading.removeprefix(level + " "): re.split(r"(?m)^#{1,6} ", body)[0]
        for heading, body in zip(parts[1::2], parts[2::2], strict=True)
    }


def test_every_latest_action_is_shown_under_its_key_factor(bundled: KnowledgeBase, bundled_pages: dict[str, str | bytes]) -> None:
    for city in LEARNERS:
        plan = bundled.action_plans[city]
        page = bundled_pages[f"action-plans/{city}.md"]
        assert isinstance(page, str)
        current = page.split("## The plan as it stands")[1].split("## Budget by status")[0]
        groups = _sections(current, "###")
        benchmark = bundled.benchmarks[bundled.pairs[plan.pair].benchmark]
        for act in plan.versions["revised"].actions:
            kf = next(k for k in benchmark.key_factors if k.id == act.key_factor)
            heading = f"[{md.text(kf.title)}](#kf-{kf.id})"
            assert heading in groups, f"{city}: no group for {kf.id}"
            assert f"**{md.text(act.title)}**" in groups[heading], f"{city}: {act.id} not under {kf.id}"
            if act.inspired_by:
                assert f"(#practice-{act.inspired_by})" in groups[heading]
            assert f"Lead: {md.text(act.lead)}" in groups[heading]
            assert f"Dates: {act.start} to {act.end}" in groups[heading]
        assert f"(#pair-{plan.pair})" in page
        assert "Illustrative example" in page
        assert "## Budget by status" in page and re.search(r"\| \*\*Total( without dropped actions)?\*\* \|", page)
        assert f":::{{inclucities-chart}} action-plan-{city}.svg\n" in page
        assert "Study visit 2: the consolidated plan" in page and "Study visit 3: the revised plan" in page


def test_capaci_page_reads_its_history(bundled_pages: dict[str, str | bytes]) -> None:
    page = bundled_pages["action-plans/capaci.md"]
    assert isinstance(page, str)
    visit3 = page.split("### Study visit 3")[1]
    assert "**Added** (1)" in visit3 and "Consult refugees and migrant residents" in visit3
    assert (
        "**Start a Buddies scheme pairing residents with refugees**: end: 2022\\-06 → 2022\\-12; "
        "budget: €6\\,000 → €7\\,000" in visit3
    )
    assert "partners: joined Buddy pairs; status: planned → in progress" in visit3
    assert "marked dropped (status: on hold → dropped)" in visit3
    assert "| **Total without dropped actions** | **6** | **€20\\,500** |" in page


def test_knowledge_base_text_is_escaped_on_plan_pages() -> None:
    kb = load(REPO)  # a copy of its own: the plan is edited in memory
    hostile = "<script>alert('x')</script> [link](javascript:alert(1)) *bold*"
    first = kb.action_plans["capaci"].versions["revised"].actions[0]
    first.title = hostile
    first.lead = "<img src=x onerror=alert(1)>"
    page = action_plans.pages(kb)["action-plans/capaci.md"]
    assert isinstance(page, str)
    # every markup character arrives escaped: no unescaped `<` and no link to a script
    assert not re.search(r"(?<!\\)<", page) and "](javascript:" not in page
    assert md.text(hostile) in page
    assert r"\<img src\=x onerror\=alert\(1\)\>" in page


def test_a_plan_with_one_version_says_it_has_no_history(small_kb: Path) -> None:
    page = action_plans.pages(load(small_kb))["action-plans/hilltown.md"]
    assert isinstance(page, str)
    assert "no history yet" in page
    assert "Study visit 2" not in page


# --- the built guide -------------------------------------------------------------------------------------------------


def test_bundled_guide_has_four_action_plan_pages(built_bundled: Path) -> None:
    site = built_bundled / "_build" / "html"
    folder = site / "action-plans"
    pages = sorted(folder.glob("*.html"))
    assert [p.stem for p in pages] == sorted(LEARNERS)
    for path in pages:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        article = page.select_one("article") or page
        headings = [h.get_text(" ", strip=True) for h in article.select("h2, h3")]
        assert any(h.startswith("History over the study visits") for h in headings), path.name
        assert any(h.startswith("Study visit 2: the consolidated plan") for h in headings), path.name
        assert any(h.startswith("Study visit 3: the revised plan") for h in headings), path.name
        text = article.get_text(" ")
        for word in ("Added", "Changed", "Dropped"):
            assert word in text, path.name
        chart = article.select_one("div.inclucities-chart[role=img]")
        assert chart is not None and len(chart.get("aria-label", "")) > 60, path.name
        assert any(t.get_text().startswith("Action: ") for t in chart.select("svg title")), "bars show the action on hover"
        tables = [t for t in article.select("table") if "action" in [th.get_text(strip=True) for th in t.select("th")]]
        assert tables and len(tables[0].select("tbody tr")) >= 5, path.name
        assert not [s for s in article.find_all("script") if "alert" in s.get_text()]
    index = BeautifulSoup((site / "action-plans.html").read_text(encoding="utf-8"), "html.parser")
    assert len(index.select("table tbody tr")) == 4


# --- validation ------------------------------------------------------------------------------------------------------

TWO_VERSIONS = """city: hilltown
pair: harbour-hill
illustrative: true
versions:
  draft:
    date: 2025-05
    actions:
      - id: open-desk
        title: Open a welcome desk in the town hall
        key_factor: reception-desk
        inspired_by: harbourtown-welcome-desk
        lead: Social services
        start: 2025-09
        end: 2026-03
        budget: 5000
        status: planned
  consolidated:
    date: 2025-11
    actions:
      - id: open-desk
        title: Open a welcome desk in the town hall
        key_factor: reception-desk
        inspired_by: harbourtown-welcome-desk
        lead: Social services
        start: 2025-10
        end: 2026-03
        budget: 6000
        status: in-progress
      - id: guide-leaflet
        title: Print a welcome leaflet in newcomers' languages
        key_factor: translated-information
        inspired_by: hilltown-neighbour-guides
        lead: Communication office
        start: 2026-01
        end: 2026-04
        status: planned
"""


def line_of(text: str, needle: str) -> int:
    assert text.count(needle) == 1, needle
    return text[: text.index(needle)].count("\n") + 1


def test_a_two_version_plan_is_valid_and_shows_its_history(small_kb: Path) -> None:
    (small_kb / PLAN).write_text(TWO_VERSIONS, encoding="utf-8")
    result = run_cli("check", str(small_kb))
    assert result.exit_code == 0, result.output
    page = action_plans.pages(load(small_kb))["action-plans/hilltown.md"]
    assert isinstance(page, str)
    visit2 = page.split("### Study visit 2: the consolidated plan (2025-11)")[1]
    assert "**Added** (1)" in visit2 and "Print a welcome leaflet" in visit2
    assert "start: 2025\\-09 → 2025\\-10; budget: €5\\,000 → €6\\,000; status: planned → in progress" in visit2
    assert "**Dropped**: none." in visit2


@pytest.mark.parametrize(
    "old,new,field,message",
    [
        (
            "key_factor: translated-information",
            "key_factor: integration-index",
            "key_factor",
            "'integration-index' is not a key factor of benchmark 'first-steps' "
            "(allowed: reception-desk, translated-information, volunteer-guides)",
        ),
        (
            "inspired_by: hilltown-neighbour-guides",
            "inspired_by: ghost-practice",
            "inspired_by",
            "unknown practice 'ghost-practice' (allowed: ",
        ),
        ("end: 2026-04", "end: 2025-12", "end", "ends 2025-12, before it starts (2026-01)"),
    ],
    ids=["key factor outside the benchmark", "unknown practice", "end before start"],
)
def test_invalid_actions_are_reported_at_their_line(small_kb: Path, old: str, new: str, field: str, message: str) -> None:
    path = small_kb / PLAN
    path.write_text(TWO_VERSIONS, encoding="utf-8")
    edit(path, old, new)
    before = fingerprint(small_kb)
    result = run_cli("check", str(small_kb))
    assert result.exit_code == 1, result.output
    line = line_of(path.read_text(encoding="utf-8"), new)
    assert f"{PLAN}:{line}: versions.consolidated.actions[1].{field}: {message}" in result.output, result.output
    assert "Traceback" not in result.output
    assert fingerprint(small_kb) == before
