"""The page's own logic in Streamlit's AppTest (no browser): what a user sees after each action — the details of
an area with its real size and shares, filters, the date, layers, place search, the URL, downloads."""

from __future__ import annotations

import io
import re
import string
from datetime import date
from pathlib import Path

from shapely.geometry import shape
from streamlit.testing.v1 import AppTest

from geo import page
from tests.conftest import assert_shares, bundled_area_features, geodesic_km2
from tests.facts import GHOUTA_END_SHORT
from tests.hostile import CEILING

APP = str(Path(__file__).resolve().parents[1] / "app.py")
TIMEOUT = CEILING


def run(**params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def main_text(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "header", "subheader", "caption", "info", "success", "warning")
             for e in getattr(at.main, kind)]
    return "\n".join(parts).replace("\\", "")


def scene(at: AppTest):
    return at.session_state["scene"]


def test_the_page_opens_on_the_statements_date_with_every_area(atlas):
    at = run()
    assert at.title[0].value == "Syria's de-escalation areas · 15 September 2017"
    assert set(scene(at).shapes["id"]) == {"idlib", "northern_homs", "eastern_ghouta", "southern", "idlib_security_zone"}
    text = main_text(at)
    for number in range(1, 13):
        assert f"**{number}. " in text
    assert "approximate" in " ".join(c.value for c in at.sidebar.caption).lower()
    assert dict(at.query_params) == {}


def test_an_area_in_the_url_shows_its_size_and_governorate_shares():
    """Against the area's shape in the bundled file, measured on the ellipsoid and cut by the governorates read
    as plain GeoJSON (tests/conftest.py), not against what zonemap computes."""
    feature = next(f for f in bundled_area_features() if f["properties"]["id"] == "southern"
                   and f["properties"]["valid_from"] <= "2017-09-15" < (f["properties"]["valid_to"] or "9999"))
    geom = shape(feature["geometry"])
    at = run(area="southern")
    assert at.main.header[0].value == feature["properties"]["name"] == "Southern Syria"
    text = main_text(at)
    km2 = int(re.search(r"about \*\*([\d,]+) km²\*\*", text).group(1).replace(",", ""))
    assert abs(km2 - geodesic_km2(geom)) <= 0.5 + 2e-3 * km2
    assert_shares(re.search(r"\*\*Governorates:\*\* (.+)", text).group(1), geom)
    assert "**5. " not in text and "**9. " in text


def test_url_filters_and_unknown_values(atlas):
    at = run(area="idlib", provision=["5", "9", "99"])
    assert at.multiselect(key="provisions").value == ["statement-2017:5", "statement-2017:9"]
    assert any("'99'" in t.value for t in at.toast)
    text = main_text(at)
    assert "**5. " in text and "**9. " in text and "**1. " not in text
    assert at.query_params["provision"] == ["5", "9"] and at.query_params["area"] == "idlib"


def test_a_link_value_in_a_warning_is_shown_as_written_not_as_markdown():
    at = run(area="**x** [a](http://e)")
    toast = next(t.value for t in at.toast if "Unknown area" in t.value)
    punct = "[" + re.escape(string.punctuation) + "]"
    assert re.sub(r"\\(" + punct + ")", r"\1", toast).startswith("Unknown area '**x** [a](http://e)' in the link")
    assert not set(re.sub(r"\\" + punct, "", toast)) & set("*[]()")  # no bold, no link: every mark escaped


def test_filtering_by_provision_updates_the_map_title_and_url():
    at = run()
    at.multiselect(key="provisions").select("statement-2017:5").run()
    assert scene(at).title == "Astana joint statement 5 — where it applies"
    states = dict(zip(scene(at).shapes["id"], scene(at).shapes["state"], strict=True))
    assert states["idlib_security_zone"] == "highlighted" and states["idlib"] == "context"
    assert "5 · Control forces in the Idlib security zone" in [c.value for c in at.sidebar.caption]
    assert at.query_params["provision"] == "5"


def test_a_later_date_redraws_the_map_and_the_provisions(atlas):
    at = run(area="eastern_ghouta")
    at.select_slider(key="day_slider").set_value(date(2018, 9, 17)).run()
    assert not at.exception
    assert set(scene(at).shapes["id"]) == {"idlib", "idlib_dmz"}
    text = main_text(at)
    assert f"ended on {GHOUTA_END_SHORT}" in text
    assert at.query_params["date"] == "2018-09-17"
    at.multiselect(key="provisions").select("sochi-2018:3").run()
    assert scene(at).title.startswith("Sochi memorandum 3 — where it applies")


def test_any_date_can_be_typed():
    at = run()
    at.text_input(key="day_text").input("2019-09-01").run()
    assert at.title[0].value.endswith("1 September 2019")
    assert at.query_params["date"] == "2019-09-01"
    assert at.select_slider(key="day_slider").value == date(2019, 9, 1)  # the slider shows the typed date


def test_the_last_date_control_touched_wins():
    """Type 10 March 2020, then move the slider to 4 May 2017: the map, the title and the typed box follow the
    slider; then type again: the typed date rules, and the slider shows it."""
    at = run()
    at.text_input(key="day_text").input("2020-03-10").run()
    assert at.title[0].value.endswith("10 March 2020")
    at.select_slider(key="day_slider").set_value(date(2017, 5, 4)).run()
    assert at.title[0].value.endswith("4 May 2017") and scene(at).date == date(2017, 5, 4)
    assert at.text_input(key="day_text").value == "2017-05-04"
    at.text_input(key="day_text").input("2018-10-01").run()
    assert at.title[0].value.endswith("1 October 2018")
    assert at.select_slider(key="day_slider").value == date(2018, 10, 1)


def test_a_mistyped_date_says_so_and_keeps_the_map():
    at = run(date="2018-10-01")
    at.text_input(key="day_text").input("2018-31-10").run()
    assert at.title[0].value.endswith("1 October 2018")
    assert "is not a date written YYYY-MM-DD" in at.sidebar.error[0].value
    at.text_input(key="day_text").input("1999-01-01").run()  # before the data
    assert at.title[0].value.endswith("1 October 2018") and at.sidebar.error


def test_any_day_the_data_describes_can_be_typed_and_no_other():
    """The data begin with the first agreement, the Russia–Turkey ceasefire of 29 Dec 2016 (zones/agreements.json):
    that day and any later one of the span can be typed; the day before, or a day earlier in 2016, is refused with
    the span named."""
    at = run(date="2018-10-01")
    at.text_input(key="day_text").input("2016-06-01").run()
    assert at.title[0].value.endswith("1 October 2018")
    assert "between 2016-12-29 and" in at.sidebar.error[0].value
    at.text_input(key="day_text").input("2016-12-28").run()
    assert at.title[0].value.endswith("1 October 2018") and at.sidebar.error
    at.text_input(key="day_text").input("2016-12-29").run()
    assert at.title[0].value.endswith("29 December 2016") and not at.sidebar.error
    at.text_input(key="day_text").input("2020-11-30").run()  # no key date: a day like any other
    assert at.title[0].value.endswith("30 November 2020") and not at.sidebar.error


def test_a_post_in_the_url_shows_its_history():
    at = run(date="2018-10-01", post="op_salwa")
    assert at.main.header[0].value == "Salwa"
    text = main_text(at)
    assert "Set up: between 13 Oct 2017 and 20 Nov 2017" in text and "Observation post" in text  # zones/posts.geojson
    assert scene(at).selected_post == "op_salwa" and scene(at).frame_token == "post:op_salwa"
    assert at.query_params["post"] == "op_salwa" and "area" not in at.query_params
    at.select_slider(key="day_slider").set_value(date(2017, 9, 15)).run()  # before it was set up
    assert "was set up on 13 Oct 2017" in at.info[0].value


def test_filters_that_exclude_each_other_say_so_and_offer_to_clear_one():
    at = run(provision=["2", "4", "5"], category="humanitarian")
    assert "the two filters combine" in at.info[0].value
    at.button(key="clear_categories").click().run()
    assert not at.info and at.multiselect(key="categories").value == []
    assert [k for k in scene(at).view.provisions] == ["statement-2017:2", "statement-2017:4", "statement-2017:5"]


def test_unchecking_a_layer_removes_it_from_the_map():
    at = run()
    at.checkbox(key="layer_zones").uncheck().run()
    assert "idlib_security_zone" not in set(scene(at).shapes["id"])
    at.checkbox(key="layer_areas").uncheck().run()
    assert scene(at).shapes.empty
    assert any(e.label == "Governorate boundary" for e in scene(at).legend)
    at.checkbox(key="layer_governorates").uncheck().run()
    assert not any(e.label == "Governorate boundary" for e in scene(at).legend)


def test_choosing_an_area_from_the_list_selects_and_frames_it():
    at = run()
    at.selectbox(key="go_to").set_value("eastern_ghouta").run()
    assert at.main.header[0].value == "Eastern Ghouta"
    assert scene(at).frame_token == "selected:eastern_ghouta"
    at.button(key="clear_selection").click().run()
    assert at.main.header[0].value == "Provisions" and "area" not in at.query_params


def test_place_search_answers_and_is_kept_in_the_url(atlas):
    at = run()
    at.text_input(key="place").input("Saraqeb").run()
    message = at.success[0].value.replace("\\", "")
    assert "Saraqib" in message and atlas.names["idlib"] in message and "Idlib" in message
    assert at.query_params["place"] == "Saraqeb"
    found = page.find_place("Saraqeb", atlas.at())
    marker = scene(at).marker
    assert (marker.name, marker.lat, marker.lon) == ("Saraqib", found.lat, found.lon)
    at.text_input(key="place").input("Beirut").run()
    assert "Beirut is in Lebanon, outside Syria" in at.warning[0].value
    at.text_input(key="place").input("Saraqibo").run()
    assert "Saraqib** (closest spelling to “Saraqibo”)" in at.success[0].value.replace("\\", "")


def test_a_blank_place_search_shows_no_answer_and_no_marker():
    at = run()
    at.text_input(key="place").input("Saraqeb").run()
    at.text_input(key="place").input("   ").run()
    assert not at.success and not at.warning and scene(at).marker is None
    assert "place" not in at.query_params


def test_the_violence_csv_holds_the_caveat_and_the_table_with_formulas_neutralised(atlas):
    import dataclasses
    import io

    import pandas as pd

    from geo.draw.violence import violence

    found = violence(atlas, "eastern_ghouta")
    text = page.violence_csv(found).decode("utf-8")
    comments = " ".join(line[2:] for line in text.splitlines() if line.startswith("# "))
    assert comments.startswith(" ".join(found.caveat.split()[:8]))
    table = pd.read_csv(io.StringIO(text), comment="#")
    pd.testing.assert_frame_equal(table, found.periods, check_dtype=False)
    hostile = dataclasses.replace(found, periods=found.periods.assign(period='=HYPERLINK("http://x")'))
    cells = pd.read_csv(io.BytesIO(page.violence_csv(hostile)), comment="#")["period"]
    assert set(cells) == {"'=HYPERLINK(\"http://x\")"}  # a spreadsheet shows it, never runs it


def test_a_click_on_the_map_selects_the_shape_under_the_pointer(monkeypatch):
    """streamlit-folium's component replaced by one that reports a click as the browser does (its value, then
    the page's on_change, then a rerun): the page's own handler turns it into the selection."""
    import streamlit as st
    import streamlit_folium

    def clicked_map(*args, key=None, on_change=None, **kwargs):
        click = st.session_state.pop("test_click", None)
        if click is not None:
            st.session_state[key] = click
            on_change()
            st.rerun()
        return st.session_state.get(key)

    monkeypatch.setattr(streamlit_folium, "st_folium", clicked_map)
    at = run()
    point = {"lat": 32.85, "lng": 36.05}  # on the background of the map, inside the southern area
    at.session_state["test_click"] = {"last_clicked": point, "last_object_clicked": None,
                                      "last_object_clicked_tooltip": None}
    at.run()
    assert not at.exception and at.main.header[0].value == "Southern Syria"
    assert at.query_params["area"] == "southern"


def test_a_bad_data_file_is_an_error_message_not_a_crash(tmp_path, monkeypatch):
    bad = tmp_path / "areas.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    monkeypatch.setenv("ZONEMAP_ZONES", str(bad))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert "cannot be loaded" in at.error[0].value and "areas.geojson" in at.error[0].value


def test_the_atlas_handout_is_prepared_on_demand():
    at = run(date="2018-10-01")
    at.selectbox(key="atlas_what").set_value("provision").run()
    at.button(key="atlas_prepare").click().run()
    assert not at.exception
    ready = at.session_state["atlas_pdf"]
    assert ready[0] == "provision" and ready[1] == date(2018, 10, 1)
    assert at.button(key="atlas_cancel")  # drawn beside the progress bar while it ran
    from pypdf import PdfReader

    pages = [page.extract_text() for page in PdfReader(io.BytesIO(ready[3])).pages]
    headers = [line for text in pages for line in text.splitlines() if line.startswith("zonemap atlas: ")]
    assert len(headers) > 20 and all("as of 1 October 2018" in line for line in headers)  # the page's date
    text = "\n".join(pages)
    assert "Sochi memorandum 3 — where it applies" in text  # signed by then: its demilitarized zone
    assert "Astana joint statement 5 — no place on this date" in text  # the 2017 security zone: gone by then
    assert "Moscow protocol" not in text  # not yet signed


def test_the_violence_table_equals_the_events_analysis(atlas):
    from html.parser import HTMLParser

    from geo.draw.chart import rates_table

    class Cells(HTMLParser):
        def __init__(self):
            super().__init__()
            self.rows, self.cell = [], None

        def handle_starttag(self, tag, attrs):
            if tag == "tr":
                self.rows.append([])
            elif tag in ("td", "th"):
                self.cell = ""

        def handle_endtag(self, tag):
            if tag in ("td", "th"):
                self.rows[-1].append(" ".join(self.cell.split()))
                self.cell = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell += data

    at = run(area="eastern_ghouta")
    html = next(m.value for m in at.main.markdown if m.value.startswith("<table class=\"zonemap-rates\""))
    parser = Cells()
    parser.feed(html)
    head, *rows = parser.rows
    assert head == ["Period", "Eastern Ghouta", "10 km ring", "Rest of Syria", "Events in the area"]
    expected = rates_table(atlas.event_counts, "eastern_ghouta", atlas.event_key_dates)
    number = [float(r[1].replace(",", "")) for r in rows]
    assert number == list(expected["area_per_30_days"].round(1))
    assert [float(r[3].replace(",", "")) for r in rows] == list(expected["rest_per_30_days"].round(1))
    assert number[3] > 3 * number[0]  # the offensive vs before
    assert number[2] > number[0]  # statement → offensive vs before


def test_a_download_is_prepared_on_demand():
    at = run(provision="5")
    assert not at.get("download_button")  # nothing rendered until asked
    at.selectbox(key="export_format").set_value("svg").run()
    at.button(key="export_prepare").click().run()
    assert not at.exception
    assert at.get("download_button"), "a download button appears once the file is ready"
    at.multiselect(key="provisions").select("statement-2017:9").run()
    assert not at.get("download_button"), "the file of the previous view is not offered for this one"
