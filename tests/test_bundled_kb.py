"""The bundled IncluCities knowledge base holds what the guide promises, and is honest about its sources."""

from __future__ import annotations

import pytest

from inclucities.kb.loader import load
from inclucities.kb.model import KnowledgeBase
from inclucities.kb.schema.action_plan import VERSIONS
from inclucities.kb.schema.assessment import STAGES
from tests.conftest import REPO, run_cli


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load(REPO)


def test_check_passes_on_the_bundled_knowledge_base() -> None:
    result = run_cli("check", str(REPO))
    assert result.exit_code == 0, result.output
    assert "valid knowledge base" in result.output


def test_network_has_the_real_pairs(kb: KnowledgeBase) -> None:
    assert len(kb.network.cities) == 8
    pairs = {(p.mentor, p.learner) for p in kb.network.pairs}
    assert pairs == {
        ("brussels", "saint-jean-de-la-ruelle"),
        ("mechelen", "capaci"),
        ("fuenlabrada", "livadia"),
        ("schaerbeek", "jelgava"),
    }
    assert all(pair.sources for pair in kb.network.pairs)


def test_framework_has_four_themes_with_a_rich_benchmark_each(kb: KnowledgeBase) -> None:
    assert len(kb.framework.themes) == 4
    for theme in kb.framework.themes:
        benchmarks = [b for b in kb.framework.benchmarks if b.theme == theme.id]
        assert len(benchmarks) == 1, theme.id
        assert len(benchmarks[0].key_factors) >= 4
        for kf in benchmarks[0].key_factors:
            assert kf.why_how and kf.guiding_questions


def test_catalogue_has_at_least_24_practices_and_the_named_mentor_practices(kb: KnowledgeBase) -> None:
    assert len(kb.practices) >= 24
    for named in ("bapa-bxl", "mechelen-buddies", "milma-fuenlabrada", "fuenlabrada-anti-rumours-network",
                  "fuenlabrada-coexistence-table", "schaerbeek-camim"):  # fmt: skip
        assert named in kb.practices
        assert kb.practices[named].practice.mentor_practice
        assert kb.practices[named].practice.sources


def test_every_practice_is_sourced_or_marked_illustrative(kb: KnowledgeBase) -> None:
    for entry in kb.practices.values():
        practice = entry.practice
        assert practice.illustrative or any(source.url for source in practice.sources), practice.id


def test_every_city_has_an_assessment_at_every_stage(kb: KnowledgeBase) -> None:
    assert set(kb.assessments) == set(kb.cities)
    for city, assessment in kb.assessments.items():
        assert assessment.illustrative
        assert set(assessment.stages) == set(STAGES), city
        assert len(assessment.stages["baseline"].scores) == len(kb.key_factors), city


def test_every_learner_has_a_three_version_action_plan(kb: KnowledgeBase) -> None:
    learners = {c.id for c in kb.network.cities if c.role == "learner"}
    assert set(kb.action_plans) == learners
    for plan in kb.action_plans.values():
        assert plan.illustrative
        assert tuple(plan.versions) == VERSIONS


def test_every_mentor_has_a_services_directory(kb: KnowledgeBase) -> None:
    mentors = {c.id for c in kb.network.cities if c.role == "mentor"}
    assert mentors <= set(kb.services)
    for rows in kb.services.values():
        assert rows and all(row.illustrative for row in rows)  # no real contact details were collected
