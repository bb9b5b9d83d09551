"""Every sentence the page writes, in one place: each is a message of the catalogue (``geo/locale``), so a
language is a ``.po`` file, not a change here.

``say(key, lang, **values)`` translates the template ``key`` into ``lang`` (:mod:`geo.i18n`) and fills it.
Templates are Markdown where the page shows Markdown and use ``{name}`` placeholders (a translation keeps the
same names; the catalogue's test checks it); the values are put in as given, so a caller escapes what came from
a file (``geo.text.markdown``) before passing it.
"""

from __future__ import annotations

from .i18n import N_, translator

__all__ = ["WORDS", "PLURALS", "say", "plural"]

WORDS: dict[str, str] = {
    # --- the page around the map
    "page_title": N_("zonemap — Syria's de-escalation areas"),
    "heading": N_("Syria's de-escalation areas · {date}"),
    "loading": N_("Loading the map data…"),
    "internal_error": N_("The page stopped on an internal error — please report: {kind}"),
    "data_error": N_("The map data cannot be loaded:"),
    "language": N_("Language"),
    "skip_link": N_("Skip to main content"),
    "english_note": N_("{text} (in English)"),
    # --- the date
    "date_header": N_("Date"),
    "key_dates": N_("Key dates"),
    "key_dates_help": N_("The areas, zones, posts and agreements as they stood on this date."),
    "on_this_day": N_("{date}: {what}"),
    "not_a_key_date": N_("{date}: a date you chose"),
    "typed_date": N_("Or type any date (YYYY-MM-DD), then Enter"),
    "typed_date_placeholder": N_("e.g. 2019-08-21"),
    "typed_date_help": N_(" Any day from {first} to {last} (the days the data describe) can be typed below."),
    "bad_date": N_("“{text}” is not a date written YYYY-MM-DD between {first} and {last}; the map stays on {date}."),
    "bad_date_any": N_("“{text}” is not a date written YYYY-MM-DD; the map stays on {date}."),
    # --- filters
    "filter_header": N_("Filter"),
    "choose": N_("Choose"),
    "provisions": N_("Provisions"),
    "provisions_help": N_("Show where each chosen provision applies; each provision keeps its own colour."),
    "categories": N_("Categories"),
    "no_match_both": N_("No provision is both among the provisions chosen and in the categories chosen: the two "
                      "filters combine (a provision must pass both). Clear one of them to see more."),
    "clear_provisions": N_("Clear the provisions"),
    "clear_categories": N_("Clear the categories"),
    "no_match": N_("No provision matches."),
    # --- areas, places
    "areas_header": N_("Areas"),
    "go_to": N_("Go to"),
    "place_header": N_("Find a place"),
    "place_name": N_("Place name"),
    "place_placeholder": N_("e.g. Saraqib, Douma, Daraa"),
    "place_found": N_("**{name}**{spelled} lay {where}{governorate} on {date}."),
    "place_spelled": N_(" (closest spelling to “{query}”)"),
    "place_inside": N_("inside **{area}**"),
    "place_outside": N_("outside every de-escalation area"),
    "place_governorate": N_(", in **{governorate}** governorate"),
    "place_outside_syria": N_(", outside Syria"),
    "place_abroad": N_("{name} is in {country}, outside Syria: the map covers Syria only."),
    "place_too_long": N_("That name is too long to be a place name."),
    "place_unknown": N_("No place called “{query}” is known here. The search knows Syria's towns and villages of "
                      "500 people or more (GeoNames) and some smaller places from the project's sources, in "
                      "English or Arabic spelling. Check the spelling, or try the nearest larger town."),
    "place_unknown_hint": N_("No place called “{query}” is known here. Did you mean {hints}?"),
    "place_history": N_(" {history}."),
    # --- a place's history (geo/history.py; locate --place writes the same words)
    "history_agreed": N_("inside the area as agreed"),
    "history_agreed_in": N_("inside the area as agreed in {month}"),
    "history_agreement": N_(" ({agreement})"),
    "history_ended": N_(", which ended on {date}"),
    "history_held_since": N_("held by the opposition since {date}"),
    "history_held_throughout": N_("held by the opposition throughout (drawn from {date})"),
    "history_taken_since": N_("held by the {side} since {date}"),
    "history_outside_since": N_("outside the held part since {date}"),
    # --- layers, uploads
    "layers_header": N_("Layers"),
    "events_shown": N_("Events shown"),
    "events_days": N_("the {days} days up to the date"),
    "events_help": N_("UCDP GED events placed at a settlement or better; circles sum a 5 km grid."),
    "basemap": N_("Basemap"),
    "basemap_none": N_("None"),
    "basemap_help": N_("'None' draws on a plain background; a tile layer loads images from the internet."),
    "upload_header": N_("Your own areas"),
    "upload_label": N_("GeoJSON, GeoPackage or zipped shapefile"),
    "upload_limit": N_("Up to 50 MB a file: GeoJSON, JSON, GeoPackage, zipped shapefile"),
    "upload_browse": N_("Choose a file"),
    "upload_help": N_("Replaces the areas on this page for you only, until you remove the file. Nothing is saved."),
    "upload_refused": N_("Your file was not used; the page shows the bundled areas. {count}:"),
    "upload_used": N_("Your areas: {name} ({features}){notes}"),
    "upload_for_you": N_("Shown for you only. Remove the file to return to the bundled areas."),
    "upload_names_missing": N_("{provision} names {missing}, which your file does not have: {effect}."),
    "upload_no_place": N_("no place on this map"),
    "upload_partly": N_("drawn only where it names your areas"),
    # --- the details panel
    "provisions_header": N_("Provisions"),
    "click_hint": N_("{title}. Click an area or an observation post on the map for its details."),
    "procedural": N_("Procedural, no place on the map: {keys}."),
    "absent": N_("No place on this date: {keys}."),
    "kind_size_period": N_("**{kind}** · about **{km2} km²** · {period}"),
    "part_of": N_("Part of **{name}**."),
    "parts": N_("Its zones: {names}."),
    "governorates": N_("**Governorates:** {shares}"),
    "none": N_("none"),
    "fate": N_("**What became of it:** {fate}"),
    "how_drawn": N_("How the shape was drawn · confidence: {confidence}"),
    "not_given": N_("not given"),
    "source": N_("Source: {source}"),
    "dated_shapes": N_("Its dated shapes: {shapes}"),
    "dated_shape": N_("{start} to {end}: {km2} km²"),
    "shape_end": N_("end"),
    "in_force": N_("Agreements in force: {agreements}"),
    "none_yet": N_("none yet"),
    "apply_here": N_("Provisions that apply here"),
    "filtered": N_(" (filtered)"),
    "clear_selection": N_("Clear selection"),
    "provision_note": N_("{agreement} · {why}{status}"),
    "our_translation": N_("*Our translation from {language} (not the agreement's words):* {text}"),
    # --- an observation post
    "post_kind": N_("**{kind}** · {operator}"),
    "post_number": N_("the operator's number: {number}"),
    "post_history": N_("**Its history**"),
    "post_set_up": N_("Set up: {date}"),
    "post_encircled": N_("Encircled by government forces: {date}"),
    "post_withdrawn": N_("Withdrawn: {date}"),
    "post_ended": N_("Ended: {date}"),
    "post_standing": N_("Still standing at the end of the data"),
    "post_deal": N_("**Under:** {agreement}"),
    "post_where": N_("On {date} it stood {where}."),
    "post_sources": N_("Where the facts come from · location: {location}, dates: {dates}"),
    "post_absent_before": N_("{name} observation post was set up on {date}: it is not on the map yet."),
    "post_absent_after": N_("{name} observation post was withdrawn on {date}."),
    # --- violence
    "violence_header": N_("Violence before and after the agreements (UCDP)"),
    "violence_table": N_("Deaths per 30 days (UCDP best estimate), between the key dates:"),
    "col_period": N_("Period"),
    "col_ring": N_("{km} km ring"),
    "col_rest": N_("Rest of Syria"),
    "col_events": N_("Events in the area"),
    "table_csv": N_("Table (CSV)"),
    "chart_png": N_("Chart (PNG)"),
    "chart_svg": N_("Chart (SVG)"),
    "chart_rest": N_("rest of Syria"),
    "chart_deaths": N_("deaths per month"),
    # --- downloads
    "download_header": N_("Download this view"),
    "format": N_("Format"),
    "prepare": N_("Prepare download"),
    "rendering": N_("Rendering {fmt}…"),
    "download": N_("Download {fmt}"),
    "atlas_header": N_("Atlas (PDF handout)"),
    "atlas_per": N_("One page per"),
    "atlas_provision": N_("every provision in force of the agreements that drew the areas, with its map and text"),
    "atlas_zone": N_("every area and zone"),
    "atlas_date": N_("the whole story: one page per date the map changed"),
    "atlas_prepare": N_("Prepare the atlas"),
    "atlas_progress": N_("Drawing the atlas: {done} of {total} maps"),
    "atlas_cancel": N_("Cancel"),
    "atlas_cancelled": N_("The atlas was cancelled."),
    "atlas_download": N_("Download the atlas (PDF)"),
    "approximate": N_("Approximate shapes; no official map was published. {credits}."),
}


def say(key: str, lang: str = "en", **values) -> str:
    """The page's sentence ``key`` in ``lang``, with ``values`` filled in."""
    return translator(lang)._(WORDS[key]).format(**values)


def n_(one: str, many: str) -> tuple[str, str]:
    """Mark a plural pair for the catalogue (extracted like ``t.n_``); :func:`plural` translates it."""
    return one, many


PLURALS: dict[str, tuple[str, str]] = {
    "features": n_("{n} feature", "{n} features"),
    "notes": n_("{n} note", "{n} notes"),
    "problems": n_("{n} problem", "{n} problems"),
}


def plural(n: int, key: str, lang: str = "en") -> str:
    """ "1 feature", "2 features": the counted words ``key`` of :data:`PLURALS` in ``lang`` (each language has its
    own plural forms in the catalogue)."""
    one, many = PLURALS[key]
    return translator(lang).n_(one, many, n).format(n=f"{n:,}")
