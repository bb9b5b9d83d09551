"""What is drawn: ``Scene = resolve(atlas.at(date), view)``.

A :class:`View` is what the user asked for (a date, a provision or category filter, a selected area, the
layers, a marked place). :func:`resolve` turns it, with the layers in force on that date, into a
:class:`Scene`: each feature's state and colours, the title and subtitle, the legend entries, the provisions
shown, the credits and the frame. The folium map, the static map and the HTML export draw a Scene and decide
nothing themselves, so an export is exactly what the page shows.

The rule for what is lit, in one place:

- no filter: every area in its own colour, every zone hatched in its kind's colour; a selection keeps the
  selected feature and its parent or parts in colour and dims the rest;
- a filter: the chosen provisions are grouped by the places they name; each group has one colour, the colour of
  its first provision (:func:`geo.style.provision_colour`: by the key, so a provision keeps its colour whatever
  else is chosen; only when two groups would share a colour does the later-chosen one take the next free one),
  so two provisions that apply to different places look different (a provision for Syria as a whole colours the
  country); a zone named by a provision is lit, and the area it is part of is drawn as its context, faint and
  cut away under the lit zone, so that what is lit is always stronger than its context and keeps its own colour;
  everything else is dimmed.

The frame follows the shapes of the date: the areas in force on that day, not every area that ever existed.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import geopandas as gpd
import pandas as pd

from . import style
from .agreements import filter_provisions, provision_label, scope_ids
from .atlas import Dated
from .i18n import Translator, translator
from .schema import parse_date
from .text import clip

__all__ = ["Marker", "View", "LegendEntry", "Group", "Scene", "resolve", "long_date", "short_date", "tip_lines",
           "post_tip_lines", "provisions_phrase", "agreed_dash"]

OPACITY = {"selected": 0.7, "highlighted": 0.55, "context": 0.18, "dimmed": 0.3}
ZONE_OPACITY = 0.12  # a zone in the plain view: a light tint under its hatching
LIT_ZONE_OPACITY = 0.55  # a zone lit by a filter or selected: as strong as a lit area
EDGE_WIDTH = {"selected": 3.0, "highlighted": 1.5, "context": 1.0, "dimmed": 0.8}
TIP_CHARS = 120  # longest tooltip line: the map shows it clipped, and a click is matched against the same text


@dataclass(frozen=True)
class Marker:
    """A place marked on the map (a searched place, or ``--mark`` on the command line)."""

    name: str
    lat: float
    lon: float


@dataclass(frozen=True)
class View:
    """What the user asked to see. None means the schema's default (date, layers)."""

    date: date | None = None
    provisions: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    selected: str | None = None
    layers: frozenset[str] | None = None
    marker: Marker | None = None
    events_days: int = 90  # the events layer shows the events of this many days up to the date
    lang: str = "en"  # the language of every word of the map (geo.i18n.LANGS)

    @property
    def filtered(self) -> bool:
        return bool(self.provisions or self.categories)


@dataclass(frozen=True)
class LegendEntry:
    """One line of the legend: a swatch (fill, country, hatch, line, dash, outline, point, event, marker) in a
    colour, and a label."""

    label: str
    swatch: str
    colour: str
    hatch: str | None = None
    opacity: float = 1.0
    dash: tuple[float, ...] | None = None  # an "outline" line's dashes (on, off, … in line widths), as the map draws it


@dataclass(frozen=True)
class Group:
    """Provisions of a filter that apply to the same places, drawn in one colour."""

    colour: str
    keys: tuple[str, ...]
    places: tuple[str, ...]
    whole_country: bool
    label: str


@dataclass(frozen=True, eq=False)
class Scene:
    """Everything a renderer draws, decided once."""

    dated: Dated
    view: View
    layers: frozenset[str]
    shapes: gpd.GeoDataFrame
    country_fill: str | None
    groups: tuple[Group, ...]
    posts: gpd.GeoDataFrame
    title: str
    subtitle: str
    legend: tuple[LegendEntry, ...]
    provisions: pd.DataFrame
    procedural: tuple[str, ...]
    absent: tuple[str, ...]
    credits: tuple[str, ...]
    frame: tuple[float, float, float, float]
    frame_token: str
    labels: tuple[tuple[str, float, float], ...] = field(default=())
    agreed: gpd.GeoDataFrame | None = None  # where an area as agreed reaches beyond the held part: dashed lines
    events: pd.DataFrame | None = None  # cells of the events layer: lon, lat, events, deaths (None: layer off)
    events_note: str = ""
    selected_post: str | None = None  # the id of the selected observation post, when a post is selected

    @property
    def date(self) -> date:
        return self.dated.date

    @property
    def atlas(self):
        return self.dated.atlas

    @property
    def marker(self) -> Marker | None:
        return self.view.marker

    @property
    def lang(self) -> str:
        return self.view.lang

    @property
    def t(self) -> Translator:
        """The words of the scene's language."""
        return translator(self.view.lang)


def resolve(dated: Dated, view: View) -> Scene:
    """The scene of ``view`` on the layers in force on its date."""
    atlas = dated.atlas
    t = translator(view.lang)
    layers = view.layers if view.layers is not None else frozenset(atlas.schema.default_layers)
    present = set(dated.shapes["id"])
    chosen = _chosen(dated, view)
    groups, procedural, absent = ((), (), ())
    if chosen is not None:
        plural = t.data("kind", atlas.schema.kind_label(atlas.schema.area_kinds[0], plural=True)).lower()
        groups, procedural, absent = _groups(chosen, present, local_names(atlas, t.lang), atlas,
                                             set(dated.areas_only["id"]), plural, t)
    posts = _posts(dated, t) if "posts" in layers else _posts(dated, t).iloc[0:0]
    post = view.selected if view.selected in set(posts["id"]) else None
    shapes = _styled_shapes(dated, view, layers, groups)
    country_fill = next((g.colour for g in groups if g.whole_country), None)
    shown = _shown_provisions(dated, view, chosen)
    frame, token = _frame(dated, view, shapes, groups, posts if post else None)
    events, events_note = _events(dated, view) if "events" in layers else (None, "")
    agreed = _agreed_lines(dated) if "agreed" in layers else _agreed_lines(dated).iloc[0:0]
    return Scene(
        dated=dated, view=view, layers=layers, shapes=shapes, country_fill=country_fill, groups=groups,
        posts=posts, title=_title(dated, view, chosen, groups, procedural, post), subtitle=_subtitle(dated, t),
        legend=_legend(dated, view, layers, shapes, groups, events_note, agreed), provisions=shown,
        procedural=procedural, agreed=agreed,
        absent=absent, credits=_credits(dated, layers, view.marker is not None, t), frame=frame, frame_token=token,
        labels=_labels(shapes), events=events, events_note=events_note, selected_post=post)


def tip_lines(name: str, name_ar: str, kind: str, confidence: str, lang: str = "en") -> tuple[str, ...]:
    """The lines of a shape's tooltip, each clipped to TIP_CHARS (plain text; a renderer escapes them): its name,
    its name in the other script (Arabic under English; the English under Arabic), its kind and confidence."""
    t = translator(lang)
    lines = [name] + ([name_ar] if name_ar else [])
    confidence = t.data("confidence", confidence) if confidence else t._("not given")
    return tuple(clip(line, TIP_CHARS) for line in (
        *lines, t._("%(kind)s · shape confidence: %(confidence)s", kind=kind, confidence=confidence)))


def post_tip_lines(name: str, name_ar: str, operator: str, established: str, encircled: str,
                   withdrawn: str, lang: str = "en", kind: str = "", deal: str = "") -> tuple[str, ...]:
    """The lines of a post's tooltip (plain text; a renderer escapes them): what it is and whose, the deal that set
    it up, its dates. A click is matched against the same text, as for a shape. In English the dates are as the
    file writes them; in another language they follow its convention (:meth:`geo.i18n.Translator.short_date`)."""
    t = translator(lang)
    kind = kind or "observation post"

    def day(value: str) -> str:
        parsed = parse_date(value) if t.lang != "en" else None
        return t.short_date(parsed) if parsed else value

    ended = t._("withdrawn %(date)s", date=day(withdrawn)) if kind == "observation post" else \
        t._("ended %(date)s", date=day(withdrawn))
    dates = t.p_("list", "; ").join(d for d in (t._("set up %(date)s", date=day(established)) if established else "",
                                                t._("encircled %(date)s", date=day(encircled)) if encircled else "",
                                                ended if withdrawn else "")
                                    if d)
    what = t._("%(operator)s observation post", operator=operator) if kind == "observation post" else \
        t._("%(operator)s %(kind)s", operator=operator, kind=t.data("post kind", kind))
    lines = [name] + ([name_ar] if name_ar else []) + [what.strip()]
    lines += [t._("under %(agreement)s", agreement=deal)] if deal else []
    return tuple(clip(line, TIP_CHARS) for line in (*lines, *([dates] if dates else [])))


def provisions_phrase(keys, atlas, lang: str = "en") -> str:
    """Provisions named with their own agreement: "Astana joint statement 5, 7 · Astana memorandum 3"."""
    t = translator(lang)
    by_agreement: dict[str, list[str]] = {}
    for key in keys:
        agreement, _, number = key.partition(":")
        by_agreement.setdefault(agreement, []).append(number)
    return " · ".join(t._("%(agreement)s %(numbers)s", agreement=t.data("agreement", atlas.agreement_titles.get(a, a)),
                          numbers=t.p_("list", ", ").join(numbers)) for a, numbers in by_agreement.items())


def long_date(day: date, lang: str = "en") -> str:
    """15 September 2017 (15 أيلول 2017)."""
    return translator(lang).long_date(day)


def short_date(day: date, lang: str = "en") -> str:
    """4 May 2017 (4 أيار 2017)."""
    return translator(lang).short_date(day)


_NAMES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def local_names(atlas, lang: str = "en") -> dict[str, str]:
    """Id → name of every area and zone in ``lang`` (its Arabic name in Arabic, where it has one)."""
    if lang == "en":
        return atlas.names
    cache = _NAMES.setdefault(atlas, {})
    if lang not in cache:
        t = translator(lang)
        ar = atlas.areas["name_ar"] if "name_ar" in atlas.areas.columns else [""] * len(atlas.areas)
        cache[lang] = {i: t.name(n, a) for i, n, a in zip(atlas.areas["id"], atlas.areas["name"], ar, strict=True)}
    return cache[lang]


def local_label(atlas, key: str, lang: str = "en") -> str:
    """How a provision is named in ``lang``: "5" (the statement's), "Sochi memorandum 3" / "مذكرة سوتشي 3"."""
    if lang == "en":
        return atlas.label(key)
    label = provision_label(key, atlas.schema.default_agreement)
    if label != key:
        return label
    agreement, _, number = key.partition(":")
    title = translator(lang).data("agreement", atlas.agreement_titles.get(agreement, agreement))
    return f"{title} {number}"


def local_kind(atlas, kind: str, lang: str = "en", plural: bool = False) -> str:
    """A kind's label ("Security zone") in ``lang``."""
    return translator(lang).data("kind", atlas.schema.kind_label(kind, plural=plural))


# --- states and colours ------------------------------------------------------------------------


def _chosen(dated: Dated, view: View) -> pd.DataFrame | None:
    """The provisions a filter shows, in the order they were chosen (then the agreements' order)."""
    if not view.filtered:
        return None
    chosen = filter_provisions(dated.provisions, view.provisions, view.categories)
    order = {k: i for i, k in enumerate(view.provisions)}
    rank = [order.get(k, len(order)) for k in chosen["key"]]
    return chosen.iloc[sorted(range(len(chosen)), key=lambda i: rank[i])]


def _groups(chosen: pd.DataFrame, present: set[str], names: dict[str, str], atlas, area_ids: set[str],
            area_plural: str, t: Translator):
    by_place: dict[tuple, list[str]] = {}
    procedural, absent = [], []
    for key, scope in zip(chosen["key"], chosen["scope"], strict=True):
        if scope == "procedural":
            procedural.append(key)
            continue
        whole = scope == "syria"
        places = tuple(i for i in scope_ids(scope) if i in present)
        if not whole and not places:
            absent.append(key)
            continue
        by_place.setdefault((whole, places), []).append(key)
    groups = []
    every_area = tuple(sorted(area_ids))
    taken: set[str] = set()
    for (whole, places), keys in by_place.items():
        if whole:
            where = t._("Syria as a whole")
        elif len(places) > 1 and tuple(sorted(places)) == every_area:
            where = t._("all %(n)s %(kinds)s", n=len(places), kinds=area_plural)
        else:
            where = t.join([names.get(p, p) for p in places])
        label = t._("%(provisions)s: %(places)s", provisions=provisions_phrase(keys, atlas, t.lang), places=where)
        colour = _free_colour(style.provision_colour(keys[0]), taken)
        taken.add(colour)
        groups.append(Group(colour, tuple(keys), places, whole, label))
    return tuple(groups), tuple(procedural), tuple(absent)


def _free_colour(own: str, taken: set[str]) -> str:
    """``own`` unless an earlier group has it; then the next colour of the palette that no group has."""
    palette = style.GROUP_PALETTE
    start = palette.index(own)
    return next((palette[(start + i) % len(palette)] for i in range(len(palette))
                 if palette[(start + i) % len(palette)] not in taken), own)


def _posts(dated: Dated, t: Translator | None = None) -> gpd.GeoDataFrame:
    """The posts standing on the date, each with its tooltip lines (in ``t``'s language: the Arabic name first in
    Arabic, the English one under it)."""
    t = t or translator()
    posts = dated.posts.copy()
    deals = dated.atlas.agreement_titles
    tips = []
    for r in posts.itertuples(index=False):
        name, name_ar, operator, established, encircled, withdrawn, kind, agreement = (
            str(getattr(r, f, "") or "") for f in ("name", "name_ar", "operator", "established", "encircled",
                                                   "withdrawn", "kind", "agreement"))
        local = t.name(name, name_ar)
        other = name_ar if local == name else name
        deal = t.data("agreement", deals[agreement]) if agreement in deals else ""
        tips.append(post_tip_lines(local, other, t.place(operator) if operator else "", established, encircled,
                                   withdrawn, t.lang, kind=kind, deal=deal))
    posts["tip"] = tips
    return posts


def _styled_shapes(dated: Dated, view: View, layers: frozenset[str], groups: tuple[Group, ...]) -> gpd.GeoDataFrame:
    atlas, sch = dated.atlas, dated.atlas.schema
    shapes = dated.shapes.copy()
    shapes["layer"] = [sch.layer_of(k) for k in shapes["kind"]]
    shapes = shapes[shapes["layer"].isin(layers)].copy()
    is_area = shapes["kind"].isin(sch.area_kinds).to_numpy()
    own = [atlas.colours.get(i, style.AREA_PALETTE[0]) if a else sch.colour(k, style.ZONE_DEFAULT)
           for i, k, a in zip(shapes["id"], shapes["kind"], is_area, strict=True)]
    named: dict[str, str] = {}
    for g in groups:
        for place in g.places:
            named.setdefault(place, g.colour)
    parents = {dated.parent(p) for p in named} - {None}
    whole = any(g.whole_country for g in groups)
    selected = view.selected if view.selected in set(shapes["id"]) else None
    related = ({dated.parent(selected)} | set(dated.parts(selected))) - {None} if selected else set()
    states, fills = [], []
    for fid, colour in zip(shapes["id"], own, strict=True):
        if groups or view.filtered:
            state = "highlighted" if fid in named else ("context" if fid in parents or whole else "dimmed")
            fill = named.get(fid, colour if state == "context" else style.DIMMED)
        elif selected:
            state = "context" if fid in related else "dimmed"
            fill = colour if state == "context" else style.DIMMED
        else:
            state, fill = "highlighted", colour
        if fid == selected:
            state, fill = "selected", (named.get(fid, colour) if view.filtered else colour)
        states.append(state)
        fills.append(fill)
    shapes["state"] = states
    shapes["fill"] = fills
    shapes["edge"] = ["#000000" if s == "selected" else (style.CONTEXT if s == "dimmed" else f)
                      for s, f in zip(states, fills, strict=True)]
    shapes["edge_width"] = [EDGE_WIDTH[s] for s in states]
    lit = bool(groups or view.filtered)
    shapes["fill_opacity"] = [OPACITY[s] if a or s == "dimmed" else
                              (LIT_ZONE_OPACITY if s == "selected" or (lit and s == "highlighted") else ZONE_OPACITY)
                              for a, s in zip(is_area, states, strict=True)]
    shapes = _cut_under_lit_zones(shapes, is_area, lit)
    shapes["hatch"] = [None if a else sch.hatch(k) for a, k in zip(is_area, shapes["kind"], strict=True)]
    shapes["is_area"] = is_area
    shapes["km2"] = [dated.km2.get(i, 0.0) for i in shapes["id"]]
    lang = view.lang
    if lang == "en":
        shapes["name_other"] = shapes["name_ar"]
    else:  # the names in the scene's language; the English one second, where it differs
        english = shapes["name"].tolist()
        shapes["name"] = [translator(lang).name(n, a) for n, a in zip(english, shapes["name_ar"], strict=True)]
        shapes["name_other"] = [e if e != n else "" for e, n in zip(english, shapes["name"], strict=True)]
    shapes["tip"] = [tip_lines(n, a, local_kind(atlas, k, lang), c, lang) for n, a, k, c in
                     zip(shapes["name"], shapes["name_other"], shapes["kind"], shapes["confidence"], strict=True)]
    # Areas first, zones on top of them (what is drawn on top wins a click).
    return shapes.sort_values("is_area", ascending=False, kind="stable").reset_index(drop=True)


def _cut_under_lit_zones(shapes: gpd.GeoDataFrame, is_area, lit: bool) -> gpd.GeoDataFrame:
    """An area drawn under a zone lit in its own colour (by a filter, or selected) leaves that zone's ground
    uncovered, so the zone shows its colour, not a mix of the two."""
    strong = [not a and (s == "selected" or (lit and s == "highlighted"))
              for a, s in zip(is_area, shapes["state"], strict=True)]
    shapes["cut"] = False
    if not any(strong):
        return shapes
    import shapely

    cover = shapely.union_all(shapes.geometry[strong].values)
    under = [bool(a) and s != "dimmed" for a, s in zip(is_area, shapes["state"], strict=True)]
    shapes = shapes.copy()
    shapes.loc[under, "geometry"] = shapely.difference(shapes.geometry[under].values, cover)
    shapes.loc[under, "cut"] = True
    return shapes


# --- words ----------------------------------------------------------------------------------------


def _title(dated: Dated, view: View, chosen: pd.DataFrame | None, groups: tuple[Group, ...],
           procedural: tuple[str, ...], post: str | None = None) -> str:
    sch, atlas = dated.atlas.schema, dated.atlas
    t = translator(view.lang)
    names = local_names(atlas, t.lang)
    if chosen is None:
        if post is not None:
            row = dated.posts[dated.posts["id"] == post].iloc[0]
            return t._("%(name)s observation post — selected", name=t.name(row["name"], row.get("name_ar", "")))
        if view.selected and view.selected in names:
            return t._("%(name)s — selected", name=names[view.selected])
        return t._("The %(kinds)s of Syria", kinds=local_kind(atlas, sch.area_kinds[0], t.lang, plural=True).lower())
    keys = list(chosen["key"])
    if view.provisions and not view.categories:  # the title names them in the agreements' order
        label = provisions_phrase([k for k in dated.provisions.index if k in set(keys)] or list(view.provisions),
                                  atlas, t.lang)
    else:
        label = t.n_("Category %(names)s", "Categories %(names)s", len(view.categories),
                     names=t.p_("list", ", ").join(t.data("category", c) for c in view.categories))
        if view.provisions:
            label = t._("%(categories)s and %(provisions)s", categories=label,
                        provisions=provisions_phrase(list(view.provisions), atlas, t.lang))
    if not keys:
        if view.provisions and view.categories:
            return t._("%(label)s — no provision is in both: the two filters combine", label=label)
        return t._("%(label)s — no provision matches on this date", label=label)
    if not groups:
        return (t._("%(label)s — procedural, no place", label=label) if procedural
                else t._("%(label)s — no place on this date", label=label))
    if all(g.whole_country for g in groups):
        return t._("%(label)s — applies to Syria as a whole", label=label)
    if any(g.whole_country for g in groups):
        return t._("%(label)s — where they apply (some to Syria as a whole)", label=label)
    return t.n_("%(label)s — where it applies", "%(label)s — where they apply", len(keys), label=label)


def _subtitle(dated: Dated, t: Translator) -> str:
    agreements = t.p_("list", ", ").join(
        t._("%(agreement)s (%(date)s)", agreement=t.data("agreement", a.short_title), date=t.short_date(a.date))
        for a in dated.agreements)
    if agreements:
        return t._("As of %(date)s · in force: %(agreements)s", date=t.long_date(dated.date), agreements=agreements)
    return t._("As of %(date)s", date=t.long_date(dated.date))




def _shown_provisions(dated: Dated, view: View, chosen: pd.DataFrame | None) -> pd.DataFrame:
    if chosen is not None:
        return chosen
    if view.selected:
        from .details import applying

        return applying(dated, view.selected)
    return dated.provisions


# --- legend, labels, frame, credits -------------------------------------------------------------


def _legend(dated: Dated, view: View, layers: frozenset[str], shapes: gpd.GeoDataFrame,
            groups: tuple[Group, ...], events_note: str = "", agreed: gpd.GeoDataFrame | None = None,
            ) -> tuple[LegendEntry, ...]:
    atlas = dated.atlas
    t = translator(view.lang)
    entries: list[LegendEntry] = []
    if groups or view.filtered:
        for g in groups:
            entries.append(LegendEntry(g.label, "country" if g.whole_country else "fill", g.colour,
                                       opacity=0.35 if g.whole_country else OPACITY["highlighted"]))
        for row in shapes[shapes["state"] == "selected"].drop_duplicates("id").itertuples(index=False):
            if not any(row.id in g.places for g in groups):  # lit by no provision: it needs its own line
                entries.append(LegendEntry(t._("%(name)s (selected)", name=row.name), "fill", row.fill, opacity=OPACITY["selected"]))
        for row in shapes[shapes["state"] == "context"].drop_duplicates("id").itertuples(index=False):
            entries.append(LegendEntry(t._("%(name)s (context)", name=row.name), "fill", row.fill,
                                       opacity=OPACITY["context"]))
        if (shapes["state"] == "dimmed").any():
            entries.append(LegendEntry(t._("Not covered by the filter"), "fill", style.DIMMED, opacity=0.6))
    else:
        for row in shapes[shapes["state"] != "dimmed"].itertuples(index=False):
            if row.is_area:
                entries.append(LegendEntry(row.name, "fill", row.fill, opacity=OPACITY["highlighted"]))
            else:
                entries.append(LegendEntry(row.name, "hatch", row.fill, hatch=row.hatch))
        if (shapes["state"] == "dimmed").any():
            entries.append(LegendEntry(t._("Not selected"), "fill", style.DIMMED, opacity=0.6))
    if agreed is not None and not agreed.empty:
        titles = {a.id: a for a in atlas.agreements}
        for agreement, kind in dict.fromkeys(zip(agreed["agreement"], agreed["kind"], strict=True)):
            meta = titles.get(agreement)
            what = (t._("%(agreement)s, %(date)s", agreement=t.data("agreement", meta.short_title),
                        date=t.short_date(meta.date)) if meta else (agreement or t._("an agreement")))
            entries.append(LegendEntry(t._("%(kind)s (%(agreement)s)", kind=local_kind(atlas, kind, t.lang),
                                            agreement=what), "outline",
                                       atlas.schema.colour(kind, style.OUTLINE), dash=agreed_dash(atlas.schema, kind)))
    if events_note:
        entries.append(LegendEntry(events_note, "event", style.EVENT, opacity=0.5))
    if "posts" in layers and not dated.posts.empty:
        operators = t.p_("list", ", ").join(sorted(t.place(o) for o in set(dated.posts["operator"]) - {""}))
        kinds = set(dated.posts["kind"]) - {"", "observation post"} if "kind" in dated.posts else set()
        label = t._("Post or crossing (%(operators)s)", operators=operators or t._("guarantor")) if kinds else \
            t._("Observation post (%(operators)s)", operators=operators or t._("guarantor"))
        entries.append(LegendEntry(label, "point", style.POST))
    if not dated.roads.empty:
        for name in dict.fromkeys(_local(dated.roads, t)):
            entries.append(LegendEntry(name, "line", style.ROAD))
    if view.marker is not None:
        entries.append(LegendEntry(view.marker.name, "marker", style.MARKER))
    if "governorates" in layers:
        entries.append(LegendEntry(t._("Governorate boundary"), "line", style.GOVERNORATE))
    entries.append(LegendEntry(t._("National border of Syria"), "line", style.OUTLINE))
    others = atlas.outline[atlas.outline["kind"] != "country"]
    for name in _local(others, t):
        entries.append(LegendEntry(name, "dash", style.OCCUPIED, opacity=0.3))
    return tuple(entries)


def _local(frame: pd.DataFrame, t: Translator) -> list[str]:
    """The names of a layer's rows in the translator's language (its ``name_ar`` in Arabic, where it has one)."""
    ar = frame["name_ar"] if "name_ar" in frame.columns else [""] * len(frame)
    return [t.name(n, a) for n, a in zip(frame["name"], ar, strict=True)]


def agreed_dash(schema, kind: str) -> tuple[float, ...]:
    """The dashes of an area as agreed's outline (the schema's, else 5 on, 3 off): the map, the exports and every
    legend draw them alike."""
    return tuple(float(v) for v in (schema.dash(kind) or (5, 3)))


AGREED_TOLERANCE = 0.001  # degrees (about 100 m): an agreed edge this close to the held part's edge is that edge


def _agreed_lines(dated: Dated) -> gpd.GeoDataFrame:
    """The edges of the areas as agreed on the date that are not edges of the area's held part: where the
    shape an agreement described reaches beyond what the opposition held (nothing on the agreement's own day)."""
    import shapely

    agreed = dated.agreed
    held = dated.shapes.groupby("id").geometry.agg(lambda g: shapely.union_all(list(g)))
    lines = []
    for part_of, geom in zip(agreed["part_of"], agreed.geometry, strict=True):
        edge = geom.boundary
        if part_of in held.index:
            edge = shapely.difference(edge, held[part_of].boundary.buffer(AGREED_TOLERANCE))
        lines.append(edge)
    out = agreed.drop(columns="geometry").copy()
    out = gpd.GeoDataFrame(out, geometry=lines, crs=agreed.crs)
    keep = [not g.is_empty and g.length > AGREED_TOLERANCE for g in out.geometry]
    return out[keep].reset_index(drop=True)


EVENT_CELL = 0.05  # degrees: events are drawn summed on a grid of about 5 km


def _events(dated: Dated, view: View) -> tuple[pd.DataFrame, str]:
    """The events of the window up to the date, summed per grid cell; and the legend's words for them."""
    import numpy as np

    points = dated.atlas.events
    end = np.datetime64(dated.date, "D")
    start = end - np.timedelta64(max(int(view.events_days), 1) - 1, "D")
    days = points["date"].to_numpy().astype("datetime64[D]")
    chosen = points[(days >= start) & (days <= end)]
    cells = pd.DataFrame({"cx": np.floor(chosen["longitude"].to_numpy() / EVENT_CELL).astype(np.int64),
                          "cy": np.floor(chosen["latitude"].to_numpy() / EVENT_CELL).astype(np.int64),
                          "deaths": chosen["best"].to_numpy(), "events": 1})
    summed = cells.groupby(["cx", "cy"], sort=True).sum().reset_index()
    summed["lon"] = (summed["cx"] + 0.5) * EVENT_CELL
    summed["lat"] = (summed["cy"] + 0.5) * EVENT_CELL
    t = translator(view.lang)
    note = t._("Violent events, %(start)s – %(end)s (UCDP): %(events)s events, %(deaths)s deaths; circle area ∝ deaths",
               start=t.short_date(start.astype(object)), end=t.short_date(dated.date),
               events=t.number(int(summed["events"].sum())), deaths=t.number(int(summed["deaths"].sum())))
    if summed.empty:
        last = pd.Timestamp(points["date"].max()).date() if len(points) else dated.date
        note = t._("No UCDP events in the %(days)s days up to this date (the data run to %(last)s)",
                   days=view.events_days, last=t.short_date(last))
    return summed[["lon", "lat", "events", "deaths"]], note


def _labels(shapes: gpd.GeoDataFrame) -> tuple[tuple[str, float, float], ...]:
    out = []
    for row in shapes[shapes["is_area"]].itertuples(index=False):
        point = row.geometry.representative_point()
        out.append((row.name, float(point.x), float(point.y)))
    return tuple(out)


def _frame(dated: Dated, view: View, shapes: gpd.GeoDataFrame, groups: tuple[Group, ...], posts=None):
    if view.selected and view.selected in set(shapes["id"]):
        bounds = shapes[shapes["id"] == view.selected].total_bounds
        return _padded(bounds, 0.25), f"selected:{view.selected}"
    if posts is not None:
        point = posts.geometry[posts["id"] == view.selected].iloc[0]
        return (point.x - 0.3, point.y - 0.2, point.x + 0.3, point.y + 0.2), f"post:{view.selected}"
    if view.marker is not None:
        m = view.marker
        return (m.lon - 0.35, m.lat - 0.25, m.lon + 0.35, m.lat + 0.25), f"place:{m.name}:{m.lat}:{m.lon}"
    if groups and all(g.whole_country for g in groups):
        return tuple(float(v) for v in dated.atlas.outline.total_bounds), "country"
    frame = _padded(_day_frame(dated), 0.05)
    return frame, "areas:" + ",".join(f"{v:.3f}" for v in frame)


def _day_frame(dated: Dated) -> tuple[float, float, float, float]:
    """The areas in force on the date and the posts standing then (every area of the atlas on a day without)."""
    areas = dated.areas_only
    if areas.empty:
        return dated.atlas.frame
    w, s, e, n = (float(v) for v in areas.total_bounds)
    if not dated.posts.empty:
        pw, ps, pe, pn = (float(v) for v in dated.posts.total_bounds)
        w, s, e, n = min(w, pw), min(s, ps), max(e, pe), max(n, pn)
    return w, s, e, n


def _padded(bounds: Any, fraction: float) -> tuple[float, float, float, float]:
    w, s, e, n = (float(v) for v in bounds)
    dx, dy = max(e - w, 0.05) * fraction, max(n - s, 0.05) * fraction
    return (w - dx, s - dy, e + dx, n + dy)


def _credits(dated: Dated, layers: frozenset[str], marked: bool = False, t: Translator | None = None) -> tuple[str, ...]:
    atlas = dated.atlas
    credits = atlas.credits
    out = [credits.get("areas", ""), credits.get("governorates", "")]  # the outline is the governorates' union
    if not atlas.neighbours.empty:
        out.append(credits.get("neighbours", ""))
    if "posts" in layers and not dated.posts.empty:
        out.append(credits.get("posts", ""))
    out.append(credits.get("provisions", ""))
    if marked:
        out.append(credits.get("places", ""))
    if "events" in layers:
        out.append(credits.get("events", ""))
    t = t or translator()
    return tuple(t.data("credit", c) for c in out if c)
