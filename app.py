"""zonemap: the Streamlit page. Widgets, caching and st_folium wiring over the geo/ library.

Run with ``make run`` (or ``streamlit run app.py``). The data files default to the bundled ones;
ZONEMAP_ZONES, ZONEMAP_PROVISIONS, ZONEMAP_AGREEMENTS, ZONEMAP_GOVERNORATES, ZONEMAP_OUTLINE … point the page
at others. Everything the page decides is in geo/: the scene (what is lit), the details, the place search,
clicks and the URL.
"""

from __future__ import annotations

from datetime import date

import streamlit as st
from streamlit_folium import st_folium

from geo import clicks, page, render, upload
from geo.agreements import categories_of
from geo.atlas import Sources, shared_atlas
from geo.details import absent_note, details, provision_lines
from geo.errors import DataError
from geo.offline import offline_assets
from geo.posts import post_details, post_lines
from geo.scene import Marker, View, long_date, resolve
from geo.text import markdown as md

st.set_page_config(page_title="zonemap — Syria's de-escalation areas", page_icon="🗺️", layout="wide")


# --- one handler for the page (issue 14): an unexpected failure shows one short line, never a traceback or a
# server path. Streamlit's own box is kept (so tests still see the exception) but redacted to its generic text.
def _page_failed(exc: Exception) -> bool:
    st.error(f"The page stopped on an internal error — please report: {type(exc).__name__}")
    return False


st.set_option("client.showErrorDetails", "none")
try:
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    get_script_run_ctx().on_script_error = _page_failed
except (ImportError, AttributeError):  # another Streamlit: the redacted box alone
    pass
# --- end of the handler ---------------------------------------------------------------------------------------
FORMATS = ("png", "svg", "pdf", "html")
MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf", "html": "text/html"}
# The map fills the window's height (within limits) and sits beside the details at laptop size.
st.markdown("""<style>
.block-container{padding:2.6rem 1rem 0.5rem 1rem;max-width:none}
h1{font-size:1.45rem !important;padding:0 0 .1rem 0 !important}
.st-key-mapbox iframe{height:clamp(420px,calc(100vh - 150px),1000px) !important}
.st-key-details{max-height:calc(100vh - 150px);overflow-y:auto;padding-right:.4rem}
</style>""", unsafe_allow_html=True)
MAP_HEIGHT = 600  # the frame's nominal height; CSS above sets the real one from the window


@st.cache_resource(show_spinner="Loading the map data…")
def server_atlas(sources: Sources):
    """The layers named by the ZONEMAP_* variables (bundled by default), loaded once per server."""
    return shared_atlas(sources)


def session_atlas(base):
    """This session's atlas: its own uploaded areas if it has a usable upload, else the server's.

    The upload is parsed once per session and kept in the session's state, so it is freed with the session.
    """
    file = st.session_state.get("upload")
    if file is None:
        st.session_state.pop("upload_atlas", None)
        return base, None
    content = file.getvalue()
    key = upload.content_key(content)
    cached = st.session_state.get("upload_atlas")
    if not cached or cached[0] != key:
        try:
            got = upload.load_uploaded_areas(file.name, content, outline=base.outline)
            cached = (key, base.with_areas(got.areas, upload.display_name(file.name), got.warnings), None)
        except DataError as exc:
            cached = (key, None, exc.lines)
        st.session_state.upload_atlas = cached
    return (cached[1] or base), cached[2]


def on_map_click() -> None:
    """st_folium's on_change: work out the clicked shape before the rerun draws anything."""
    returned = st.session_state.get("map") or {}
    clicked = returned.get("last_clicked")
    if clicks.is_new_click(clicked, st.session_state.get("last_click")):
        st.session_state.last_click = clicked
        scene = st.session_state.get("scene")
        if scene is not None:
            st.session_state.post = clicks.post_from_click(scene, returned)  # a post: its details, the area kept
            if st.session_state.post is None:
                st.session_state.selected = clicks.selection_from_click(scene.shapes, returned)
            st.session_state.go_to = None


def show_violence(area_id: str) -> None:
    """Deaths per month in and around an area, with the agreements' dates, and the rates before and after."""
    from geo.violence import violence

    found = violence(ATLAS, area_id)
    if found is None:
        return
    with st.expander("Violence before and after the agreements (UCDP)", expanded=True):
        st.altair_chart(page.violence_chart(found), width="stretch")
        st.caption("Deaths per 30 days (best estimate):")
        st.dataframe(found.periods, hide_index=True, width="stretch")
        st.caption(md(found.caveat))
        left, middle, right = st.columns(3)
        left.download_button("Table (CSV)", page.violence_csv(found), file_name=f"zonemap-violence-{area_id}.csv",
                             mime="text/csv", key="violence_csv")
        middle.download_button("Chart (PNG)", lambda: found.chart("png"), file_name=f"zonemap-violence-{area_id}.png",
                               mime="image/png", key="violence_png")
        right.download_button("Chart (SVG)", lambda: found.chart("svg"), file_name=f"zonemap-violence-{area_id}.svg",
                              mime="image/svg+xml", key="violence_svg")


@st.cache_resource(max_entries=256, show_spinner=False)
def _scenes(atlas_key: str, view: View, _atlas):
    return resolve(_atlas.at(view.date), view)


def scene_of(atlas, view: View):
    """The scene of a view: shared by the sessions that ask for the same view of the server's data; an upload's
    scenes are not cached (nothing of an upload outlives its session)."""
    return _scenes(atlas.key, view, atlas) if atlas is BASE else resolve(atlas.at(view.date), view)


def keep(key: str) -> None:
    """A widget's on_change: keep its new value where the top of the next run reads it. (The widgets are drawn
    after the map, and a widget's own key can still hold its old value before the widget is drawn.)"""
    st.session_state[f"v_{key}"] = st.session_state[key]


def value(key: str):
    """A widget's current value, read before the widget is drawn."""
    return st.session_state.get(f"v_{key}", st.session_state.get(key))


def on_go_to() -> None:
    st.session_state.selected = st.session_state.go_to or None


# --- data ------------------------------------------------------------------------------------
try:
    BASE = server_atlas(Sources.from_env())
except DataError as exc:
    st.error("The map data cannot be loaded:\n\n" + "\n".join(f"- {md(line)}" for line in exc.lines))
    st.stop()
ATLAS, upload_errors = session_atlas(BASE)

# --- state: from the URL once per session, then the widgets own it. The widgets are drawn after the map
# (the map is what a visitor waits for), so every value is read from the session's state here.
if "url_loaded" not in st.session_state:
    url = clicks.parse_params(st.query_params, ATLAS)
    start = dict(provisions=list(url.provisions), categories=list(url.categories), place=url.place,
                 day=url.date or ATLAS.schema.default_date, typed_day=None, basemap="None", events_days=90,
                 **{f"layer_{name}": name in ATLAS.schema.default_layers for name in ATLAS.schema.layers})
    st.session_state.update(url_loaded=True, selected=url.area, go_to=None, export_format="png",
                            atlas_what="provision", **start, **{f"v_{k}": v for k, v in start.items()})
    for warning in url.warnings:
        st.toast(md(warning), icon="⚠️")
if st.session_state.get("selected") not in ATLAS.names:  # e.g. an upload without the selected area
    st.session_state.selected = None
DAY: date = value("typed_day") or value("day")
DATED = ATLAS.at(DAY)
in_force = DATED.provisions
if any(k not in in_force.index for k in value("provisions")):  # a new date: drop what is not in force yet
    st.session_state.provisions = st.session_state.v_provisions = [k for k in value("provisions") if k in in_force.index]
layers = frozenset(name for name in ATLAS.schema.layers if value(f"layer_{name}"))
query = value("place") or ""
found = page.find_place(query, DATED)
marker = Marker(found.name, found.lat, found.lon) if found and found.found else None
view = View(date=DAY, provisions=tuple(k for k in in_force.index if k in value("provisions")),
            categories=tuple(sorted(value("categories"))), selected=st.session_state.selected,
            layers=layers, marker=marker, events_days=value("events_days"))
scene = scene_of(ATLAS, view)
st.session_state.scene = scene

# --- the map and the details panel ----------------------------------------------------------
st.title(f"Syria's de-escalation areas · {long_date(DAY)}")
left, right = st.columns([3, 2], gap="small")
with left, st.container(key="mapbox"):
    basemap = value("basemap")
    base = offline_assets(render.base_map(ATLAS, layers, None if basemap == "None" else basemap))
    st_folium(base, key="map", height=MAP_HEIGHT, use_container_width=True, returned_objects=clicks.RETURNED,
              feature_group_to_add=render.scene_layer(scene), on_change=on_map_click)

with right, st.container(key="details"):
    if found is not None and not found.found and found.message:
        st.warning(md(found.message))
    elif found is not None:
        where = f"inside **{md(found.area)}**" if found.area else "outside every de-escalation area"
        gov = f", in **{md(found.governorate)}** governorate" if found.governorate else ", outside Syria"
        spelled = "" if found.exact else f" (closest spelling to “{md(query)}”)"
        st.success(f"**{md(found.name)}**{spelled} lay {where}{gov} on {long_date(DAY)}."
                   + (f" {md(found.history[0].upper() + found.history[1:])}." if found.history else "")
                   + (f" {md(found.note)}" if found.note else ""))
    post = post_details(ATLAS, st.session_state.get("post") or "", DAY)
    if post is not None:  # a click on a post: what it is, whose, the deal that set it up, its dates
        with st.container(border=True, key="post_details"):
            lines = post_lines(post)
            st.subheader(md(lines[0]))
            if post.name_ar:
                st.caption(md(post.name_ar))
            st.markdown("  \n".join(md(line) for line in lines[1:]))
            st.caption("Source: " + md(post.source or "not given") + (f" · {md(post.note)}" if post.note else ""))
            if st.button("Close", key="close_post"):
                st.session_state.post = None
                st.rerun()
    info = details(DATED, view.selected, view.provisions, view.categories) if view.selected else None
    if view.selected and info is None:
        st.info(md(absent_note(ATLAS, view.selected, DAY)))
    if info is not None:
        st.header(md(info.name))
        if info.name_ar:
            st.caption(md(info.name_ar))
        st.markdown(f"**{md(info.kind)}** · about **{info.km2:,.0f} km²** · {md(info.period)}")
        if info.part_of:
            st.markdown(f"Part of **{md(info.part_of)}**.")
        if info.parts:
            st.markdown("Its zones: " + ", ".join(f"**{md(p)}**" for p in info.parts) + ".")
        st.markdown("**Governorates:** " + (md(info.shares) or "none"))
        if info.fate:
            st.markdown(f"**What became of it:** {md(info.fate)}")
        with st.expander(f"How the shape was drawn · confidence: {md(info.confidence or 'not given')}"):
            st.markdown(md(info.method or "not given"))
            st.caption("Source: " + md(info.source or "not given"))
            if info.note:
                st.caption(md(info.note))
            if len(info.history) > 1:
                st.caption("Its dated shapes: " + "; ".join(
                    f"{p.valid_from or '…'} to {p.valid_to or 'end'}: {p.km2:,.0f} km²" for p in info.history))
        st.caption("Agreements in force: " + (md(", ".join(info.agreements)) or "none yet"))
        show_violence(info.id)
        st.subheader("Provisions that apply here" + (" (filtered)" if view.filtered else ""))
        if st.button("Clear selection", key="clear_selection"):
            st.session_state.selected = None
            st.rerun()
        lines = info.provisions
    else:
        st.header("Provisions")
        st.caption(md(scene.title) + ". Click an area on the map for its details.")
        if scene.procedural:
            st.caption(f"Procedural, no place on the map: {md(', '.join(ATLAS.label(k) for k in scene.procedural))}.")
        if scene.absent:
            st.caption(f"No place on this date: {md(', '.join(ATLAS.label(k) for k in scene.absent))}.")
        lines = provision_lines(ATLAS, scene.provisions)
    if not lines:
        st.write("No provision matches.")
    groups: dict[str, list] = {}  # one block per agreement (the process has many): fewer elements to send
    for line in lines:
        groups.setdefault(line.agreement, []).append(line)
    for agreement, group in groups.items():
        parts = [f"##### {md(agreement)}"] if len(groups) > 1 else []
        if group[0].known:  # how little of its text is known, said plainly above its provisions
            parts.append(f":blue-background[{md(group[0].known)}]")
        for line in group:
            note = f" · **{md(line.status_note)}**" if line.status_note else ""
            parts += [f"**{md(line.label)}. {md(line.title)}**  \n> {md(line.text)}"]
            if line.translation:
                parts.append(f"> *Our translation from {md(line.language)}:* {md(line.translation)}")
            parts += [f":small[:gray[{md(quote)}]]" for quote in line.quotes]
            parts.append(f":small[:gray[{md(line.agreement)} · {md(line.why)}{note}]]")
        st.markdown("\n\n".join(parts))

# --- the sidebar: the widgets that own the state read above -----------------------------------
key_dates = dict(ATLAS.key_dates)
with st.sidebar:
    st.header("Date")
    st.select_slider("Key dates", options=sorted(set(key_dates) | {st.session_state.day}), key="day",
                     on_change=keep, args=("day",),
                     format_func=lambda d: page.date_label(d, key_dates),
                     help="The areas, zones, posts and agreements as they stood on this date.")
    st.date_input("Or any date", min_value=date(2016, 1, 1), max_value=date(2022, 12, 31), key="typed_day",
                  on_change=keep, args=("typed_day",),
                  format="YYYY-MM-DD")
    st.header("Filter")
    st.multiselect("Provisions", list(in_force.index), key="provisions", on_change=keep, args=("provisions",),
                   format_func=lambda k: page.provision_option(k, in_force, ATLAS),
                   help="Show where each chosen provision applies; each group of places gets its own colour.")
    for key in st.session_state.provisions:
        st.caption(md(page.provision_option(key, in_force, ATLAS)))
    st.multiselect("Categories", categories_of(in_force), key="categories",
                   on_change=keep, args=("categories",))
    st.header("Areas")
    present = {i: n for i, n in zip(DATED.shapes["id"], DATED.shapes["name"], strict=True)}
    if st.session_state.go_to not in present:
        st.session_state.go_to = None
    st.selectbox("Go to", [None, *present], key="go_to", on_change=on_go_to,
                 format_func=lambda i: present.get(i, "—") if i else "—")
    st.header("Find a place")
    st.text_input("Place name", key="place", placeholder="e.g. Saraqib, Douma, Daraa", on_change=keep, args=("place",))
    st.header("Layers")
    for name, label in ATLAS.schema.layers.items():
        st.checkbox(label, key=f"layer_{name}", on_change=keep, args=(f"layer_{name}",))
    st.selectbox("Events shown", [30, 90, 180, 365, 730], key="events_days", on_change=keep, args=("events_days",),
                 format_func=lambda n: f"the {n} days up to the date", disabled="events" not in layers,
                 help="UCDP GED events placed at a settlement or better; circles sum a 5 km grid.")
    st.radio("Basemap", ["None", *render.TILES], key="basemap", horizontal=True, on_change=keep, args=("basemap",),
             help="'None' draws on a plain background; a tile layer loads images from the internet.")
    st.header("Your own areas")
    st.file_uploader("GeoJSON, GeoPackage or zipped shapefile", type=[s.lstrip(".") for s in upload.SUFFIXES],
                     key="upload", help="Replaces the areas on this page for you only, until you remove the file. "
                                        "Nothing is saved.")
    if upload_errors:
        st.error(f"Your file was not used; the page shows the bundled areas. {len(upload_errors)} "
                 f"problem{'s' if len(upload_errors) > 1 else ''}:")
        for line in upload_errors[:20]:
            st.caption("⚠️ " + md(line))
    elif ATLAS is not BASE:
        notes = page.upload_summary(ATLAS, BASE)
        with st.expander(f"Your areas: {md(ATLAS.origin)} ({len(ATLAS.areas)} features)"
                         + (f", {len(notes)} notes" if notes else "")):
            st.caption("Shown for you only. Remove the file to return to the bundled areas.")
            for line in notes:
                st.caption(md(line))

# --- downloads: rendered only when asked -----------------------------------------------------
with st.sidebar:
    st.header("Download this view")
    fmt = st.selectbox("Format", FORMATS, format_func=str.upper, key="export_format")
    if st.button("Prepare download", key="export_prepare"):
        from geo import export

        with st.spinner(f"Rendering {fmt.upper()}…"):
            st.session_state.export = (fmt, view, ATLAS.key, export.render_bytes(fmt, scene))
    ready = st.session_state.get("export")
    if ready and ready[:3] == (fmt, view, ATLAS.key):
        st.download_button(f"Download {fmt.upper()}", ready[3], file_name=f"zonemap.{fmt}", mime=MIME[fmt],
                           key="export_download")
    st.subheader("Atlas (PDF handout)")
    ATLAS_KINDS = {"provision": "every provision in force of the agreements that drew the areas, with its map and "
                               "text", "zone": "every area and zone",
                   "date": "the whole story: one page per date the map changed"}
    what = st.selectbox("One page per", list(ATLAS_KINDS), format_func=ATLAS_KINDS.get, key="atlas_what")
    if st.button("Prepare the atlas", key="atlas_prepare"):
        from geo import export

        with st.spinner("Drawing the atlas…"):
            st.session_state.atlas_pdf = (what, DAY, ATLAS.key,
                                          export.atlas_pdf(ATLAS, day=None if what == "date" else DAY, what=what))
    ready = st.session_state.get("atlas_pdf")
    if ready and ready[:3] == (what, DAY, ATLAS.key):
        st.download_button("Download the atlas (PDF)", ready[3], file_name=f"zonemap-atlas-{what}.pdf",
                           mime="application/pdf", key="atlas_download")
    st.caption("Approximate shapes; no official map was published. " + md(". ".join(scene.credits)) + ".")

# --- the URL follows the state, so a view can be shared -------------------------------------
wanted = clicks.to_params(clicks.UrlState(DAY, view.selected, view.provisions, view.categories, query.strip()),
                          ATLAS.schema.default_date, ATLAS.schema.default_agreement)
current = {k: st.query_params.get_all(k) if k in ("provision", "category") else st.query_params.get(k)
           for k in st.query_params}
if current != wanted:
    st.query_params.from_dict(wanted)
