"""Many PNG maps of one layout — an atlas: one map per provision on one date — drawn on a shared background.

The maps of an atlas differ only in their title, their legend and the colours of the areas; the sea, the
land, the borders, the towns and every label are the same. So the first map is laid out once and its
artists split in three layers by what changes: the base (under the areas), the variable layer (the areas,
the title, the legend) and the overlay (borders, towns, names, scale bars). Base and overlay are rendered
once; for each map the variable artists are drawn straight onto a copy of the base, and the overlay is
composited on top. The picture is the one :func:`geo.draw.static.draw` gives (to a rounding of the overlay's
anti-aliased edges), several times faster; zlib packs one map in a second thread while the next is drawn.

The layout is shared too: the legend's column and the title's lines are sized for the largest of the series.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import replace

import numpy as np

from geo.scene.scene import Scene

from . import Reserve, compose, draw, figure_for, furniture, layers, layout, png, redraw
from .layers import Drawing
from .output import Output

__all__ = ["render_pngs", "render_frames"]


def render_pngs(scenes: Iterable[Scene], output: Output) -> Iterator[bytes]:
    """PNG bytes of each scene at ``output``'s size and preset, in order; scenes that share a layout share
    their background."""
    output = replace(output.resolved(), fmt="png")
    scenes = list(scenes)
    groups: dict[tuple, list[int]] = {}
    for i, scene in enumerate(scenes):
        groups.setdefault(_key(scene), []).append(i)
    results: dict[int, Future] = {}
    with ThreadPoolExecutor(max_workers=1) as encoder:
        for indices in groups.values():
            futures = _group([scenes[i] for i in indices], output, encoder)
            results.update(zip(indices, futures, strict=True))
        for i in range(len(scenes)):
            yield results.pop(i).result()


def render_frames(scenes: Sequence[Scene], output: Output) -> Iterator[np.ndarray]:
    """The RGBA pixels of each scene, drawn one at a time (an animation's frames): every frame is laid out for
    the longest title and the largest legend of the series, so the map keeps its place from frame to frame."""
    output = replace(output.resolved(), fmt="png")
    mpl = layout.matplotlib()
    p = output.preset
    if not scenes:
        return
    with mpl.rc_context(layout.RC):
        fig = figure_for(output.width, output.height, p)
        reserve = _reserve(fig, list(scenes), output)
    for scene in scenes:
        with mpl.rc_context(layout.RC):
            fig = figure_for(output.width, output.height, p)
            compose(fig, Drawing(scene, output), (0.0, 0.0, fig.get_figwidth(), fig.get_figheight()), reserve=reserve)
            fig.canvas.draw()
            pixels = np.asarray(fig.canvas.buffer_rgba()).copy()
        del fig
        yield pixels


def _key(scene: Scene) -> tuple:
    return (id(scene.atlas), scene.date, scene.frame, scene.layers, scene.marker, scene.view.selected)


def _group(scenes: list[Scene], output: Output, encoder) -> list[Future]:
    mpl = layout.matplotlib()
    p = output.preset
    if len(scenes) == 1:
        out = io.BytesIO()
        draw(scenes[0], output, out)
        done: Future = Future()
        done.set_result(out.getvalue())
        return [done]
    futures = []
    with mpl.rc_context(layout.rc(scenes[0].lang)):
        fig = figure_for(output.width, output.height, p)
        panel = (0.0, 0.0, fig.get_figwidth(), fig.get_figheight())
        reserve = _reserve(fig, scenes, output)
        result = compose(fig, Drawing(scenes[0], output), panel, reserve=reserve)
        parts = _parts(fig, result)
        slots = list(_slot_pixels(fig, result))
        base = _render(fig, parts, "base")
        main = result.drawn.main
        if not slots:
            over = _render(fig, parts, "over")
        else:  # insets over the main map: the main map's overlay stops at their frames
            over = _render(fig, parts, "over", lambda a: _axes_of(a) is main or _axes_of(a) is None)
            for x0, y0, x1, y1 in slots:
                over[y0:y1, x0:x1, 3] = 0
            on_slots = _render(fig, parts, "over", lambda a: _axes_of(a) is not None and _axes_of(a) is not main)
            over = _over(on_slots, over)
        for i, scene in enumerate(scenes):
            if i:
                redraw(fig, result, Drawing(scene, output))
            painted = _paint(fig, result, base, slots)
            if futures:  # one map packed while the next is drawn, never more: memory stays at two pictures
                wait(futures[-1:])  # (a failure is raised where the maps are taken, in order)
            futures.append(encoder.submit(_finish, painted, over, scene.title))
    return futures


def _reserve(fig, scenes: list[Scene], output: Output) -> Reserve:
    """The most title lines and the largest legend of the series (measured; nothing is drawn)."""
    panel = (0.0, 0.0, fig.get_figwidth(), fig.get_figheight())
    renderer = fig.canvas.get_renderer()
    drawings = [Drawing(s, output) for s in scenes]
    lines = [furniture.header_lines(fig, d, panel, renderer) for d in drawings]
    reserve = Reserve(max(len(t) for t, _ in lines), max(len(s) for _, s in lines))
    sizes = [furniture.legend_size(fig, d, renderer) for d in drawings]
    lw = lh = 0.0
    for axis in (0, 1):  # the widest and the tallest legend built for real; the others' estimates scaled by its error
        i = max(range(len(scenes)), key=lambda j: sizes[j][axis])
        if not sizes[i][axis]:
            continue
        lg, *actual = furniture.legend(fig, drawings[i], fig.get_figheight(), 0.0, renderer)
        lg.remove()
        scale = actual[axis] / sizes[i][axis]
        size = max(actual[axis], max(size[axis] for size in sizes) * scale)
        lw, lh = (size, lh) if axis == 0 else (lw, size)
    return Reserve(reserve.title_lines, reserve.subtitle_lines, (lw, lh))


def _parts(fig, result) -> dict:
    """Which layer each artist belongs to: base, var (changes per map) or over."""
    variable = {id(a) for a in result.drawn.variable}
    parts = {}
    for text in fig.texts:
        parts[text] = "var" if id(text) in variable else "over"
    for legend in fig.legends:
        parts[legend] = "var"
    for ax in fig.axes:
        parts[ax.patch] = "base"
        spines = set(ax.spines.values())
        for child in ax.get_children():
            if child is ax.patch:
                continue
            if id(child) in variable:
                parts[child] = "var"
            elif child.get_zorder() < layers.BASE_Z or child in spines:
                parts[child] = "base"
            else:
                parts[child] = "over"
    return parts


def _render(fig, parts: dict, part: str, where=None) -> np.ndarray:
    """The figure with only ``part``'s artists (those ``where`` accepts) visible, as an RGBA array."""
    for artist, which in parts.items():
        artist.set_visible(which == part and (where is None or where(artist)))
    fig.patch.set_visible(part == "base")
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).copy()


def _paint(fig, result, base: np.ndarray, slots: list) -> np.ndarray:
    """The base with this map's variable artists drawn on it (the insets' after the main map's)."""
    renderer = fig.canvas.get_renderer()
    buffer = np.asarray(renderer.buffer_rgba())
    buffer[:] = base
    main = result.drawn.main
    order = {ax: i for i, ax in enumerate(sorted(fig.axes, key=lambda a: a.get_zorder()))}
    artists = sorted(result.drawn.variable, key=lambda a: (order.get(_axes_of(a), -1), a.get_zorder()))
    on_main = [a for a in artists if _axes_of(a) is None or _axes_of(a) is main]
    on_slots = [a for a in artists if _axes_of(a) is not None and _axes_of(a) is not main]
    for artist in on_main:
        artist.set_visible(True)
        artist.draw(renderer)
    for x0, y0, x1, y1 in slots:  # what the main map drew under an inset is covered by the inset
        buffer[y0:y1, x0:x1] = base[y0:y1, x0:x1]
    for artist in on_slots:
        artist.set_visible(True)
        artist.draw(renderer)
    return buffer.copy()


def _axes_of(artist):
    return getattr(artist, "axes", None)


def _slot_pixels(fig, result):
    """Pixel boxes (x0, y0, x1, y1 from the top left) of the insets that stand over the main map."""
    if result.strip is None:
        return
    height = fig.canvas.get_width_height()[1]
    for _, ax, _ in result.drawn.slots:
        box = ax.get_window_extent()
        yield (int(box.x0), int(height - box.y1), int(np.ceil(box.x1)), int(np.ceil(height - box.y0)))


def _over(top: np.ndarray, bottom: np.ndarray) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.alpha_composite(Image.fromarray(bottom, "RGBA"), Image.fromarray(top, "RGBA")))


def _finish(painted: np.ndarray, over: np.ndarray, title: str) -> bytes:
    from PIL import Image

    image = Image.alpha_composite(Image.fromarray(painted, "RGBA"), Image.fromarray(over, "RGBA"))
    return png.encode(np.asarray(image), layout.metadata("png", title))
