"""The speed benchmark: zonemap against what users would otherwise do, side by side in one run.

    .venv/bin/python bench/run.py            # the full run (make bench); several minutes
    .venv/bin/python bench/run.py --quick    # small sizes, fewer runs: a smoke test of the bench itself

Prints one Markdown table of medians over several runs, then the scaling of ``zonemap locate`` and
the machine it ran on:

1. ``zonemap locate`` on 1,000,000 random points in and around Syria, as a whole process, against a
   plain GeoPandas script (bench/baseline_locate_geopandas.py); both outputs are compared on 100k
   points. Then 10k, 100k, 1M and 5M points: seconds, µs per point, peak memory of the process.
2. ``zonemap export`` of a PNG, as a whole process, against a folium map screenshotted in headless
   Chromium (bench/export_vs_folium.py).
3. The page in headless Chromium on a warm server, every outside request blocked: time to the first
   drawn map and click → details (measured as tests/e2e/test_page.py measures them), and the
   server-side rerun after a filter change (Streamlit's AppTest, the script run alone).

Commands run interleaved (ours, theirs, ours, …) so drift in machine load hits both alike; the
first run of each is an untimed warm-up (the file cache, not the code). Generated CSVs go to
bench/out/ (git-ignored). Exit status 0 when every target is met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from make_points import write_points  # noqa: E402

OUT = ROOT / "bench" / "out"
BASELINE = ROOT / "bench" / "baseline_locate_geopandas.py"
PACKAGES = ("shapely", "geopandas", "pyarrow", "pandas", "numpy", "matplotlib", "folium", "streamlit", "playwright")
LABELS = ("zone_id", "zone_name", "governorate")


@dataclass
class Row:
    name: str
    ours: float
    theirs: float | None
    unit: str
    target: str
    met: bool
    note: str = ""


# --- running a whole process -----------------------------------------------------------------


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one child process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, command))} failed ({proc.returncode}):\n{stderr.decode()[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024


def zonemap() -> str:
    return shutil.which("zonemap", path=str(Path(sys.executable).parent)) or "zonemap"


def ours_locate(src: Path, dst: Path) -> list[str]:
    return [zonemap(), "locate", str(src), "-o", str(dst), "--force"]


def theirs_locate(src: Path, dst: Path) -> list[str]:
    return [sys.executable, str(BASELINE), str(src), str(dst)]


def points(n: int) -> Path:
    path = OUT / f"points_{n}.csv"
    if not path.exists():
        print(f"  writing {path.relative_to(ROOT)}…", file=sys.stderr)
        write_points(n, path)
    return path


# --- 1. locate ---------------------------------------------------------------------------------


def check_same_output(n: int) -> str:
    """Run both on ``n`` points and compare every column; returns a one-line verdict."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    src = points(n)
    a, b = OUT / f"ours_{n}.csv", OUT / f"theirs_{n}.csv"
    timed(ours_locate(src, a))
    timed(theirs_locate(src, b))

    def read(path: Path):
        import csv

        with path.open(encoding="utf-8", newline="") as fh:
            names = next(csv.reader(fh))
        return pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(
            column_types={c: pa.string() for c in names}, strings_can_be_null=False,
            quoted_strings_can_be_null=False))

    ta, tb = read(a), read(b)
    if ta.column_names != tb.column_names:
        raise SystemExit(f"columns differ: ours {ta.column_names}, GeoPandas {tb.column_names}")
    differ = {c: sum(x != y for x, y in zip(ta.column(c).to_pylist(), tb.column(c).to_pylist(), strict=True))
              for c in ta.column_names}
    if any(differ.values()):
        raise SystemExit(f"outputs differ on {n:,} points: {differ}")
    inside = sum(1 for z in ta.column("zone_id").to_pylist() if z)
    in_syria = sum(1 for g in ta.column("governorate").to_pylist() if g)
    a.unlink()
    b.unlink()
    return (f"outputs identical on {n:,} points (every column, every row; {inside:,} in an area, "
            f"{in_syria:,} in a governorate)")


def bench_locate(n: int, runs: int) -> tuple[Row, dict]:
    src, dst = points(n), OUT / "located.csv"
    commands = {"ours": ours_locate(src, dst), "theirs": theirs_locate(src, dst)}
    for command in commands.values():
        timed(command)
    times: dict[str, list[float]] = {k: [] for k in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(timed(command)[0])
    dst.unlink(missing_ok=True)
    ours, theirs = statistics.median(times["ours"]), statistics.median(times["theirs"])
    row = Row(f"`zonemap locate`, {n:,} points (whole process) vs GeoPandas `sjoin` script",
              ours, theirs, "s", "≥ 3× faster", theirs / ours >= 3)
    return row, times


def bench_scaling(sizes: list[int], runs: int) -> list[tuple[int, float, float, float]]:
    """(n, median seconds, µs per point, peak RSS MB) of ``zonemap locate`` at each size."""
    out = []
    for n in sizes:
        src, dst = points(n), OUT / "located.csv"
        timed(ours_locate(src, dst))
        results = [timed(ours_locate(src, dst)) for _ in range(runs if n < 5_000_000 else max(3, runs // 2))]
        dst.unlink(missing_ok=True)
        seconds = statistics.median(r[0] for r in results)
        out.append((n, seconds, seconds / n * 1e6, max(r[1] for r in results)))
        print(f"  locate {n:>9,}: {seconds:.3f} s, peak {out[-1][3]:.0f} MB", file=sys.stderr)
    return out


# --- 2. export -----------------------------------------------------------------------------------


def bench_export(runs: int) -> tuple[Row, dict]:
    import export_vs_folium as ev

    times = ev.measure(runs)
    ours, theirs = statistics.median(times[ev.OURS]), statistics.median(times[ev.USUAL])
    optimistic = statistics.median(times[ev.OPTIMISTIC])
    row = Row(f"`zonemap export` PNG {ev.WIDTH}×{ev.HEIGHT} (whole process) vs folium + headless Chromium "
              "screenshot (load + folium's 3 s delay)", ours, theirs, "s", f"≥ {ev.TARGET}× faster",
              theirs / ours >= ev.TARGET,
              f"folium waiting only for the drawn paths (the best a screenshot can do): {optimistic:.2f} s, "
              f"{optimistic / ours:.2f}× ours")
    return row, times


# --- 3. the page ---------------------------------------------------------------------------------


def bench_page(runs: int) -> tuple[list[Row], dict]:
    """First map and click → details in Chromium on a warm server; the rerun after a filter change."""
    from geo import load
    from tests.e2e.conftest import CHROMIUM_ARGS, INLINE_SCHEMES, LOCAL_HOSTS
    from tests.e2e.test_page import NAWA, SARAQIB, click_at, open_page, wait_details

    names = dict(zip(*(lambda a: (a["id"], a["name"]))(load.load_areas()), strict=True))
    first, clicks, blocked, logs = [], [], [], []
    with serve() as url:
        from urllib.parse import urlsplit

        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)

            def route(r):
                u = r.request.url
                if u.startswith(INLINE_SCHEMES) or urlsplit(u).hostname in LOCAL_HOSTS:
                    r.continue_()
                else:
                    blocked.append(u)
                    r.abort()

            for i in range(runs + 1):  # a fresh context each time: a first visit, to a warm server
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                context.route("**/*", route)
                page = context.new_page()
                page.on("pageerror", lambda exc: logs.append(str(exc)))
                seconds = open_page(page, url)
                if i:  # the first open warms the server (data loaded, caches filled)
                    first.append(seconds)
                for lat, lon, area in ((*SARAQIB, "idlib"), (*NAWA, "southern")):
                    click_at(page, lat, lon)
                    seconds = wait_details(page, names[area])
                    if i:
                        clicks.append(seconds)
                context.close()
            browser.close()
    if blocked or logs:
        raise SystemExit(f"the page tried to leave the machine {blocked} or logged errors {logs}")
    rerun = bench_rerun(max(runs * 4, 10))
    rows = [
        Row("Page: first drawn map, warm server (Chromium, outside requests blocked)",
            statistics.median(first), None, "s", "≤ 2 s", statistics.median(first) <= 2.0),
        Row("Page: click on an area → its details shown", statistics.median(clicks), None, "s", "≤ 0.5 s",
            statistics.median(clicks) <= 0.5),
        Row("Page: server-side rerun after a provision filter change (AppTest)", statistics.median(rerun), None,
            "ms", "≤ 100 ms", statistics.median(rerun) <= 0.100),
    ]
    return rows, {"first map": first, "click": clicks, "rerun": rerun}


def bench_rerun(runs: int) -> list[float]:
    """Seconds of the script's rerun when the provision filter changes (the cache already warm)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    filters = ([5], [5, 9], [], [1, 5])
    times = []
    for i in range(runs + 1):
        widget = at.multiselect(key="provisions").set_value(filters[i % len(filters)])
        start = time.perf_counter()
        widget.run()
        elapsed = time.perf_counter() - start
        if at.exception:
            raise SystemExit(f"the page failed: {[e.value for e in at.exception]}")
        if i:
            times.append(elapsed)
    return times


class serve:
    """``streamlit run app.py`` on a free port, as tests/e2e/conftest.py starts it; yields the URL."""

    def __enter__(self) -> str:
        import socket
        import tempfile
        import urllib.request

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"],
            cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as response:
                    if response.status == 200:
                        return self.url
            except OSError:
                pass
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        self.__exit__()
        self.log.seek(0)
        raise SystemExit(f"streamlit did not start:\n{self.log.read().decode()[-2000:]}")

    def __exit__(self, *exc) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


# --- report --------------------------------------------------------------------------------------


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown CPU")
    mem = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in PACKAGES if _installed(p))
    chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True).stdout.strip() \
        if Path("/usr/bin/chromium").exists() else "no Chromium"
    return (f"{cpu}, {os.cpu_count()} cores, {mem / 1024 ** 2:.0f} GB RAM, {platform.system()} "
            f"{platform.release()}; Python {platform.python_version()}; {versions}; {chromium}")


def _installed(name: str) -> bool:
    try:
        metadata.version(name)
        return True
    except metadata.PackageNotFoundError:
        return False


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "ms":
        return f"{value * 1000:.0f} ms"
    return f"{value:.2f} {unit}"


def report(rows: list[Row], scaling: list, runs: int, checks: list[str], load: tuple[float, float]) -> str:
    lines = [f"Medians of {runs} runs each (after one untimed warm-up).", "",
             "| measure | zonemap | the usual way | speed-up | target | met? |", "|---|---:|---:|---:|---|---|"]
    for r in rows:
        speed = f"{r.theirs / r.ours:.1f}×" if r.theirs else "—"
        lines.append(f"| {r.name} | {fmt(r.ours, r.unit)} | {fmt(r.theirs, r.unit)} | {speed} | {r.target} | "
                     f"{'yes' if r.met else '**no**'} |")
    if scaling:
        lines += ["", "| `zonemap locate`, points | median | µs per point | µs per extra point | peak memory |",
                  "|---:|---:|---:|---:|---:|"]
        prev = None
        for n, seconds, per_point, rss in scaling:
            extra = f"{(seconds - prev[1]) / (n - prev[0]) * 1e6:.2f}" if prev else "—"
            lines.append(f"| {n:,} | {seconds:.2f} s | {per_point:.2f} | {extra} | {rss:,.0f} MB |")
            prev = (n, seconds)
    notes = [r.note for r in rows if r.note] + checks
    if notes:
        lines += [""] + [f"- {n}" for n in notes]
    lines += ["", f"Machine: {machine()}. Load average (1 min) {load[0]:.2f} at the start, {load[1]:.2f} at the end "
              "(anything else running slows every row, ours and theirs alike for the side-by-side ones)."]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100k points instead of 1M, sizes up to 100k, 2 runs")
    parser.add_argument("--runs", type=int, help="timed runs of each measure (default 5; 2 with --quick)")
    parser.add_argument("--skip", action="append", default=[], choices=("locate", "scaling", "export", "page"),
                        help="leave a part out (repeatable)")
    args = parser.parse_args()
    runs = args.runs or (2 if args.quick else 5)
    OUT.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    scaling: list = []
    checks: list[str] = []
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    if "locate" not in args.skip:
        n = 100_000 if args.quick else 1_000_000
        print(f"locate: zonemap vs GeoPandas on {n:,} points…", file=sys.stderr)
        checks.append(check_same_output(10_000 if args.quick else 100_000))
        rows.append(bench_locate(n, runs)[0])
    if "scaling" not in args.skip:
        sizes = [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000, 5_000_000]
        print("locate: scaling…", file=sys.stderr)
        scaling = bench_scaling(sizes, runs)
        if sizes[-1] == 5_000_000:
            peak = scaling[-1][3]
            rows.append(Row("`zonemap locate`, 5,000,000 points: peak memory of the process", peak / 1024, None,
                            "GB", "≤ 2 GB", peak <= 2048))
    if "export" not in args.skip:
        print("export: zonemap vs folium + Chromium…", file=sys.stderr)
        rows.append(bench_export(runs)[0])
    if "page" not in args.skip:
        print("page: Chromium on a warm server, AppTest reruns…", file=sys.stderr)
        rows.extend(bench_page(runs)[0])
    print(f"(bench took {time.perf_counter() - started:.0f} s)", file=sys.stderr)
    print(report(rows, scaling, runs, checks, (load_before, os.getloadavg()[0])))
    return 0 if all(r.met for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
