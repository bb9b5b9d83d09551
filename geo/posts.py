"""One post's details: what the page's details panel shows when a post is clicked, without Streamlit.

A post (an observation post, a military-police point or a crossing) has an operator, the operator's own number
where a source gives it, the deal that set it up (an agreement id of ``zones/agreements.json``) and a history:
set up, encircled, withdrawn, each with the range or the second source's date where the sources give one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .scene import short_date
from .schema import parse_date
from .text import clip

__all__ = ["PostDetails", "post_details", "details_of", "post_history", "post_lines"]


@dataclass(frozen=True)
class PostDetails:
    id: str
    name: str
    name_ar: str
    operator: str
    kind: str
    number: str  # the operator's own number ("6" for the Turkish army's post No. 6), "" where none is known
    order: str  # ours: the order the posts of its deal were set up in
    agreement_id: str  # "" when the post names no deal, or one this atlas does not have
    agreement: str  # the deal in words: "Astana joint statement (15 Sep 2017)"
    history: tuple[str, ...]  # "set up 13 Oct 2017", "encircled between 29 Jan and 8 Feb 2020", …
    standing: bool | None  # on the day asked: set up and not yet withdrawn (None when no day was given)
    location_confidence: str
    date_confidence: str
    source: str
    note: str


def post_details(atlas, post_id: str, day: date | None = None) -> PostDetails | None:
    """The details of the post ``post_id`` (None if the atlas has no such post)."""
    posts = atlas.posts
    if posts.empty or post_id not in set(posts["id"]):
        return None
    return details_of(atlas, posts[posts["id"] == post_id].iloc[0], day)


def details_of(atlas, row, day: date | None = None) -> PostDetails:
    """The details of one row of ``atlas.posts`` (a Series): what :func:`post_details` gives for its id."""
    post_id = str(row["id"])
    agreement_id = str(row.get("agreement", ""))
    deal = next((a for a in atlas.agreements if a.id == agreement_id), None)
    standing = None
    if day is not None:
        start, end = parse_date(row["established"]), parse_date(row["withdrawn"])
        standing = (start is None or start <= day) and (end is None or day < end)
    return PostDetails(
        id=post_id, name=str(row["name"]), name_ar=str(row["name_ar"]), operator=str(row["operator"]),
        kind=str(row.get("kind", "") or "observation post"), number=str(row.get("number", "")),
        order=str(row.get("order", "")), agreement_id=agreement_id if deal else "",
        agreement=f"{deal.short_title} ({short_date(deal.date)})" if deal else "",
        history=post_history(row), standing=standing,
        location_confidence=str(row["location_confidence"]), date_confidence=str(row["date_confidence"]),
        source=str(row["source"]), note=str(row["note"]))


def post_history(row) -> tuple[str, ...]:
    """A post's dates in words, oldest first: a range says "between … and …", a second source's date is named."""
    out = []
    post = str(row.get("kind", "") or "observation post") == "observation post"
    for verb, key, upto, other in (("set up", "established", "established_to", ""),
                                   ("encircled", "encircled", "encircled_to", ""),
                                   ("withdrawn" if post else "ended", "withdrawn", "", "withdrawn_alt")):
        first = parse_date(str(row.get(key, "") or ""))
        if first is None:
            continue
        last = parse_date(str(row.get(upto, "") or "")) if upto else None
        alt = parse_date(str(row.get(other, "") or "")) if other else None
        text = f"{verb} between {short_date(first)} and {short_date(last)}" if last else f"{verb} {short_date(first)}"
        if alt:
            text += f" (another source: {short_date(alt)})"
        out.append(text)
    return tuple(out)


LINE_CHARS = 200  # a line of a post's text (a user's file may hold long ones)


def post_lines(post: PostDetails) -> tuple[str, ...]:
    """What a post says on the map and in the details panel, plain text, one line each: its name, what it is and
    who manned it (with the operator's own number), the deal that set it up, its dates, how sure its place is."""
    what = f"{post.kind[:1].upper()}{post.kind[1:]}" + (f", {post.operator}" if post.operator else "")
    if post.number:
        what += f", No. {post.number}"
    lines = [post.name, what]
    if post.agreement:
        lines.append(f"Set up under: {post.agreement}")
    if post.history:
        lines.append("; ".join(post.history))
    if post.location_confidence:
        lines.append(f"location confidence: {post.location_confidence}")
    return (clip(lines[0]), *(clip(line, LINE_CHARS) for line in lines[1:]))
