"""Which good practices answer a city's largest gaps, ranked, with the reason for each."""

from __future__ import annotations

import pandas as pd

from inclucities.kb.model import KnowledgeBase


def rank_practices(
    kb: KnowledgeBase,
    weights: dict[str, float],
    *,
    exclude_city: str | None = None,
    prefer_city: str | None = None,
    top: int = 8,
) -> pd.DataFrame:
    """Practices scored by the total weight of the key factors they address.

    `weights` maps a key factor to how much the city needs it (its gap); factors with no weight are ignored.
    A practice of `prefer_city` (the mentor) wins ties, and the city's own practices are left out.
    """
    titles = {kf_id: kf.title for kf_id, (_, kf) in kb.key_factors.items()}
    rows = []
    for entry in kb.practices.values():
        practice = entry.practice
        if exclude_city and practice.city == exclude_city:
            continue
        addressed = sorted((k for k in practice.key_factors if weights.get(k, 0) > 0), key=lambda k: (-weights[k], k))
        if not addressed:
            continue
        score = sum(weights[k] for k in addressed)
        from_mentor = bool(prefer_city and practice.city == prefer_city)
        reasons = [f"{titles[k]} (gap {weights[k]:g})" for k in addressed]
        reason = "addresses " + "; ".join(reasons)
        if from_mentor:
            reason += f"; a practice of the mentor city, {kb.city_name(prefer_city or '')}"
        city, country = kb.practice_place(practice)
        rows.append(
            {
                "practice": practice.id,
                "title": practice.title,
                "place": f"{city} ({country})",
                "score": score,
                "from_mentor": from_mentor,
                "illustrative": practice.illustrative,
                "reason": reason,
            }
        )
    frame = pd.DataFrame(rows, columns=["practice", "title", "place", "score", "from_mentor", "illustrative", "reason"])
    frame = frame.sort_values(["score", "from_mentor", "title"], ascending=[False, False, True], ignore_index=True)
    frame.insert(0, "rank", range(1, len(frame) + 1))
    return frame.head(top)
