"""Days and names as a reader sees them: long and short dates, and the areas' and zones' names, labels and kinds
in a language."""

from __future__ import annotations

import weakref
from datetime import date

from geo.base.i18n import translator
from geo.model.agreements import provision_label

__all__ = ["local_kind", "local_label", "local_names", "long_date", "short_date"]


def long_date(day: date, lang: str = "en") -> str:
    """15 September 2017 (15 أيلول 2017)."""
    return translator(lang).long_date(day)


def short_date(day: date, lang: str = "en") -> str:
    """4 May 2017 (4 أيار 2017)."""
    return translator(lang).short_date(day)


_NAMES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def local_names(atlas, lang: str = "en") -> dict[str, str]:
    """Id → name of every area and zone in ``lang`` (its Arabic name in Arabic, where it has one)."""
    if lang == "en":
        return atlas.names
    cache = _NAMES.setdefault(atlas, {})
    if lang not in cache:
        t = translator(lang)
        ar = atlas.areas["name_ar"] if "name_ar" in atlas.areas.columns else [""] * len(atlas.areas)
        cache[lang] = {i: t.name(n, a) for i, n, a in zip(atlas.areas["id"], atlas.areas["name"], ar, strict=True)}
    return cache[lang]


def local_label(atlas, key: str, lang: str = "en") -> str:
    """How a provision is named in ``lang``: "5" (the statement's), "Sochi memorandum 3" / "مذكرة سوتشي 3"."""
    if lang == "en":
        return atlas.label(key)
    label = provision_label(key, atlas.schema.default_agreement)
    if label != key:
        return label
    agreement, _, number = key.partition(":")
    title = translator(lang).data("agreement", atlas.agreement_titles.get(agreement, agreement))
    return f"{title} {number}"


def local_kind(atlas, kind: str, lang: str = "en", plural: bool = False) -> str:
    """A kind's label ("Security zone") in ``lang``."""
    return translator(lang).data("kind", atlas.schema.kind_label(kind, plural=plural))
