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
