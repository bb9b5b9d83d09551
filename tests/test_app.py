"""The page's widget flows in Streamlit's AppTest (no browser): filters, URL state, place search."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import load
from geo.provisions import load_provisions

APP = str(Path(__file__).resolve().parents[1] / "app.py")
TIMEOUT = 60


@pytest.fixture(scope="module")
def names() -> dict[str, str]:
    areas = load.load_areas()
    return dict(zip(areas["id"], areas["name"], strict=True))


@pytest.fixture(scope="module")
def titles() -> dict[int, str]:
    provs = load_provisions()
    return {int(n): f"{n}. {t}" for n, t in zip(provs["number"], provs["title"], strict=True)}


def run(**params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [h.value for h in at.header] + [s.value for s in at.subheader]
                     + [c.value for c in at.caption] + [i.value for i in at.info] + [s.value for s in at.success])


def test_page_opens_with_every_provision(titles):
    at = run()
    assert at.title[0].value.startswith("Syria")
    page = texts(at)
    assert all(t.replace(":", "") in page.replace("\\", "").replace(":", "") for t in titles.values())
    assert "approximate" in page
    assert dict(at.query_params) == {}


def test_url_selects_an_area_and_filters(names, titles):
    at = run(area="idlib", provision=["5", "9"])
    assert at.header[0].value == names["idlib"]
    page = texts(at).replace("\\", "")
    assert titles[5] in page and titles[9] in page and titles[1] not in page
    assert at.multiselect(key="provisions").value == [5, 9]
    assert at.query_params["provision"] == ["5", "9"] and at.query_params["area"] == "idlib"


def test_unknown_url_values_warn_and_are_ignored():
    at = run(area="atlantis", provision=["5", "99"])
    warnings = " ".join(w.value for w in at.warning)
    assert "atlantis" in warnings and "99" in warnings
    assert at.multiselect(key="provisions").value == [5]
    assert at.header[0].value == "Provisions"  # nothing selected
    assert "area" not in at.query_params


def test_filter_by_provision_updates_title_and_url(titles):
    at = run()
    at.multiselect(key="provisions").select(5).run()
    assert not at.exception
    assert any("Provision 5" in s.value for s in at.subheader)
    page = texts(at).replace("\\", "")
    assert titles[5] in page and titles[9] not in page
    assert at.query_params["provision"] == "5"


def test_whole_country_and_procedural_provisions_are_explained():
    at = run(provision=["4", "13"])
    infos = " ".join(i.value for i in at.info)
    assert "Syria as a whole" in infos and "13" in infos and "no place" in infos


def test_filter_by_category():
    at = run()
    at.multiselect(key="categories").select("humanitarian").run()
    assert not at.exception
    assert at.query_params["category"] == "humanitarian"
    page = texts(at).replace("\\", "")
    assert "Humanitarian access" in page and "Thanks to Kazakhstan" not in page


def test_place_search_names_the_area(names):
    at = run()
    at.text_input(key="place").input("Saraqeb").run()
    assert not at.exception
    message = at.success[0].value.replace("\\", "")
    assert "Saraqib" in message and names["idlib"] in message and "Idlib" in message


def test_place_outside_the_areas_and_unknown_place():
    at = run()
    at.text_input(key="place").input("Palmyra").run()
    assert "outside every de-escalation area" in at.success[0].value
    at.text_input(key="place").input("Xqzzyv").run()
    assert not at.exception and "no place called" in at.warning[0].value


def test_layer_toggles_and_basemap_do_not_fail():
    at = run(area="southern")
    for name in ("areas", "security_zone", "governorates"):
        at.checkbox(key=f"layer_{name}").uncheck().run()
        assert not at.exception
    at.radio(key="basemap").set_value("OpenStreetMap").run()
    assert not at.exception


def test_clear_selection_button(names):
    at = run(area="southern")
    at.button(key="clear_selection").click().run()
    assert at.header[0].value == "Provisions" and "area" not in at.query_params


def test_bad_data_file_is_an_error_message_not_a_crash(tmp_path, monkeypatch):
    bad = tmp_path / "areas.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    monkeypatch.setenv("ZONEMAP_ZONES", str(bad))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert "cannot be loaded" in at.error[0].value and "areas.geojson" in at.error[0].value


def test_download_is_prepared_on_demand():
    pytest.importorskip("geo.export")
    at = run(provision="5")
    assert not at.get("download_button")  # nothing rendered until asked
    at.selectbox(key="export_format").set_value("html").run()
    at.button(key="export_prepare").click().run()
    assert not at.exception
    assert at.get("download_button"), "a download button appears once the file is ready"
