"""``zonemap export --animate``: the front frame by frame (geo/draw/animate.py).

Frames are small (400×300) and few, so the module stays quick. What a user would notice: the right number of
frames, each a picture of its day with the towns taken since the frame before named, a map that stays still
while the area shrinks, an MP4 made through ffmpeg (a stand-in on PATH here: no video library is needed to
check what zonemap sends it), a clear error without ffmpeg, a budget on frames, no overwriting.
"""

from __future__ import annotations

import io
import os
import stat
import sys
from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from geo.cli import main
from geo.draw import animate
from geo.model import load

pytestmark = pytest.mark.usefixtures("one_load_per_set_of_files")


def frames_of(path) -> list[np.ndarray]:
    out = []
    with Image.open(path) as im:
        for k in range(im.n_frames):
            im.seek(k)
            out.append(np.asarray(im.convert("RGB")).copy())
    return out


def test_a_gif_has_a_frame_per_week_and_its_last_day(tmp_path, capsys):
    target = tmp_path / "idlib.gif"
    code = main(["export", "--animate", "-o", str(target), "--from", "2019-04-30", "--to", "2019-05-20",
                 "--width", "400", "--height", "300"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "4 frames, 2019-04-30 to 2019-05-20" in err  # 30 Apr, 7 May, 14 May, and the last day
    with Image.open(target) as im:
        assert (im.format, im.n_frames, im.size, im.info["loop"]) == ("GIF", 4, (400, 300), 0)
        durations = []
        for k in range(im.n_frames):
            im.seek(k)
            durations.append(im.info["duration"])
    assert durations == [animate.FRAME_MS] * 3 + [animate.LAST_MS]


def test_each_frame_names_its_day_and_the_towns_taken_since_the_one_before(atlas):
    caps = pd.DataFrame([
        {"date": date(2019, 8, 21), "area": "idlib", "name": "Khan Shaykhun", "to_side": "government"},
        {"date": date(2019, 8, 23), "area": "idlib", "name": "Morek", "to_side": "government"},
        {"date": date(2019, 8, 30), "area": "idlib", "name": "al-Tamanah", "to_side": "government"},
        {"date": date(2019, 8, 25), "area": "idlib", "name": "Kafr Ayn", "to_side": "opposition"},
    ]).reindex(columns=load.CAPTURE_COLUMNS, fill_value="")
    mine = replace(atlas, captures=caps)
    plan = animate.plan(mine, "idlib", date(2019, 8, 17), date(2019, 8, 31), 7)
    assert plan.days == (date(2019, 8, 17), date(2019, 8, 24), date(2019, 8, 31))
    subtitles = [s.subtitle for s in animate.scenes(mine, plan)]
    assert subtitles == [
        "As of 17 August 2019",
        "As of 24 August 2019 · taken since 17 Aug 2019: Khan Shaykhun, Morek",
        "As of 31 August 2019 · taken since 24 Aug 2019: al-Tamanah · back to the opposition: Kafr Ayn",
    ]
    frames = {s.frame for s in animate.scenes(mine, plan)}
    assert len(frames) == 1  # one frame for every day: the map stands still


def test_the_map_stands_still_and_shows_the_front_move(tmp_path, atlas):
    target = tmp_path / "front.gif"
    plan = animate.plan(atlas, "idlib", date(2019, 8, 29), date(2019, 9, 1), 3)  # the ceasefire of 31 Aug 2019
    animate.animate(atlas, target, plan, 400, 300)
    first, last = frames_of(target)
    changed = np.any(first != last, axis=2)
    assert changed.any()
    rows, cols = np.nonzero(changed)
    # The title, the frame and the legend stay; what changes is the subtitle's line and the map's shapes.
    assert (rows > 0.2 * first.shape[0]).sum() > 100 and cols.min() > 0


def test_an_mp4_is_made_by_ffmpeg_from_the_frames(tmp_path, monkeypatch, atlas):
    stand_in = tmp_path / "bin" / "ffmpeg"
    stand_in.parent.mkdir()
    stand_in.write_text(f"#!{sys.executable}\n"
                        "import sys\n"
                        "data = sys.stdin.buffer.read()\n"
                        "open(sys.argv[-1], 'wb').write(b'frames %d' % data.count(b'\\x89PNG\\r\\n'))\n",
                        encoding="utf-8")
    stand_in.chmod(stand_in.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{stand_in.parent}{os.pathsep}{os.environ['PATH']}")
    target = tmp_path / "front.mp4"
    plan = animate.plan(atlas, "idlib", date(2019, 8, 1), date(2019, 8, 15), 7)
    animate.animate(atlas, target, plan, 400, 300)
    assert target.read_bytes() == b"frames 3"


def test_without_ffmpeg_an_mp4_is_refused_before_the_data_is_read(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))
    code = main(["export", "--animate", "-o", str(tmp_path / "front.mp4")])
    assert code == 1 and not (tmp_path / "front.mp4").exists()
    assert capsys.readouterr().err == (f"error: {tmp_path / 'front.mp4'}: an MP4 needs ffmpeg, which is not installed "
                                       "(e.g. apt-get install ffmpeg) — or write a .gif\n")


@pytest.mark.parametrize("argv, message", [
    (["--step", "1", "--from", "2018-01-01", "--to", "2020-01-01"],
     "2018-01-01 to 2020-01-01 every 1 days is 731 frames, over the budget of 400 — use a larger --step or a "
     "shorter span, or set ZONEMAP_MAX_FRAMES to raise it"),
    (["--step", "0"], "--step was 0 but must be a whole number of days from 1 to 3660"),
    (["--from", "2020-01-01", "--to", "2019-01-01"], "the animation ends (2019-01-01) before it begins (2020-01-01)"),
    (["--offensive", "mars_2030"], "unknown offensive 'mars_2030'; known: "),
    (["--zone", "idlib_dmz"], "--zone was 'idlib_dmz' but an animation follows an area: one of idlib, "),
])
def test_what_cannot_be_animated_is_one_line(tmp_path, capsys, argv, message):
    code = main(["export", "--animate", "-o", str(tmp_path / "a.gif"), *argv])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith(f"error: {message}") and err.count("\n") == 1
    assert not (tmp_path / "a.gif").exists()


def test_the_frame_budget_can_be_raised(monkeypatch, atlas):
    monkeypatch.setenv(animate.FRAMES_ENV, "2000")
    plan = animate.plan(atlas, "idlib", date(2017, 1, 1), date(2020, 1, 1), 1)
    assert len(plan.days) == 1096


def test_an_animation_never_overwrites_without_force_and_other_files_are_refused(tmp_path, capsys):
    target = tmp_path / "a.gif"
    target.write_bytes(b"mine")
    assert main(["export", "--animate", "-o", str(target)]) == 1
    assert "already exists" in capsys.readouterr().err and target.read_bytes() == b"mine"
    assert main(["export", "--animate", "-o", str(tmp_path / "a.png")]) == 1
    assert "--animate writes a .gif (or an .mp4 where ffmpeg is installed), not .png" in capsys.readouterr().err
    assert main(["export", "-o", str(tmp_path / "b.png"), "--step", "3"]) == 1
    assert "--from, --to, --step and --offensive go with --animate" in capsys.readouterr().err


def test_a_failed_animation_leaves_the_old_file(tmp_path, monkeypatch, atlas):
    target = tmp_path / "a.gif"
    target.write_bytes(b"mine")
    plan = animate.plan(atlas, "idlib", date(2019, 8, 1), date(2019, 8, 15), 7)

    def broken(scenes, output):
        yield np.zeros((300, 400, 4), np.uint8)
        raise RuntimeError("the drawing failed half way")

    monkeypatch.setattr("geo.draw.static.series.render_frames", broken)
    with pytest.raises(RuntimeError):
        animate.animate(atlas, target, plan, 400, 300, force=True)
    assert target.read_bytes() == b"mine" and [p.name for p in tmp_path.iterdir()] == ["a.gif"]


def test_the_gif_writer_keeps_every_colour_of_a_small_picture(tmp_path):
    pictures = [np.zeros((20, 30, 4), np.uint8) + np.array([r, 40, 200, 255], np.uint8) for r in (0, 120, 250)]
    pictures[1][5:10, 5:10] = [255, 255, 0, 255]
    target = tmp_path / "t.gif"
    animate.write_gif(target, iter(pictures), 3)
    got = frames_of(target)
    assert [tuple(f[0, 0]) for f in got] == [(0, 40, 200), (120, 40, 200), (250, 40, 200)]
    assert tuple(got[1][7, 7]) == (255, 255, 0) and io.BytesIO(target.read_bytes()).read(6) == b"GIF89a"
