"""``zonemap export --animate``: the front week by week, as a GIF (or an MP4 where ffmpeg is installed).

One frame per ``step`` days from ``start`` to ``end`` (the last day always included), each a static map of the
scene of its day (:mod:`geo.draw.static`, offline) on one fixed frame: the area's shapes over the whole span, so the
map stands still while the front moves. Each frame's subtitle gives its date and the localities taken since the
frame before (from the atlas's captures). The frames are drawn one at a time and written as they come: memory
holds one frame, whatever the span. The number of frames has a budget (:data:`MAX_FRAMES`, raised with
``ZONEMAP_MAX_FRAMES``), checked before anything is drawn. The file is written whole or not at all, never over
an existing one without ``force``.

Defaults: without ``--from``/``--to``, the span of an offensive (``--offensive``, else the last one against
the area), else the area's first and last change of shape.
"""

from __future__ import annotations

import io
import os
import shutil
import struct
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from geo.base.errors import ExportError, InputError
from geo.base.text import clip

__all__ = ["FORMATS", "MAX_FRAMES", "Plan", "plan", "scenes", "animate", "write_gif", "write_mp4"]

FORMATS = {".gif": "gif", ".mp4": "mp4"}
MAX_FRAMES = 400  # about eight years of weeks
FRAMES_ENV = "ZONEMAP_MAX_FRAMES"
DEFAULT_WIDTH, DEFAULT_HEIGHT = 1000, 750
FRAME_MS, LAST_MS = 800, 2500  # each frame, and the last one (GIF)
FPS = 1.25  # MP4: frames per second
NAMES = 6  # localities named on a frame before "and N more"


@dataclass(frozen=True)
class Plan:
    """What an animation shows: the area framed, the days of its frames, the title."""

    area: str
    days: tuple[date, ...]
    title: str
    frame: tuple[float, float, float, float]


def max_frames() -> int:
    raw = os.environ.get(FRAMES_ENV, "").strip().replace("_", "")
    if not raw:
        return MAX_FRAMES
    if not (raw.isascii() and raw.isdigit() and 0 < int(raw) <= 10**6):
        raise InputError(f"{FRAMES_ENV} is {clip(os.environ[FRAMES_ENV], 30)!r} — give a whole number above 0, "
                         f"e.g. {MAX_FRAMES * 2}")
    return int(raw)


def plan(atlas, area: str | None = None, start: date | None = None, end: date | None = None, step: int = 7,
         offensive: str | None = None) -> Plan:
    """The frames of an animation (see the module's defaults); InputError for a span or step that cannot be
    drawn, or more frames than the budget."""
    if isinstance(step, bool) or not isinstance(step, int) or not 1 <= step <= 3660:
        raise InputError(f"--step was {step!r} but must be a whole number of days from 1 to 3660")
    offensives = atlas.offensives
    chosen = None
    if offensive is not None:
        if offensive not in set(offensives["id"]):
            known = ", ".join(offensives["id"]) or "none (the areas are your own)"
            raise InputError(f"unknown offensive {clip(offensive, 40)!r}; known: {known}")
        chosen = offensives[offensives["id"] == offensive].iloc[0]
    area_ids = list(atlas.colours)
    if area is None:
        area = chosen["area"] if chosen is not None else (offensives["area"].iloc[-1] if not offensives.empty
                                                          else (area_ids[0] if area_ids else None))
    if area is None or area not in area_ids:
        raise InputError(f"--zone was {area!r} but an animation follows an area: one of {', '.join(area_ids)}")
    if chosen is None and (start is None or end is None):
        mine = offensives[offensives["area"] == area]
        if not mine.empty:
            chosen = mine.iloc[-1]
    rows = atlas.areas[atlas.areas["id"] == area]
    if chosen is not None:
        start, end = start or chosen["start"], end or chosen["end"]
    else:
        changes = sorted(d for d in rows["start"].to_numpy().astype("datetime64[D]").astype(object))
        start = start or changes[0]
        end = end or (changes[-1] if changes[-1] > start else start + timedelta(days=step))
    if end <= start:
        raise InputError(f"the animation ends ({end.isoformat()}) before it begins ({start.isoformat()})")
    count = (end - start).days // step + 1 + ((end - start).days % step != 0)
    budget = max_frames()
    if count > budget:
        raise InputError(f"{start.isoformat()} to {end.isoformat()} every {step} days is {count:,} frames, over the "
                         f"budget of {budget:,} — use a larger --step or a shorter span, or set {FRAMES_ENV} to "
                         "raise it")
    days = [start + timedelta(days=k * step) for k in range((end - start).days // step + 1)]
    if days[-1] != end:
        days.append(end)
    name = chosen["name"] if chosen is not None else atlas.names.get(area, area)
    from geo.model.local import short_date

    title = f"{name}: the front, {short_date(start)} – {short_date(end)}"
    return Plan(area, tuple(days), title, _frame(atlas, area, start, end))


def scenes(atlas, the_plan: Plan) -> Iterator:
    """The scene of each frame, made when asked (a generator: one at a time)."""
    from geo.model.local import long_date, short_date
    from geo.scene.scene import View, resolve

    before = None
    for day in the_plan.days:
        scene = resolve(atlas.at(day), View(date=day))
        words = f"As of {long_date(day)}"
        if before is not None:
            taken, back = _moved(atlas, the_plan.area, before, day)
            if taken:
                words += f" · taken since {short_date(before)}: {taken}"
            if back:
                words += f" · back to the opposition: {back}"
        yield replace(scene, title=the_plan.title, subtitle=words, frame=the_plan.frame, frame_token="animation")
        before = day


def animate(atlas, path: str | Path, the_plan: Plan, width: int = DEFAULT_WIDTH, height: int = DEFAULT_HEIGHT,
            force: bool = False, preset: str | None = None) -> Path:
    """Draw the frames of ``the_plan`` and write ``path`` (.gif, or .mp4 with ffmpeg), atomically."""
    from .static.output import output
    from .static.series import render_frames

    path = Path(path)
    kind = format_of(path)
    spec = output("png", width, height, preset)
    ffmpeg = _ffmpeg(path) if kind == "mp4" else None
    frames = render_frames(list(scenes(atlas, the_plan)), spec)
    if kind == "gif":
        return write_gif(path, frames, len(the_plan.days), force)
    return write_mp4(path, frames, force, ffmpeg)


def format_of(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ExportError(f"{path}: --animate writes a .gif (or an .mp4 where ffmpeg is installed), not "
                          f"{suffix or 'a file without a suffix'}")
    return FORMATS[suffix]


# --- writing -------------------------------------------------------------------------------------------


def write_gif(path: Path, frames: Iterable[np.ndarray], count: int, force: bool = False) -> Path:
    """An animated GIF of the RGBA ``frames`` (``count`` of them), written one frame at a time."""
    from .export import _atomic

    def into(tmp: Path) -> None:
        with open(tmp, "wb") as out:
            writer = _GifWriter(out)
            for k, frame in enumerate(frames):
                writer.add(frame, LAST_MS if k == count - 1 else FRAME_MS)
            writer.close()

    return _atomic(path, into, force)


def write_mp4(path: Path, frames: Iterable[np.ndarray], force: bool = False, ffmpeg: str | None = None) -> Path:
    """An H.264 MP4 of the RGBA ``frames``, through ffmpeg (PNG frames on its standard input)."""
    from PIL import Image

    from .export import _atomic

    ffmpeg = ffmpeg or _ffmpeg(path)

    def into(tmp: Path) -> None:
        argv = [ffmpeg, "-y", "-loglevel", "error", "-f", "image2pipe", "-framerate", f"{FPS:g}", "-i", "-",
                "-c:v", "libx264", "-pix_fmt", "yuv420p", "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-f", "mp4",
                str(tmp)]
        with subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as proc:
            try:
                for frame in frames:
                    buf = io.BytesIO()
                    Image.fromarray(frame).convert("RGB").save(buf, "PNG", compress_level=1)
                    proc.stdin.write(buf.getvalue())
                proc.stdin.close()
            except BrokenPipeError:
                pass
            except BaseException:
                proc.kill()
                raise
            err = proc.stderr.read().decode("utf-8", "replace")
            code = proc.wait()
        if code != 0 or not tmp.exists() or tmp.stat().st_size == 0:
            first = err.strip().splitlines()[0] if err.strip() else f"exit status {code}"
            raise ExportError(f"{path}: ffmpeg could not write the video: {clip(first, 160)}")

    return _atomic(path, into, force)


def _ffmpeg(path: Path) -> str:
    found = shutil.which("ffmpeg")
    if not found:
        raise ExportError(f"{path}: an MP4 needs ffmpeg, which is not installed (e.g. apt-get install ffmpeg) — "
                          "or write a .gif")
    return found


class _GifWriter:
    """GIF89a, one frame at a time: each frame quantized to its own 256-colour palette by Pillow, whose encoder
    makes the frame's LZW data; the file's header, the loop and each frame's delay are written here."""

    def __init__(self, out):
        self.out = out
        self.size: tuple[int, int] | None = None

    def add(self, rgba: np.ndarray, ms: int) -> None:
        from PIL import Image

        image = Image.fromarray(np.ascontiguousarray(rgba)).convert("RGB")
        if self.size is None:
            self.size = image.size
            w, h = image.size
            self.out.write(b"GIF89a" + struct.pack("<HHBBB", w, h, 0, 0, 0))  # no global colour table
            self.out.write(b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00")  # loop for ever
        elif image.size != self.size:
            raise ExportError(f"frame of {image.size[0]}×{image.size[1]} pixels in an animation of "
                              f"{self.size[0]}×{self.size[1]}")
        one = io.BytesIO()
        image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(one, "GIF", interlace=False)
        table, data = _frame_parts(one.getvalue())
        self.out.write(b"\x21\xf9\x04\x04" + struct.pack("<H", max(1, round(ms / 10))) + b"\x00\x00")
        bits = max((len(table) // 3 - 1).bit_length() - 1, 0)  # the table holds 2^(bits+1) colours
        w, h = self.size
        self.out.write(b"\x2c" + struct.pack("<HHHHB", 0, 0, w, h, 0x80 | bits) + table.ljust(3 << (bits + 1), b"\0"))
        self.out.write(data)

    def close(self) -> None:
        self.out.write(b"\x3b")


def _frame_parts(gif: bytes) -> tuple[bytes, bytes]:
    """The colour table and the image data (LZW code size and sub-blocks) of a one-frame GIF."""
    flags = gif[10]
    pos = 13
    table = b""
    if flags & 0x80:
        size = 3 << ((flags & 7) + 1)
        table, pos = gif[pos:pos + size], pos + size
    while gif[pos] == 0x21:  # extensions: skip their sub-blocks
        pos += 2
        while gif[pos]:
            pos += gif[pos] + 1
        pos += 1
    if gif[pos] != 0x2C:
        raise ExportError("the GIF encoder wrote no image")
    local = gif[pos + 9]
    pos += 10
    if local & 0x80:
        size = 3 << ((local & 7) + 1)
        table, pos = gif[pos:pos + size], pos + size
    start = pos
    pos += 1  # LZW minimum code size
    while gif[pos]:
        pos += gif[pos] + 1
    return table, gif[start:pos + 1]


# --- helpers ---------------------------------------------------------------------------------------------


def _frame(atlas, area: str, start: date, end: date) -> tuple[float, float, float, float]:
    """Bounds (lon/lat) of the area's shapes over the span, with a margin: one frame for every day."""
    rows = atlas.areas[atlas.areas["id"] == area]
    when0, when1 = np.datetime64(start, "D"), np.datetime64(end, "D")
    during = rows[(rows["start"].to_numpy() <= when1) & (rows["end"].to_numpy() > when0)]
    w, s, e, n = (float(v) for v in (during if not during.empty else rows).total_bounds)
    dx, dy = max(e - w, 0.1) * 0.12, max(n - s, 0.1) * 0.12
    return (w - dx, s - dy, e + dx, n + dy)


def _moved(atlas, area: str, after: date, until: date) -> tuple[str, str]:
    """The localities of ``area`` taken from the opposition, and those it took back, in (after, until]."""
    caps = atlas.captures
    if caps.empty:
        return "", ""
    rows = caps[(caps["area"] == area).to_numpy() & np.array([after < d <= until for d in caps["date"]], dtype=bool)]
    taken = list(dict.fromkeys(rows.loc[rows["to_side"] != "opposition", "name"]))
    back = list(dict.fromkeys(rows.loc[rows["to_side"] == "opposition", "name"]))
    return _names(taken), _names(back)


def _names(names: list[str]) -> str:
    more = len(names) - NAMES
    return ", ".join(names[:NAMES]) + (f" and {more} more" if more > 0 else "")
