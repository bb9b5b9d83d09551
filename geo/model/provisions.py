"""Which provisions of the agreements apply to an area or zone on a day: naming it, its parent or its parts, or
all of Syria."""

from __future__ import annotations

import pandas as pd

from geo.model.agreements import scope_ids
from geo.model.atlas import Dated

__all__ = ["applying"]


def applying(dated: Dated, feature_id: str) -> pd.DataFrame:
    """Provisions in force that apply to ``feature_id``: naming it, its parent or its parts, or all of Syria."""
    related = {feature_id, *(dated.parts(feature_id))}
    parent = dated.parent(feature_id)
    if parent:
        related.add(parent)
    provisions = dated.provisions
    keep = [scope == "syria" or bool(related.intersection(scope_ids(scope))) for scope in provisions["scope"]]
    return provisions[keep]
