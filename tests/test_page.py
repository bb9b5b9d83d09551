"""geo.page: what the page answers to a place search and shows for a provision, without a browser."""

from __future__ import annotations

from geo import page


def test_a_place_inside_an_area_names_it(atlas):
    found = page.find_place("Saraqeb", atlas.at("2017-09-15"))
    assert found.found and found.name == "Saraqib" and found.area_id == "idlib" and found.governorate == "Idlib"
    later = page.find_place("Saraqib", atlas.at("2020-03-10"))
    assert later.found and later.area_id == ""  # taken by the government in Feb–Mar 2020


def test_a_guessed_spelling_is_marked_as_a_guess(atlas):
    guess = page.find_place("Saraqibo", atlas.at())
    assert guess.found and guess.name == "Saraqib" and not guess.exact
    assert page.find_place("Saraqeb", atlas.at()).exact


def test_a_place_outside_syria_is_named_as_such(atlas):
    for query, country in (("Beirut", "Lebanon"), ("Amman", "Jordan"), ("Gaziantep", "Turkey"), ("Sochi", "Russia"),
                           ("Astana", "Kazakhstan")):
        found = page.find_place(query, atlas.at())
        assert not found.found and found.message == f"{query} is in {country}, outside Syria: the map covers Syria only."
        assert "did you mean" not in found.message


def test_a_divided_city_says_so(atlas):
    found = page.find_place("Daraa", atlas.at())
    assert found.found and "divided" in found.note and "Daraa al-Balad" in found.note
    assert page.find_place("Daraa al-Balad", atlas.at()).area_id == "southern"
    assert page.find_place("Daraa al-Mahatta", atlas.at()).area_id == ""


def test_unknown_and_absurd_names_get_a_message_not_a_guess(atlas):
    unknown = page.find_place("xqzzvbnm", atlas.at())
    assert not unknown.found and unknown.message.startswith("No place called “xqzzvbnm” is known here.")
    assert "Syria's towns and villages" in unknown.message and "in the gazetteer" not in unknown.message
    near = page.find_place("Saraqibxyz", atlas.at())
    assert not near.found and near.message.endswith("Did you mean Saraqib?")
    long = page.find_place("a" * 100_000, atlas.at())
    assert not long.found and long.message


def test_a_place_is_answered_by_its_common_english_name(atlas):
    for query in ("Douma", "Duma", "دوما", "Dūmā"):
        found = page.find_place(query, atlas.at())
        assert found.found and found.name == "Douma" and found.area_id == "eastern_ghouta"


def test_the_divided_city_note_answers_either_script(atlas):
    for query in ("Daraa", "Dar'a", "درعا"):
        found = page.find_place(query, atlas.at())
        assert found.found and "divided" in found.note and "Daraa al-Balad" in found.note, query


def test_a_place_across_the_border_is_named_by_its_country(atlas):
    for query, country in (("Kilis", "Turkey"), ("Irbid", "Jordan"), ("Reyhanlı", "Turkey")):
        found = page.find_place(query, atlas.at())
        assert not found.found and found.message == f"{found.message.split(' is in ')[0]} is in {country}, " \
                                                   "outside Syria: the map covers Syria only.", query


def test_provision_options_are_short_and_readable(atlas):
    provisions = atlas.at("2018-10-01").provisions
    assert page.provision_option("statement-2017:5", provisions, atlas) == "5 · Control forces in the Idlib security zone"
    assert page.provision_option("sochi-2018:3", provisions, atlas).startswith("Sochi memorandum 3 · ")


def _arabic(message: str, context: str | None = None) -> str:
    """The Arabic catalogue's translation, read with Babel's own reader (not through zonemap's translator)."""
    from babel.messages.pofile import read_po

    from geo.i18n import LOCALE_DIR

    with open(LOCALE_DIR / "ar" / "LC_MESSAGES" / "zonemap.po", "rb") as fh:
        found = read_po(fh).get(message, context=context)
    return found.string


def test_the_page_speaks_arabic(atlas):
    """The page's sentences, labels and answers in Arabic (issue 23): the catalogue's words, Levantine dates."""
    from datetime import date

    from geo.words import WORDS, say

    assert say("heading", "ar", date="15 أيلول 2017") == _arabic(WORDS["heading"]).format(date="15 أيلول 2017")
    assert page.date_label(date(2018, 9, 17), "ar") == "17 أيلول 2018"
    caption = page.date_caption(date(2018, 9, 17), dict(atlas.key_dates_in("ar")), "ar")
    assert caption == "17 أيلول 2018: " + _arabic("Sochi memorandum", "agreement")
    title = atlas.provisions.loc["statement-2017:5", "title"]
    assert page.provision_option("statement-2017:5", atlas.provisions, atlas, "ar") == (
        "5 · " + _arabic(title, "provision title"))  # the statement's provisions by their number, as in English
    found = page.find_place("Saraqib", atlas.at("2017-09-15"), "ar")
    assert found.found and found.name == "سراقب" and found.area == "إدلب والمناطق المجاورة"
    assert found.history.startswith(_arabic("inside the area as agreed in {month}").format(month="أيلول 2017"))
    abroad = page.find_place("Beirut", atlas.at(), "ar")
    assert abroad.message == _arabic(WORDS["place_abroad"]).format(name="Beirut", country="لبنان")
