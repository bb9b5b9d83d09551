"""zonemap: the Streamlit page. Widgets, caching and st_folium wiring over the geo/ library.

Run with ``make run`` (or ``streamlit run app.py``). The data files default to the bundled ones;
ZONEMAP_ZONES, ZONEMAP_OUTLINE, ZONEMAP_GOVERNORATES and ZONEMAP_PROVISIONS point the page at others.
"""

from __future__ import annotations

import os

import streamlit as st
from streamlit_folium import st_folium

from geo import analysis, clicks, gazetteer, load, provisions, render, style, tables, upload
from geo.clicks import md_escape as md
from geo.errors import DataError, InputError
from geo.offline import offline_assets
from geo.view import LAYERS, View, highlight

st.set_page_config(page_title="zonemap — Astana de-escalation areas", page_icon="🗺️", layout="wide")
LAYER_LABELS = {"areas": "De-escalation areas", "security_zone": "Idlib security zone", "governorates": "Governorates"}
BASEMAPS = ["None", *render.TILES]
FORMATS = ("png", "svg", "pdf", "html")
SCOPES = {provisions.SYRIA: "Syria as a whole", provisions.PROCEDURAL: "procedural, no place"}


PATHS = tuple(os.environ.get(f"ZONEMAP_{name}") for name in ("ZONES", "OUTLINE", "GOVERNORATES", "PROVISIONS"))
UPLOAD_TYPES = [s.lstrip(".") for s in upload.SUFFIXES]


def data():
    """The layers named by the ZONEMAP_* variables (bundled by default), loaded once per server."""
    return _data(*PATHS)


def current_data() -> dict:
    """This session's layers: its own uploaded areas if it has a usable upload, else the server's."""
    file = st.session_state.get("upload")
    if file is None:
        return data()
    loaded = _upload_data(file.name, upload.content_key(file.getvalue()), file.getvalue())
    return data() if "error" in loaded else loaded


def _layers(areas, outline, governorates, provs) -> dict:
    """Every layer, the joined table, km², shares and the point locator."""
    return {
        "areas": areas, "outline": outline, "governorates": governorates, "provisions": provs,
        "table": provisions.join(areas, provs), "km2": dict(zip(areas["id"], analysis.area_km2(areas), strict=True)),
        "shares": analysis.governorate_shares(areas, governorates),
        "locator": analysis.Locator.build(areas, governorates), "categories": provisions.categories_of(provs),
        "source": ("server", PATHS), "warnings": [], "notes": [],
    }


@st.cache_resource(show_spinner="Loading the map data…")
def _data(zones, outline_path, governorates_path, provisions_path):
    areas = load.load_areas(zones)
    provs = provisions.load_provisions(provisions_path, area_ids=areas["id"])
    return _layers(areas, load.load_outline(outline_path), load.load_governorates(governorates_path), provs)


@st.cache_resource(show_spinner="Reading your file…", max_entries=16)
def _upload_data(name: str, digest: str, _content: bytes) -> dict:
    """An upload's areas with the server's other layers; keyed by the file's name and content, not by session.

    The result is shared read-only by sessions that upload the same bytes; nothing is written to it.
    A file that cannot be used gives {"error": [lines]} (cached too: a bad file is parsed once).
    """
    try:
        got = upload.load_uploaded_areas(name, _content)
    except DataError as exc:
        return {"error": exc.lines}
    base = data()
    layers = _layers(got.areas, base["outline"], base["governorates"], base["provisions"])
    layers.update(source=("upload", name, digest), warnings=list(got.warnings),
                  notes=upload.provision_notes(base["provisions"], got.areas["id"]))
    return layers


@st.cache_data(show_spinner=False, max_entries=64)
def find_place(query: str) -> dict:
    """The gazetteer's answer for a query (the area it lies in depends on the session's layers)."""
    try:
        match = gazetteer.lookup(query)
    except InputError as exc:
        return {"error": str(exc)}
    place = match.place
    return {"name": place.name, "lat": place.lat, "lon": place.lon, "exact": match.exact, "source": place.source}


def place_in(found: dict, locator) -> dict:
    label = locator.labels([found["lon"]], [found["lat"]]).iloc[0]
    return {**found, "zone": label["zone_name"], "governorate": label["governorate"]}


@st.cache_data(show_spinner=False, max_entries=32)
def export_bytes(fmt: str, view: View, source: tuple, _d: dict) -> bytes:
    """The view rendered in ``fmt``; cached by the data's source (server files or an upload's content)."""
    from geo import export

    return export.render_bytes(fmt, view, _d["areas"], _d["outline"], _d["governorates"], _d["provisions"])


def on_map_click() -> None:
    """st_folium's on_change: work out the clicked area before the rerun draws anything."""
    clicked = (st.session_state.get("map") or {}).get("last_clicked")
    if clicks.is_new_click(clicked, st.session_state.get("last_click")):
        st.session_state.last_click = clicked
        layers = [name for name in LAYERS if st.session_state.get(f"layer_{name}", True)]
        st.session_state.selected = clicks.selection_from_click(current_data()["areas"], clicked, layers)


with st.sidebar:
    st.header("Your own areas")
    uploaded = st.file_uploader(
        "Areas file (GeoJSON, GeoPackage or zipped shapefile)", type=UPLOAD_TYPES, key="upload",
        help="Replaces the areas on this page for you only, until you remove the file. Nothing is saved.")
try:
    D = data()
except DataError as exc:
    st.error("The map data cannot be loaded:\n\n" + "\n".join(f"- {md(line)}" for line in exc.lines))
    st.stop()
if uploaded is not None:
    loaded = _upload_data(uploaded.name, upload.content_key(uploaded.getvalue()), uploaded.getvalue())
    if "error" in loaded:
        st.error(f"Your file was not used; the page shows the bundled areas. "
                 f"{len(loaded['error'])} problem{'s' if len(loaded['error']) > 1 else ''}:")
        for line in loaded["error"]:
            st.error(md(line), icon="⚠️")
    else:
        D = loaded
        st.info(f"Showing the areas of your file **{md(upload.display_name(uploaded.name))}** "
                f"({len(D['areas'])} features), for you only. Remove it to return to the bundled areas.")
        for line in D["warnings"]:
            st.warning(md(line))
        for line in D["notes"]:
            st.caption(md(line))
areas, provs = D["areas"], D["provisions"]
names = dict(zip(areas["id"], areas["name"], strict=True))

# --- state: from the URL once per session, then the widgets own it --------------------------
if "url_loaded" not in st.session_state:
    url = clicks.parse_params(st.query_params, areas["id"], provs["number"], D["categories"])
    st.session_state.update(url_loaded=True, selected=url.area, provisions=list(url.provisions),
                            categories=list(url.categories), url_warnings=list(url.warnings))
for warning in st.session_state.get("url_warnings", []):
    st.warning(md(warning))
if st.session_state.get("selected") not in names:  # e.g. an upload without the selected area
    st.session_state.selected = None

# --- sidebar --------------------------------------------------------------------------------
with st.sidebar:
    st.header("Filter")
    st.multiselect("Provisions", [int(n) for n in provs["number"]], key="provisions",
                   format_func=lambda n: f"{n}. {provs.loc[n, 'title']}")
    st.multiselect("Categories", D["categories"], key="categories")
    st.header("Find a place")
    query = st.text_input("Place name", key="place", placeholder="e.g. Saraqib, Douma, Daraa")
    st.header("Layers")
    for name in LAYERS:
        st.checkbox(LAYER_LABELS[name], value=True, key=f"layer_{name}")
    basemap = st.radio("Basemap", BASEMAPS, key="basemap", horizontal=True,
                       help="'None' draws on a plain background; a tile layer loads images from the internet.")

view = View(provisions=tuple(sorted(st.session_state.provisions)), categories=tuple(sorted(st.session_state.categories)),
            selected=st.session_state.selected,
            layers=frozenset(n for n in LAYERS if st.session_state.get(f"layer_{n}", True)))
hl = highlight(view, areas, provs)

place = find_place(query.strip()) if query.strip() else None
place = place_in(place, D["locator"]) if place and "error" not in place else place
marker = (place["lat"], place["lon"], place["name"]) if place and "error" not in place else None

# --- the map and the details panel ----------------------------------------------------------
st.title("Syria's de-escalation areas, 15 Sep 2017")
st.caption("The four areas of the Astana memorandum and the Idlib security zone, joined to the 14 provisions of the "
           "Iran–Russia–Turkey joint statement. Click an area for its details.")
left, right = st.columns([2, 1], gap="medium")
with left:
    st.subheader(hl.title)
    if hl.whole_country:
        st.info("A provision in this filter applies to Syria as a whole: the whole country is highlighted.")
    if hl.procedural:
        nums = ", ".join(map(str, hl.procedural))
        st.info(f"Provision {nums} is procedural: it has no place on the map.")
    if place and "error" in place:
        st.warning(place["error"])
    elif place:
        where = f"inside the **{md(place['zone'])}**" if place["zone"] else "outside every de-escalation area"
        gov = f", in **{md(place['governorate'])}** governorate" if place["governorate"] else ", outside Syria"
        spelled = "" if place["exact"] else f" (closest spelling to “{md(query)}”)"
        st.success(f"**{md(place['name'])}**{spelled} lies {where}{gov}.")
    base = offline_assets(render.base_map(D["outline"], D["governorates"], view.layers,
                                          None if basemap == "None" else basemap,
                                          render.legend_names(areas)))
    st_folium(base, key="map", height=640, use_container_width=True, returned_objects=["last_clicked"],
              feature_group_to_add=render.view_layer(areas, D["outline"], provs, view, marker),
              center=(marker[0], marker[1]) if marker else None, on_change=on_map_click)
    st.caption(style.SOURCE_LINE)

with right, st.container(key="details"):
    shown = set(hl.shown)
    if view.selected:
        row = areas[areas["id"] == view.selected].iloc[0]
        st.header(md(row["name"]))
        st.markdown(f"#### {md(row['name_ar'])}")
        st.markdown(f"**{md(row['kind']).capitalize()}** · about **{D['km2'][row['id']]:,.0f} km²**")
        st.markdown("**Governorates:** " + (md(tables.shares_text(D["shares"], row["id"])) or "none"))
        st.markdown(f"**How the shape was drawn:** {md(row['method'])}  \n**Confidence:** {md(row['confidence'])}"
                    f"  \n**Source:** {md(row['source'])}")
        if row["note"] and row["note"] != "not given":
            st.caption(md(row["note"]))
        owner = clicks.owner_area(areas, row["id"])
        rows = provisions.provisions_for_area(D["table"], owner)
        if view.filtered:
            rows = rows[rows["number"].isin(provisions.filter_provisions(provs, view.provisions,
                                                                         view.categories)["number"])]
        label = names[owner] if owner != row["id"] else row["name"]
        st.subheader(f"Provisions that apply to {md(label)}" + (" (filtered)" if view.filtered else ""))
        if owner != row["id"]:
            st.caption(f"The security zone is part of the {md(label)} arrangement; these are its provisions.")
        numbers = list(rows["number"])
        if st.button("Clear selection", key="clear_selection"):
            st.session_state.selected = None
            st.rerun()
    else:
        st.header("Provisions")
        st.caption("Click an area on the map for its details. The list follows the filter.")
        numbers = sorted(shown)
    if not numbers:
        st.write("No provision matches.")
    for n in numbers:
        p = provs.loc[n]
        scope = SCOPES.get(p["scope"], p["scope"]) if isinstance(p["scope"], str) else \
            ", ".join(names.get(s, s) for s in p["scope"])
        st.markdown(f"**{n}. {md(p['title'])}**  \n> {md(p['text'])}")
        st.caption(f"Applies to: {md(scope)} · {md(', '.join(p['categories']))}")

# --- downloads: rendered only when asked -----------------------------------------------------
with st.sidebar:
    st.header("Download this view")
    fmt = st.selectbox("Format", FORMATS, format_func=str.upper, key="export_format")
    if st.button("Prepare download", key="export_prepare"):
        with st.spinner(f"Rendering {fmt.upper()}…"):
            st.session_state.export = (fmt, view, D["source"], export_bytes(fmt, view, D["source"], D))
    ready = st.session_state.get("export")
    if ready and ready[:3] == (fmt, view, D["source"]):
        st.download_button(f"Download {fmt.upper()}", ready[3], file_name=f"zonemap.{fmt}",
                           mime={"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf",
                                 "html": "text/html"}[fmt], key="export_download")

# --- the URL follows the state, so a view can be shared -------------------------------------
wanted = clicks.to_params(view.selected, view.provisions, view.categories)
current = {k: (st.query_params.get_all(k) if k != "area" else st.query_params.get(k)) for k in st.query_params}
if current != wanted:
    st.query_params.from_dict(wanted)
