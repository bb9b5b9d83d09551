"""zonemap: the Streamlit page. Widgets, caching and st_folium wiring over the geo/ library.

Run with ``make run`` (or ``streamlit run app.py``). The data files default to the bundled ones;
ZONEMAP_ZONES, ZONEMAP_PROVISIONS, ZONEMAP_AGREEMENTS, ZONEMAP_GOVERNORATES, ZONEMAP_OUTLINE … point the page
at others. Everything the page decides is in geo/: the scene (what is lit), the details, the place search,
clicks and the URL; every sentence it writes is in geo/base/words.py.
"""

from __future__ import annotations

import json
from datetime import date

import streamlit as st
from streamlit_folium import st_folium

from geo import page
from geo.base.errors import DataError
from geo.base.i18n import LANGS, translator
from geo.base.text import isolated
from geo.base.text import markdown as md
from geo.base.words import plural, say
from geo.draw import render
from geo.draw.offline import offline_assets
from geo.model import upload
from geo.model.agreements import categories_of
from geo.model.atlas import Sources, shared_atlas
from geo.model.local import local_label, local_names
from geo.model.span import data_span
from geo.scene import clicks
from geo.scene.details import absent_note, details, history_text, post_absent, post_details, provision_lines
from geo.scene.scene import Marker, View, resolve


def page_lang() -> str:
    """The page's language: the switch's (once drawn), else the link's (``?lang=ar``), else English."""
    chosen = st.session_state.get("v_lang", st.session_state.get("lang"))
    if chosen in LANGS:
        return chosen
    linked = st.query_params.get("lang", "")
    return linked if linked in LANGS else LANGS[0]


LANG = page_lang()
T = translator(LANG)  # the words of the page's language (dates, lists, numbers)
st.set_page_config(page_title=say("page_title", LANG), page_icon="🗺️", layout="wide")


# Streamlit shows an uncaught exception's type only (client.showErrorDetails, also in .streamlit/config.toml); the
# script's body below runs inside one try, so an unexpected failure is one short line of the page's own.
st.set_option("client.showErrorDetails", "none")
FORMATS = ("png", "svg", "pdf", "html")
MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf", "html": "text/html"}
# The map fills the window's height (within limits) and sits beside the details at laptop size. On a phone the
# sidebar, when open, leaves a strip of the map to tap (it closes the sidebar).
PAGE_STYLE = """
.block-container{padding:2.6rem 1rem 0.5rem 1rem;max-width:none}
h1{font-size:1.45rem !important;padding:0 0 .1rem 0 !important}
.st-key-mapbox iframe{height:clamp(420px,calc(100vh - 150px),1000px) !important}
.st-key-details{max-height:calc(100vh - 150px);overflow-y:auto;padding-right:.4rem;scroll-margin-top:4rem}
table.zonemap-rates{width:100%;border-collapse:collapse;font-size:.8rem;line-height:1.25;table-layout:auto}
table.zonemap-rates th{font-weight:600;text-align:right;vertical-align:bottom;padding:2px 4px;border-bottom:1px solid #ccc}
table.zonemap-rates th:first-child,table.zonemap-rates td:first-child{text-align:left;width:38%}
table.zonemap-rates td{padding:3px 4px;border-bottom:1px solid #eee;vertical-align:top}
table.zonemap-rates td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.zonemap-rates small{color:#666}
@media (max-width:640px){
 .block-container{padding:2.6rem .5rem .5rem .5rem}
 .st-key-mapbox iframe{height:clamp(360px,calc(100vh - 190px),700px) !important}
 .st-key-details{max-height:none;overflow-y:visible}
 section[data-testid="stSidebar"][data-collapsed="false"]{width:min(65vw,300px) !important;min-width:0 !important;
  max-width:65vw !important}
}
"""
MAP_HEIGHT = 600  # the frame's nominal height; CSS above sets the real one from the window
def css_text(text: str) -> str:
    """A catalogue's words as a CSS string's content."""
    return text.replace("\\", "").replace('"', "").replace("<", "").replace("\n", " ")


# Right to left: the app's content (its dir set by set_direction; the few left-set rules flipped). Written in the
# page's one style element, which every language has: an element only in Arabic would shift every element after
# it, and Streamlit would then mount them anew on a language switch, the map's frame with them (a full reload).
RTL_STYLE = """
[data-testid="stMain"],[data-testid="stSidebarContent"]{{direction:rtl}}
table.zonemap-rates th,table.zonemap-rates td.n{{text-align:left}}
table.zonemap-rates th:first-child,table.zonemap-rates td:first-child{{text-align:right}}
.st-key-details{{padding-right:0;padding-left:.4rem}}
[data-testid="stFileUploaderDropzoneInstructions"] span,[data-testid="stFileUploaderDropzone"] button{{visibility:hidden}}
[data-testid="stFileUploaderDropzoneInstructions"] span::after{{visibility:visible;content:"{limit}";display:block}}
[data-testid="stFileUploaderDropzone"] button::after{{visibility:visible;content:"{browse}";position:absolute;
 inset:0;display:flex;align-items:center;justify-content:center;border:1px solid #ccc;border-radius:.5rem}}
"""  # with Streamlit's own English words on the uploader said in the page's language
st.markdown("<style>" + PAGE_STYLE + (RTL_STYLE.format(limit=css_text(say("upload_limit", LANG)),
                                                       browse=css_text(say("upload_browse", LANG))) if T.rtl else "")
            + "</style>", unsafe_allow_html=True)


def set_direction(lang: str) -> None:
    """``dir`` and ``lang`` on the app's content (the main pane and the sidebar's content), so the browser lays the
    page out right to left in Arabic (and back when the language is switched). Streamlit's shell keeps its sides:
    its folding sidebar slides out to the left, and set right to left it would fold over the map on a phone."""
    skip = json.dumps(say("skip_link", lang))  # Streamlit's own skip link, for a screen reader, in the language
    script = f"""<script>(function(){{
      var doc = window.parent ? window.parent.document : document;
      var win = doc.defaultView || window;
      win.zonemapDir = {{dir: '{translator(lang).dir}', lang: '{lang}'}};
      var apply = function() {{  // again whenever Streamlit mounts them anew (a folded sidebar is mounted late)
        var want = win.zonemapDir;
        ['[data-testid="stMain"]', '[data-testid="stSidebarContent"]'].forEach(function(sel) {{
          var el = doc.querySelector(sel);
          if (el && el.getAttribute('dir') !== want.dir) {{ el.setAttribute('dir', want.dir); }}
          if (el && el.getAttribute('lang') !== want.lang) {{ el.setAttribute('lang', want.lang); }}
        }});
      }};
      apply();
      if (!win.zonemapDirWatch) {{
        win.zonemapDirWatch = new MutationObserver(apply);
        win.zonemapDirWatch.observe(doc.body, {{childList: true, subtree: true}});
      }}
      doc.documentElement.setAttribute('lang', '{lang}');
      var link = doc.querySelector('[data-testid="stSkipToContent"]');
      if (link) {{ link.textContent = {skip}; }}
    }})();</script>"""
    try:
        st.html(script, unsafe_allow_javascript=True)
    except TypeError:  # a Streamlit without scripts in st.html: a zero-height frame reaches its parent instead
        import streamlit.components.v1 as components

        components.html(script, height=0)


@st.cache_resource(show_spinner=say("loading", LANG))
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
    """st_folium's on_change: work out the clicked shape or post before the rerun draws anything."""
    returned = st.session_state.get("map") or {}
    clicked = returned.get("last_clicked")
    if clicks.is_new_click(clicked, st.session_state.get("last_click")):
        st.session_state.last_click = clicked
        scene = st.session_state.get("scene")
        if scene is not None:
            st.session_state.selected = clicks.selection_from_click(scene.shapes, returned, posts=scene.posts)
            st.session_state.go_to = None


def english(text: str) -> str:
    """Prose of the data (English) as the page shows it: as it is in English; in another language, said to be the
    English text (never passed off as a translation), kept in its own order on a right-to-left page. Markdown-escaped."""
    return md(text) if LANG == "en" else say("english_note", LANG, text=isolated(md(text)))


def quoted(text: str) -> str:
    """An agreement's words as found (English, Arabic, Russian…), in their own order whatever the page's direction.
    Markdown-escaped."""
    return isolated(md(text))


def show_violence(area_id: str) -> None:
    """Deaths per month in and around an area, with the agreements' dates, and the rates before and after: the
    chart laid out as the downloaded one (the rest of Syria in its own panel), the rates as a narrow table."""
    from geo.draw.violence import violence

    found = violence(ATLAS, area_id)
    if found is None:
        return
    with st.expander(say("violence_header", LANG), expanded=True):
        for chart in page.violence_chart(found, LANG):
            st.altair_chart(chart, width="stretch")
        st.caption(say("violence_table", LANG))
        with st.container(key="violence_table"):
            st.markdown(page.violence_table(found, LANG), unsafe_allow_html=True)  # every cell escaped by geo.page
        st.caption(english(found.caveat))
        left, middle, right = st.columns(3)
        left.download_button(say("table_csv", LANG), page.violence_csv(found), file_name=f"zonemap-violence-{area_id}.csv",
                             mime="text/csv", key="violence_csv")
        middle.download_button(say("chart_png", LANG), lambda: found.chart("png"),
                               file_name=f"zonemap-violence-{area_id}.png", mime="image/png", key="violence_png")
        right.download_button(say("chart_svg", LANG), lambda: found.chart("svg"),
                              file_name=f"zonemap-violence-{area_id}.svg", mime="image/svg+xml", key="violence_svg")


def show_post(post_id: str) -> None:
    """An observation post's details: who ran it, its history, where it stood, and where the facts come from."""
    info = post_details(DATED, post_id, LANG)
    st.header(md(info.name))
    if info.name_ar:
        st.caption(md(info.name_ar))
    st.markdown(say("post_kind", LANG, kind=md(info.kind[:1].upper() + info.kind[1:]), operator=md(info.operator))
                + (" · " + say("post_number", LANG, number=md(info.number)) if info.number else ""))
    history = [say("post_set_up", LANG, date=md(info.established))] if info.established else []
    if info.encircled:
        history.append(say("post_encircled", LANG, date=md(info.encircled)))
    ended = "post_withdrawn" if info.kind_id == "observation post" else "post_ended"  # a crossing is closed, not withdrawn
    history.append(say(ended, LANG, date=md(info.withdrawn)) if info.withdrawn else say("post_standing", LANG))
    st.markdown(say("post_history", LANG) + "\n" + "\n".join(f"- {line}" for line in history))
    if info.agreement:
        st.markdown(say("post_deal", LANG, agreement=md(info.agreement)))
    where = say("place_inside", LANG, area=md(info.area)) if info.area else say("place_outside", LANG)
    st.markdown(say("post_where", LANG, date=T.long_date(DAY), where=where))
    with st.expander(say("post_sources", LANG, location=md(info.location_confidence or say("not_given", LANG)),
                         dates=md(info.date_confidence or say("not_given", LANG)))):
        st.caption(say("source", LANG, source=english(info.source) if info.source else say("not_given", LANG)))
        if info.note:
            st.caption(english(info.note))
        for name, text in info.extra:
            st.caption(f"{md(name)}: {md(text)}")


def answer_token(selected: str | None, query: str) -> str:
    """What the details panel answers: a new one is scrolled into view on a phone (none: "")."""
    return f"{selected}|{query.strip()}" if selected or query.strip() else ""


def bring_into_view(token: str) -> None:
    """On a narrow window (a phone) the details sit under the map, and the sidebar, when open, covers the page:
    after a tap or a search, fold the sidebar and scroll the answer into view, once per new answer. Where the
    details already show beside the map, nothing moves."""
    if not token or st.session_state.get("shown_answer") == token:
        return
    st.session_state.shown_answer = token
    script = """<script>(function(){
      var doc = window.parent ? window.parent.document : document, win = doc.defaultView || window;
      var box = doc.querySelector('.st-key-details');
      if (!box || win.innerWidth >= 640) { return; }
      var fold = doc.querySelector('section[data-testid="stSidebar"][data-collapsed="false"] '
                                   + '[data-testid="stSidebarCollapseButton"] button');
      if (fold) { fold.click(); }
      if (box.getBoundingClientRect().top > win.innerHeight * 0.6) { box.scrollIntoView({block: 'start'}); }
    })();</script>"""
    try:
        st.html(script, unsafe_allow_javascript=True)
    except TypeError:  # a Streamlit without scripts in st.html: a zero-height frame reaches its parent instead
        import streamlit.components.v1 as components

        components.html(script, height=0)


@st.cache_resource(max_entries=256, show_spinner=False)
def _scenes(atlas_key: str, view: View, _atlas):
    return resolve(_atlas.at(view.date), view)


def scene_of(atlas, view: View):
    """The scene of a view: shared by the sessions that ask for the same view of the server's data; an upload's
    scenes are not cached (nothing of an upload outlives its session)."""
    return _scenes(atlas.key, view, atlas) if atlas is BASE else resolve(atlas.at(view.date), view)


@st.cache_resource(max_entries=16, show_spinner=False)
def _spans(atlas_key: str, _atlas):
    return data_span(_atlas)


def span_of(atlas):
    """The first and last day the data describes (geo/model/span.py): the days a visitor may type."""
    return _spans(atlas.key, atlas) if atlas is BASE else data_span(atlas)


def keep(key: str) -> None:
    """A widget's on_change: keep its new value where the top of the next run reads it. (The widgets are drawn
    after the map, and a widget's own key can still hold its old value before the widget is drawn.)"""
    st.session_state[f"v_{key}"] = st.session_state[key]


def value(key: str):
    """A widget's current value, read before the widget is drawn."""
    return st.session_state.get(f"v_{key}", st.session_state.get(key))


def on_slider() -> None:
    """The slider was moved: its day is the date (the last control touched wins)."""
    st.session_state.day = st.session_state.day_slider
    st.session_state.day_error = None


def on_typed_date() -> None:
    """A date was typed (Enter or leaving the box applies it): a valid one is the date, else say why."""
    text = st.session_state.day_text or ""
    day = page.read_date(text, span_of(ATLAS))
    if day is None:
        st.session_state.day_error = text
    else:
        st.session_state.day = day
        st.session_state.day_error = None


def on_go_to() -> None:
    st.session_state.selected = st.session_state.go_to or None


def clear(key: str) -> None:
    st.session_state[key] = st.session_state[f"v_{key}"] = []


try:  # the script's body: an unexpected failure shows one short line, never a traceback or a server path
    # --- data ------------------------------------------------------------------------------------
    try:
        BASE = server_atlas(Sources.from_env())
    except DataError as exc:
        st.error(say("data_error", LANG) + "\n\n" + "\n".join(f"- {md(line)}" for line in exc.lines))
        st.stop()
    ATLAS, upload_errors = session_atlas(BASE)

    # --- state: from the URL once per session, then the widgets own it. The widgets are drawn after the map
    # (the map is what a visitor waits for), so every value is read from the session's state here.
    if "url_loaded" not in st.session_state:
        url = clicks.parse_params(st.query_params, ATLAS)
        start = dict(provisions=list(url.provisions), categories=list(url.categories), place=url.place, lang=url.lang,
                     basemap=None, events_days=90,
                     **{f"layer_{name}": name in ATLAS.schema.default_layers for name in ATLAS.schema.layers})
        st.session_state.update(url_loaded=True, selected=url.post or url.area, go_to=None, export_format="png",
                                atlas_what="provision", day=url.date or ATLAS.schema.default_date, day_error=None,
                                shown_answer=answer_token(url.post or url.area, url.place),  # a link opens on its map
                                **start, **{f"v_{k}": v for k, v in start.items()})
        for warning in url.warnings:
            st.toast(md(warning), icon="⚠️")
    post_ids = set(ATLAS.posts["id"])
    if st.session_state.get("selected") not in ATLAS.names and st.session_state.get("selected") not in post_ids:
        st.session_state.selected = None  # e.g. an upload without the selected area
    DAY: date = st.session_state.day
    DATED = ATLAS.at(DAY)
    in_force = DATED.provisions
    if any(k not in in_force.index for k in value("provisions")):  # a new date: drop what is not in force yet
        st.session_state.provisions = st.session_state.v_provisions = [k for k in value("provisions") if k in in_force.index]
    layers = frozenset(name for name in ATLAS.schema.layers if value(f"layer_{name}"))
    query = value("place") or ""
    found = page.find_place(query, DATED, LANG)
    marker = Marker(found.name, found.lat, found.lon) if found and found.found else None
    view = View(date=DAY, provisions=tuple(k for k in value("provisions") if k in in_force.index),
                categories=tuple(sorted(value("categories"))), selected=st.session_state.selected,
                layers=layers, marker=marker, events_days=value("events_days"), lang=LANG)
    scene = scene_of(ATLAS, view)
    st.session_state.scene = scene
    selected_post = view.selected if view.selected in post_ids else None

    # --- the map and the details panel ----------------------------------------------------------
    set_direction(LANG)
    st.title(say("heading", LANG, date=T.long_date(DAY)))
    left, right = st.columns([3, 2], gap="small")
    with left, st.container(key="mapbox"):
        basemap = value("basemap")
        base = offline_assets(render.base_map(ATLAS, layers, basemap or None))
        st_folium(base, key="map", height=MAP_HEIGHT, use_container_width=True, returned_objects=clicks.RETURNED,
                  feature_group_to_add=render.scene_layer(scene), on_change=on_map_click)

    with right, st.container(key="details"):
        if found is not None and not found.found and found.message:
            st.warning(md(found.message))
        elif found is not None:
            where = say("place_inside", LANG, area=md(found.area)) if found.area else say("place_outside", LANG)
            gov = (say("place_governorate", LANG, governorate=md(found.governorate)) if found.governorate
                   else say("place_outside_syria", LANG))
            spelled = "" if found.exact else say("place_spelled", LANG, query=md(query))
            st.success(say("place_found", LANG, name=md(found.name), spelled=spelled, where=where, governorate=gov,
                           date=T.long_date(DAY))
                       + (say("place_history", LANG, history=md(found.history[0].upper() + found.history[1:]))
                          if found.history else "")
                       + (f" {md(found.note)}" if found.note else ""))  # a note of the data: said to be English
        lines = None
        if selected_post is not None:
            if scene.selected_post is not None:
                show_post(selected_post)
            else:
                why = post_absent(ATLAS, selected_post, DAY, LANG)
                st.info(say("post_absent_before" if why[0] == "before" else "post_absent_after", LANG, name=md(why[1]),
                            date=why[2]))
            if st.button(say("clear_selection", LANG), key="clear_selection"):
                st.session_state.selected = None
                st.rerun()
        info = details(DATED, view.selected, view.provisions, view.categories, LANG) if view.selected else None
        if view.selected and info is None and selected_post is None:
            st.info(md(absent_note(ATLAS, view.selected, DAY, LANG)))
        if info is not None:
            st.header(md(info.name))
            if info.name_ar:
                st.caption(md(info.name_ar))
            st.markdown(say("kind_size_period", LANG, kind=md(info.kind), km2=T.number(info.km2), period=md(info.period)))
            if info.part_of:
                st.markdown(say("part_of", LANG, name=md(info.part_of)))
            if info.parts:
                st.markdown(say("parts", LANG, names=T.p_("list", ", ").join(f"**{md(p)}**" for p in info.parts)))
            st.markdown(say("governorates", LANG, shares=md(info.shares) or say("none", LANG)))
            if info.fate:
                st.markdown(say("fate", LANG, fate=md(info.fate) if info.fate_lang == LANG else english(info.fate)))
            with st.expander(say("how_drawn", LANG, confidence=md(info.confidence or say("not_given", LANG)))):
                st.markdown(english(info.method) if info.method else say("not_given", LANG))
                st.caption(say("source", LANG, source=english(info.source) if info.source else say("not_given", LANG)))
                if info.note:
                    st.caption(english(info.note))
                if len(info.history) > 1:
                    st.caption(say("dated_shapes", LANG, shapes=md(history_text(info.history, LANG))))
            st.caption(say("in_force", LANG, agreements=md(T.p_("list", ", ").join(info.agreements))
                           or say("none_yet", LANG)))
            show_violence(info.id)
            st.subheader(say("apply_here", LANG) + (say("filtered", LANG) if view.filtered else ""))
            if st.button(say("clear_selection", LANG), key="clear_selection"):
                st.session_state.selected = None
                st.rerun()
            lines = info.provisions
        elif selected_post is None:
            st.header(say("provisions_header", LANG))
            st.caption(say("click_hint", LANG, title=md(scene.title)))
            if scene.procedural:
                st.caption(say("procedural", LANG, keys=md(T.p_("list", ", ").join(local_label(ATLAS, k, LANG)
                                                                                   for k in scene.procedural))))
            if scene.absent:
                st.caption(say("absent", LANG, keys=md(T.p_("list", ", ").join(local_label(ATLAS, k, LANG)
                                                                               for k in scene.absent))))
            lines = provision_lines(ATLAS, scene.provisions, LANG)
        if lines is not None and not lines and view.provisions and view.categories:
            st.info(say("no_match_both", LANG))
            one, two = st.columns(2)
            one.button(say("clear_provisions", LANG), key="clear_provisions", on_click=clear, args=("provisions",))
            two.button(say("clear_categories", LANG), key="clear_categories", on_click=clear, args=("categories",))
        elif lines is not None and not lines:
            st.write(say("no_match", LANG))
        groups: dict[str, list] = {}  # one block per agreement (the process has many): fewer elements to send
        for line in lines or ():
            groups.setdefault(line.agreement, []).append(line)
        for agreement, group in groups.items():
            parts = [f"##### {md(agreement)}"] if len(groups) > 1 else []
            if group[0].known:  # how little of its text is known, said plainly above its provisions
                parts.append(f":blue-background[{md(group[0].known)}]")
            for line in group:  # the agreement's words as found (in their language), and what they are
                note = f" · **{md(line.status_note)}**" if line.status_note else ""
                if line.text_note:
                    note += f" · {md(line.text_note)}"
                parts += [f"**{md(line.label)}. {md(line.title)}**  \n> {quoted(line.text)}"]
                if line.translation:
                    parts.append(say("our_translation", LANG, language=md(line.language), text=english(line.translation)))
                parts += [f":small[:gray[{english(quote)}]]" for quote in line.quotes]
                parts.append(":small[:gray[" + say("provision_note", LANG, agreement=md(line.agreement), why=md(line.why),
                                                   status=note) + "]]")
            st.markdown("\n\n".join(parts))

    # --- the sidebar: the widgets that own the state read above -----------------------------------
    key_dates = dict(ATLAS.key_dates_in(LANG))
    # The slider shows the date, whichever control set it — set on every run: its label and its options' words are in
    # the page's language, so a language switch makes it a new widget, which would otherwise start at its first date.
    st.session_state.day_slider = DAY
    if not st.session_state.get("day_error"):
        st.session_state.day_text = DAY.isoformat()
    with st.sidebar:
        st.radio(say("language", LANG), LANGS, key="lang", on_change=keep, args=("lang",), horizontal=True,
                 format_func=lambda code: translator(code).language(code))  # each language named in its own words
        st.header(say("date_header", LANG))
        span = span_of(ATLAS)
        st.select_slider(say("key_dates", LANG), options=sorted(set(key_dates) | {DAY}), key="day_slider",
                         on_change=on_slider, format_func=lambda d: page.date_label(d, LANG),
                         help=say("key_dates_help", LANG) + (say("typed_date_help", LANG, first=T.long_date(span[0]),
                                                                 last=T.long_date(span[1])) if span else ""))
        st.caption(md(page.date_caption(DAY, key_dates, LANG)))
        st.text_input(say("typed_date", LANG), key="day_text", on_change=on_typed_date, max_chars=40,
                      placeholder=say("typed_date_placeholder", LANG))
        if st.session_state.get("day_error"):
            st.error(page.date_error(st.session_state.day_error, span_of(ATLAS), DAY, LANG))
        st.header(say("filter_header", LANG))
        st.multiselect(say("provisions", LANG), list(in_force.index), key="provisions", on_change=keep, args=("provisions",),
                       format_func=lambda k: page.provision_option(k, in_force, ATLAS, LANG), help=say("provisions_help", LANG),
                       placeholder=say("choose", LANG))
        for key in st.session_state.provisions:
            st.caption(md(page.provision_option(key, in_force, ATLAS, LANG)))
        st.multiselect(say("categories", LANG), categories_of(in_force), key="categories",
                       on_change=keep, args=("categories",), format_func=lambda c: T.data("category", c),
                       placeholder=say("choose", LANG))
        st.header(say("areas_header", LANG))
        present = {i: local_names(ATLAS, LANG).get(i, i) for i in DATED.shapes["id"]}
        if st.session_state.go_to not in present:
            st.session_state.go_to = None
        st.selectbox(say("go_to", LANG), [None, *present], key="go_to", on_change=on_go_to,
                     format_func=lambda i: present.get(i, "—") if i else "—")
        st.header(say("place_header", LANG))
        st.text_input(say("place_name", LANG), key="place", placeholder=say("place_placeholder", LANG), on_change=keep,
                      args=("place",))
        st.header(say("layers_header", LANG))
        for name, label in ATLAS.schema.layers.items():
            st.checkbox(T.data("layer", label), key=f"layer_{name}", on_change=keep, args=(f"layer_{name}",))
        st.selectbox(say("events_shown", LANG), [30, 90, 180, 365, 730], key="events_days", on_change=keep,
                     args=("events_days",), format_func=lambda n: say("events_days", LANG, days=n),
                     disabled="events" not in layers, help=say("events_help", LANG))
        st.radio(say("basemap", LANG), [None, *render.TILES], key="basemap", horizontal=True, on_change=keep,
                 args=("basemap",), help=say("basemap_help", LANG),
                 format_func=lambda b: say("basemap_none", LANG) if b is None else b)
        st.header(say("upload_header", LANG))
        st.file_uploader(say("upload_label", LANG), type=[s.lstrip(".") for s in upload.SUFFIXES], key="upload",
                         help=say("upload_help", LANG))
        if upload_errors:
            st.error(say("upload_refused", LANG, count=plural(len(upload_errors), "problems", LANG)))
            for line in upload_errors[:20]:
                st.caption("⚠️ " + md(line))
        elif ATLAS is not BASE:
            notes = page.upload_summary(ATLAS, BASE, LANG)
            with st.expander(md(page.upload_title(ATLAS, notes, LANG))):
                st.caption(say("upload_for_you", LANG))
                for line in notes:
                    st.caption(md(line))

    # --- downloads: rendered only when asked -----------------------------------------------------
    with st.sidebar:
        st.header(say("download_header", LANG))
        fmt = st.selectbox(say("format", LANG), FORMATS, format_func=str.upper, key="export_format")
        if st.button(say("prepare", LANG), key="export_prepare"):
            from geo.draw import export

            with st.spinner(say("rendering", LANG, fmt=fmt.upper())):
                st.session_state.export = (fmt, view, ATLAS.key, export.render_bytes(fmt, scene))
        ready = st.session_state.get("export")
        if ready and ready[:3] == (fmt, view, ATLAS.key):
            st.download_button(say("download", LANG, fmt=fmt.upper()), ready[3], file_name=f"zonemap.{fmt}", mime=MIME[fmt],
                               key="export_download")
        st.subheader(say("atlas_header", LANG))
        ATLAS_KINDS = {k: say(f"atlas_{k}", LANG) for k in ("provision", "zone", "date")}
        what = st.selectbox(say("atlas_per", LANG), list(ATLAS_KINDS), format_func=ATLAS_KINDS.get, key="atlas_what")
        if st.session_state.get("atlas_cancel"):
            st.info(say("atlas_cancelled", LANG))
        if st.button(say("atlas_prepare", LANG), key="atlas_prepare"):
            from geo.draw import export

            bar = st.progress(0.0, text=say("atlas_progress", LANG, done=0, total="…"))
            st.button(say("atlas_cancel", LANG), key="atlas_cancel")  # a click reruns the page, which stops the drawing

            def drawn(done: int, total: int) -> None:
                bar.progress(done / max(total, 1), text=say("atlas_progress", LANG, done=done, total=total))

            st.session_state.atlas_pdf = (what, DAY, ATLAS.key,
                                          export.atlas_pdf(ATLAS, day=None if what == "date" else DAY, what=what,
                                                           lang=LANG, progress=drawn))
            bar.empty()
        ready = st.session_state.get("atlas_pdf")
        if ready and ready[:3] == (what, DAY, ATLAS.key):
            st.download_button(say("atlas_download", LANG), ready[3], file_name=f"zonemap-atlas-{what}.pdf",
                               mime="application/pdf", key="atlas_download")
        st.caption(say("approximate", LANG, credits=md(T.p_("sentence", ". ").join(c.rstrip(". ") for c in scene.credits))))

    # --- the URL follows the state, so a view can be shared -------------------------------------
    area = None if selected_post else view.selected
    wanted = clicks.to_params(clicks.UrlState(DAY, area, view.provisions, view.categories, query.strip(),
                                              post=selected_post, lang=LANG),
                              ATLAS.schema.default_date, ATLAS.schema.default_agreement)
    current = {k: st.query_params.get_all(k) if k in ("provision", "category") else st.query_params.get(k)
               for k in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)
    bring_into_view(answer_token(view.selected, query))

except Exception as exc:  # Streamlit's own rerun and stop are not Exceptions: they pass through
    st.error(say("internal_error", LANG, kind=type(exc).__name__))
