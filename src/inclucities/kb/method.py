"""The seven steps of the city-to-city mentoring method (from the IncluCities brochure, "IncluCities en bref")."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    outcome: str


STEPS: tuple[Step, ...] = (
    Step(1, "Needs assessment and matching", "cities matched into mentor → learner pairs"),
    Step(2, "Thematic benchmarks", "an inventory of good practices and the key factors of each pair's benchmark"),
    Step(
        3,
        "Mentoring training and local support networks",
        "trained mentors; local networks of staff, NGOs and migrant associations",
    ),
    Step(4, "Study visit 1", "needs identified and a draft action plan"),
    Step(5, "Study visit 2", "a consolidated action plan"),
    Step(6, "Training academies and workshops", "knowledge shared among all partners"),
    Step(7, "Study visit 3", "revised action plans"),
)
SOURCE = "IncluCities en bref (project brochure, French)"
