"""What every benchmark script shares: timing a whole process honestly, and the machine it ran on.

``measure(command)`` runs one command as its own process and returns its wall time, CPU time, peak resident
memory and output. It goes through a tiny launcher (``python -S``, standard library only) so that the peak
memory is the command's own: on Linux a child's ``ru_maxrss`` starts at the *peak* of the process that spawned
it (the high-water mark survives the fork and the exec), so a command spawned straight from a benchmark that
has imported Playwright, GeoPandas or Streamlit would report that benchmark's memory, not its own.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
CHROMIUM = "/usr/bin/chromium"
PACKAGES = ("shapely", "geopandas", "pyogrio", "pyarrow", "pandas", "numpy", "matplotlib", "folium", "streamlit",
            "streamlit-folium", "playwright")

# Runs the command given after the report path, inheriting standard input and output; writes what wait4 says.
LAUNCHER = r"""
import json, os, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
seconds = time.perf_counter() - start
with open(sys.argv[1], "w") as fh:
    json.dump({"seconds": seconds, "peak_kb": usage.ru_maxrss, "cpu": usage.ru_utime + usage.ru_stime,
               "code": os.waitstatus_to_exitcode(status)}, fh)
"""


@dataclass
class Measured:
    seconds: float  # wall time of the command's process (start-up and imports included)
    peak_mb: float  # its peak resident memory
    cpu: float  # its user + system CPU seconds (all threads)
    code: int
    out: str
    err: str


def chromium_argv() -> list[str]:
    """The Chromium binary and the browser tests' flags (tests/e2e/conftest.py), as the two first arguments of a
    recipe that launches it: every benchmark's browser starts alike. Needs the project's root on ``sys.path``."""
    from tests.e2e.conftest import CHROMIUM_ARGS

    return [CHROMIUM, json.dumps(CHROMIUM_ARGS)]


def env_with_root(extra: dict[str, str] | None = None) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), **(extra or {})}


def measure(command: list[str], *, cwd: Path = ROOT, env: dict[str, str] | None = None, check: bool = True,
            capture: bool = True, timeout: float | None = 900) -> Measured:
    """Run ``command`` once as a whole process; its time, peak memory and output. ``check``: fail on exit != 0."""
    with tempfile.NamedTemporaryFile(prefix="zonemap-bench-", suffix=".json", delete=False) as fh:
        report = Path(fh.name)
    try:
        stream = subprocess.PIPE if capture else subprocess.DEVNULL
        done = subprocess.run([sys.executable, "-S", "-c", LAUNCHER, str(report), *map(str, command)], cwd=cwd,
                              env=env_with_root(env), stdout=stream, stderr=subprocess.PIPE, timeout=timeout)
        figures = json.loads(report.read_text() or "{}")
    finally:
        report.unlink(missing_ok=True)
    out = done.stdout.decode("utf-8", "replace") if capture else ""
    err = done.stderr.decode("utf-8", "replace")
    result = Measured(figures["seconds"], figures["peak_kb"] / 1024, figures["cpu"], figures["code"], out, err)
    if check and result.code != 0:
        raise RuntimeError(f"{' '.join(map(str, command[:4]))}… exited with {result.code}:\n{err[-2000:]}")
    return result


def interleaved(commands: dict[str, list[str]], runs: int, **kwargs) -> dict[str, list[Measured]]:
    """One untimed warm-up of each command (the file cache, not the code), then ``runs`` rounds in turn (ours,
    theirs, ours, …) so that a change in the machine's load hits every command alike."""
    for command in commands.values():
        measure(command, **kwargs)
    out: dict[str, list[Measured]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            out[name].append(measure(command, **kwargs))
    return out


def zonemap() -> str:
    """The ``zonemap`` console script of this interpreter's environment."""
    return shutil.which("zonemap", path=str(Path(sys.executable).parent)) or "zonemap"


def load() -> float:
    return os.getloadavg()[0]


def machine() -> str:
    """CPU, cores, RAM, OS; Python and the packages that matter; Chromium's version."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or platform.machine())
    mem = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pass
    chromium = "no Chromium"
    if Path(CHROMIUM).exists():
        chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    return (f"{cpu}, {os.cpu_count()} cores, {mem / 1024 ** 2:.0f} GB RAM, {platform.system()} "
            f"{platform.release()}; Python {platform.python_version()}; {', '.join(versions)}; {chromium}")


def stamp() -> str:
    return time.strftime("%Y-%m-%d %H:%M %Z")


def publish(lines: list[str], name: str, before: float) -> None:
    """A standalone bench script's report: its lines, then when, the load average from ``before`` to now and the
    machine; printed and written to bench/out/``name``.md."""
    text = "\n".join([*lines, f"{stamp()}; load average {before:.1f} → {load():.1f}; {machine()}"])
    print(text)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.md").write_text(text + "\n", encoding="utf-8")


class ScriptClock:
    """The page's own script runs, timed in Streamlit's script-runner thread while AppTest drives ``app.py``
    (AppTest's bookkeeping left out): ``with ScriptClock() as clock:`` … ``clock.inside`` holds one duration per
    run. With a ``profiler``, runs are profiled while ``clock.profiling`` is true."""

    def __init__(self, profiler=None):
        self.inside: list[float] = []
        self.profiler, self.profiling = profiler, False

    def __enter__(self) -> ScriptClock:
        import streamlit.runtime.scriptrunner.script_runner as script_runner

        self._runner, self._original = script_runner, script_runner.exec_func_with_error_handling

        def timed(*args, **kwargs):
            start = time.perf_counter()
            if self.profiling:
                self.profiler.enable()
            try:
                return self._original(*args, **kwargs)
            finally:
                if self.profiling:
                    self.profiler.disable()
                self.inside.append(time.perf_counter() - start)

        script_runner.exec_func_with_error_handling = timed
        return self

    def __exit__(self, *exc) -> None:
        self._runner.exec_func_with_error_handling = self._original
