"""geo.gazetteer: places found by name, whatever the transliteration — and found *exactly*, not by a guess.

A spelling that neither GeoNames nor the project's list holds must still be an exact match when folding
makes it one (vowels, doubled letters, articles, apostrophes, Arabic letter forms and marks). Each case
below is one that a broken fold turns into a guess or an error.
"""

from __future__ import annotations

import pytest

from geo.errors import InputError
from geo.gazetteer import lookup, normalise, places
from tests.facts import INKHIL, IZRA

MAARAT = "Ma‘arrat an Nu‘mān"

# (how a reader writes it, the place it is) — none of these spellings is in the gazetteer as written
FOLDED = [
    ("Rasten", "Ar Rastan"),  # e → a
    ("Salqeen", "Salqīn"),  # ee → i, q → k
    ("Khan Shaykhoun", "Khān Shaykhūn"),  # kh, ou
    ("Kafr Zeita", "Kafr Zaytā"),  # ei → ay
    ("Darkoush", "Darkūsh"),
    ("Jisr el-Shoghour", "Jisr ash Shughūr"),  # the article el-, o → u
    ("Ma'arrat an-Nu'man", MAARAT),  # apostrophes and hyphens
    ("Maarrat al-Nouman", MAARAT),
    ("El Sanamein", "Aş Şanamayn"),  # a leading article
    ("Al-Sheikh Maskin", "Shaykh Miskīn"),
    ("Talbisseh", "Tallbīsah"),  # doubled letters
    ("Qalaat al-Madiq", "Qal‘at al Maḑīq"),
    ("el-Latamneh", "Latamneh"),  # the project's own list (zones/places.csv), with an article
    ("معره النعمان", MAARAT),  # Arabic: ta marbuta written as ha
    ("أدلب", "Idlib"),  # Arabic: alif with hamza
    ("سَراقِب", "Saraqib"),  # Arabic: with short-vowel marks
]
# spellings the gazetteer holds as written (GeoNames' alternate names, the project's aliases)
LISTED = [
    ("Saraqeb", "Saraqib"),
    ("Maarat al-Numan", MAARAT),
    ("معرة النعمان", MAARAT),
    ("Ayn Tarma", "Ein Tarma"),
    ("Bab el-Hawa", "Bab al-Hawa"),
    ("Kafr Nabl", "Kafranbel"),
    ("Douma", "Dūmā"),
    ("دوما", "Dūmā"),
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
                                               ("Rastanovka", "Ar Rastan")])
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
