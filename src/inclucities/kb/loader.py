"""Load a knowledge-base folder: read and validate every file, check references, assemble the knowledge base.

Every problem in every file is collected before anything is reported, so a user fixes them in one pass.
"""

from __future__ import annotations

from pathlib import Path

from inclucities.errors import KnowledgeBaseInvalid, Problem
from inclucities.kb.model import KnowledgeBase, PracticeEntry
from inclucities.kb.reading import Loaded, read_all
from inclucities.kb.references import check_references


def load(root: Path) -> KnowledgeBase:
    """The validated knowledge base at `root`, or `KnowledgeBaseInvalid` listing every problem."""
    root = Path(root)
    if not root.is_dir():
        raise KnowledgeBaseInvalid([Problem(str(root), None, "", "no such folder (allowed: the folder of a knowledge base)")])
    loaded = read_all(root)
    loaded.problems.extend(check_references(loaded))
    if loaded.problems:
        raise KnowledgeBaseInvalid(loaded.problems)
    return assemble(loaded)


def assemble(loaded: Loaded) -> KnowledgeBase:
    network = loaded.one("network")
    framework = loaded.one("framework")
    assert network is not None and framework is not None  # guaranteed when there are no problems
    kb = KnowledgeBase(loaded.root, network[1], framework[1], files=loaded.files)
    for document, practice in loaded.documents.get("practices", []):
        kb.practices[practice.id] = PracticeEntry(practice, document.body, document.path, document.body_line)
    for _document, assessment in loaded.documents.get("assessments", []):
        kb.assessments[assessment.city] = assessment
    for _document, plan in loaded.documents.get("action_plans", []):
        kb.action_plans[plan.city] = plan
    for _document, toolkit in loaded.documents.get("toolkits", []):
        kb.toolkits[toolkit.id] = toolkit
    for document, rows in loaded.documents.get("services", []):
        kb.services[document.path.stem] = rows
    for _document, rows in loaded.documents.get("indicators", []):
        kb.indicators.extend(rows)
    for _document, rows in loaded.documents.get("distributions", []):
        kb.distributions.extend(rows)
    return kb
