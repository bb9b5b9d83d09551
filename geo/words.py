"""Every sentence the page writes, in one place (a translation replaces this table, nothing else).

``say(key, **values)`` fills a template. Templates are Markdown where the page shows Markdown; the values are
put in as given, so a caller escapes what came from a file (``geo.text.markdown``) before passing it.
"""

from __future__ import annotations

__all__ = ["WORDS", "say", "plural"]

WORDS: dict[str, str] = {
    # --- the page around the map
    "page_title": "zonemap — Syria's de-escalation areas",
    "heading": "Syria's de-escalation areas · {date}",
    "loading": "Loading the map data…",
    "internal_error": "The page stopped on an internal error — please report: {kind}",
    "data_error": "The map data cannot be loaded:",
    # --- the date
    "date_header": "Date",
    "key_dates": "Key dates",
    "key_dates_help": "The areas, zones, posts and agreements as they stood on this date.",
    "on_this_day": "{date}: {what}",
    "not_a_key_date": "{date}: a date you chose",
    "typed_date": "Or type any date (YYYY-MM-DD), then Enter",
    "typed_date_placeholder": "e.g. 2019-08-21",
    "typed_date_help": " Any day from {first} to {last} (the days the data describe) can be typed below.",
    "bad_date": "“{text}” is not a date written YYYY-MM-DD between {first} and {last}; the map stays on {date}.",
    "bad_date_any": "“{text}” is not a date written YYYY-MM-DD; the map stays on {date}.",
    # --- filters
    "filter_header": "Filter",
    "provisions": "Provisions",
    "provisions_help": "Show where each chosen provision applies; each provision keeps its own colour.",
    "categories": "Categories",
    "no_match_both": ("No provision is both among the provisions chosen and in the categories chosen: the two "
                      "filters combine (a provision must pass both). Clear one of them to see more."),
    "clear_provisions": "Clear the provisions",
    "clear_categories": "Clear the categories",
    "no_match": "No provision matches.",
    # --- areas, places
    "areas_header": "Areas",
    "go_to": "Go to",
    "place_header": "Find a place",
    "place_name": "Place name",
    "place_placeholder": "e.g. Saraqib, Douma, Daraa",
    "place_found": "**{name}**{spelled} lay {where}{governorate} on {date}.",
    "place_spelled": " (closest spelling to “{query}”)",
    "place_inside": "inside **{area}**",
    "place_outside": "outside every de-escalation area",
    "place_governorate": ", in **{governorate}** governorate",
    "place_outside_syria": ", outside Syria",
    "place_abroad": "{name} is in {country}, outside Syria: the map covers Syria only.",
    "place_too_long": "That name is too long to be a place name.",
    "place_unknown": ("No place called “{query}” is known here. The search knows Syria's towns and villages of "
                      "500 people or more (GeoNames) and some smaller places from the project's sources, in "
                      "English or Arabic spelling. Check the spelling, or try the nearest larger town."),
    "place_unknown_hint": "No place called “{query}” is known here. Did you mean {hints}?",
    "place_history": " {history}.",
    # --- a place's history (geo/history.py; locate --place writes the same words)
    "history_agreed": "inside the area as agreed",
    "history_agreed_in": "inside the area as agreed in {month}",
    "history_agreement": " ({agreement})",
    "history_ended": ", which ended on {date}",
    "history_held_since": "held by the opposition since {date}",
    "history_held_throughout": "held by the opposition throughout (drawn from {date})",
    "history_taken_since": "held by the {side} since {date}",
    "history_outside_since": "outside the held part since {date}",
    # --- layers, uploads
    "layers_header": "Layers",
    "events_shown": "Events shown",
    "events_days": "the {days} days up to the date",
    "events_help": "UCDP GED events placed at a settlement or better; circles sum a 5 km grid.",
    "basemap": "Basemap",
    "basemap_none": "None",
    "basemap_help": "'None' draws on a plain background; a tile layer loads images from the internet.",
    "upload_header": "Your own areas",
    "upload_label": "GeoJSON, GeoPackage or zipped shapefile",
    "upload_help": "Replaces the areas on this page for you only, until you remove the file. Nothing is saved.",
    "upload_refused": "Your file was not used; the page shows the bundled areas. {count}:",
    "upload_used": "Your areas: {name} ({features}){notes}",
    "upload_for_you": "Shown for you only. Remove the file to return to the bundled areas.",
    "upload_names_missing": "{provision} names {missing}, which your file does not have: {effect}.",
    "upload_no_place": "no place on this map",
    "upload_partly": "drawn only where it names your areas",
    # --- the details panel
    "provisions_header": "Provisions",
    "click_hint": "{title}. Click an area or an observation post on the map for its details.",
    "procedural": "Procedural, no place on the map: {keys}.",
    "absent": "No place on this date: {keys}.",
    "kind_size_period": "**{kind}** · about **{km2} km²** · {period}",
    "part_of": "Part of **{name}**.",
    "parts": "Its zones: {names}.",
    "governorates": "**Governorates:** {shares}",
    "none": "none",
    "fate": "**What became of it:** {fate}",
    "how_drawn": "How the shape was drawn · confidence: {confidence}",
    "not_given": "not given",
    "source": "Source: {source}",
    "dated_shapes": "Its dated shapes: {shapes}",
    "dated_shape": "{start} to {end}: {km2} km²",
    "shape_end": "end",
    "in_force": "Agreements in force: {agreements}",
    "none_yet": "none yet",
    "apply_here": "Provisions that apply here",
    "filtered": " (filtered)",
    "clear_selection": "Clear selection",
    "provision_note": "{agreement} · {why}{status}",
    "our_translation": "> *Our translation from {language}:* {text}",
    # --- an observation post
    "post_kind": "**{kind}** · {operator}",
    "post_number": "the operator's number: {number}",
    "post_history": "**Its history**",
    "post_set_up": "Set up: {date}",
    "post_encircled": "Encircled by government forces: {date}",
    "post_withdrawn": "Withdrawn: {date}",
    "post_ended": "Ended: {date}",
    "post_standing": "Still standing at the end of the data",
    "post_deal": "**Under:** {agreement}",
    "post_where": "On {date} it stood {where}.",
    "post_sources": "Where the facts come from · location: {location}, dates: {dates}",
    "post_absent_before": "{name} observation post was set up on {date}: it is not on the map yet.",
    "post_absent_after": "{name} observation post was withdrawn on {date}.",
    # --- violence
    "violence_header": "Violence before and after the agreements (UCDP)",
    "violence_table": "Deaths per 30 days (UCDP best estimate), between the key dates:",
    "col_period": "Period",
    "col_ring": "{km} km ring",
    "col_rest": "Rest of Syria",
    "col_events": "Events in the area",
    "table_csv": "Table (CSV)",
    "chart_png": "Chart (PNG)",
    "chart_svg": "Chart (SVG)",
    "chart_rest": "rest of Syria",
    "chart_deaths": "deaths per month",
    # --- downloads
    "download_header": "Download this view",
    "format": "Format",
    "prepare": "Prepare download",
    "rendering": "Rendering {fmt}…",
    "download": "Download {fmt}",
    "atlas_header": "Atlas (PDF handout)",
    "atlas_per": "One page per",
    "atlas_provision": "every provision in force of the agreements that drew the areas, with its map and text",
    "atlas_zone": "every area and zone",
    "atlas_date": "the whole story: one page per date the map changed",
    "atlas_prepare": "Prepare the atlas",
    "atlas_progress": "Drawing the atlas: {done} of {total} maps",
    "atlas_cancel": "Cancel",
    "atlas_cancelled": "The atlas was cancelled.",
    "atlas_download": "Download the atlas (PDF)",
    "approximate": "Approximate shapes; no official map was published. {credits}.",
}


def say(key: str, **values) -> str:
    """The page's sentence ``key``, with ``values`` filled in."""
    return WORDS[key].format(**values)


def plural(n: int, one: str, many: str) -> str:
    """ "1 feature", "2 features"."""
    return f"{n:,} {one if n == 1 else many}"
