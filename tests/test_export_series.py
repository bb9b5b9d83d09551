"""Series exported at once. Maps of an atlas drawn on one shared layout: maps without a filter (one per area,
nothing listed under the legend) must draw too, each its own title and its own selection. And the violence
chart the page offers for download: its legend names the ring's width."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from geo.draw import export, static
from geo.draw.static import series
from geo.draw.static.output import Output
from geo.scene.scene import resolve

SIZE = (800, 600)


def _pixels(data) -> np.ndarray:
    image = Image.open(io.BytesIO(data) if isinstance(data, bytes) else data)
    assert image.size == SIZE
    return np.asarray(image.convert("RGB"), dtype=int)


def test_unfiltered_maps_share_one_layout(atlas, monkeypatch):  # noqa: F811
    plan = {item.area: item for item in export.items(atlas, "zone")}
    scenes = [resolve(atlas.at(plan[a].view.date), plan[a].view) for a in ("idlib", "idlib_security_zone")]
    assert not any(s.view.filtered for s in scenes)
    monkeypatch.setattr(series, "_key", lambda scene: ())  # one group: the second is redrawn on the first's layout
    output = Output(width=SIZE[0], height=SIZE[1])
    first, second = (_pixels(p) for p in series.render_pngs(scenes, output))

    alone = io.BytesIO()
    static.draw(scenes[0], output, alone)
    alone.seek(0)
    diff = np.abs(first - _pixels(alone)).max(axis=2)
    assert diff.mean() < 0.5 and (diff > 24).mean() < 0.002  # the first map is the one a single export draws

    box = static.plan(scenes[0], output).box  # the map's axes, inches from the lower left
    dpi = SIZE[0] / static.plan(scenes[0], output).width_in
    x0, x1 = int(box[0] * dpi), int((box[0] + box[2]) * dpi)
    y0, y1 = int(SIZE[1] - (box[1] + box[3]) * dpi), int(SIZE[1] - box[1] * dpi)
    changed = np.abs(second - first).max(axis=2) > 24
    assert changed[y0:y1, x0:x1].mean() > 0.03  # the other selection: the areas' colours differ on the map
    assert changed[:y0].any()  # and the title is the second map's


def test_the_violence_chart_file_names_the_ring_width(atlas):  # noqa: F811
    from geo.draw.violence import violence

    found = violence(atlas, "eastern_ghouta")
    svg = found.chart("svg", 900, 560).decode("utf-8")
    assert f"ring up to {found.ring_km:g} km outside it" in svg  # the page's download says how wide the ring is
