"""``make mutate``: a small, repeatable mutation check over the modules that matter most.

Each mutant in ``tools/mutants.py`` is a deliberate bug a user would notice (a tooltip not escaped, lat/lon
swapped, a budget check removed, …): the exact original snippet in one file, its replacement, and the unit test
files that should catch it. For each mutant this script

1. copies a snapshot of the repository (taken once at the start; without .venv, .git, bench/out and caches) to
   a temporary folder and applies the mutation there — refusing a snippet that is not found exactly once;
2. runs the mutant's tests in the copy with the project's own Python, ``PYTHONPATH`` set to the copy, the copy
   as working folder and ``--rootdir``; no browser test is ever selected;
3. proves that the tests exercised the copy, not the checkout: a small plugin (``-p _mutate_guard``, written
   into the copy only) records, inside the pytest process, where ``geo``, ``zones`` and every test module were
   imported from, and whether the mutated module was imported from the copy; a run that touched the checkout is
   an ERROR, never a result;
4. records killed (a test failed, or the run timed out) or survived (every test passed).

A kill counts only if it is the mutant's doing: afterwards every test that killed a mutant runs once on the
unmutated snapshot (the baseline), and a mutant run that timed out runs again unmutated. A test that already
fails there is listed, left out, and the mutants it "killed" run again without it, so the score stays honest
in a shared checkout where someone's work is in progress.

    .venv/bin/python tools/mutate.py                 # every mutant, 2 workers
    .venv/bin/python tools/mutate.py --list          # the mutants, and the bug each stands for
    .venv/bin/python tools/mutate.py -k clicks       # mutants whose id contains "clicks"
    .venv/bin/python tools/mutate.py --head          # mutate the last commit instead of the working tree

Exit status: 0 when every mutant is killed (or survives with an explanation given beside it, ``equivalent=``),
1 when any survives unexplained, 2 when a mutant cannot be applied or a run could not be trusted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from mutants import MUTANTS, Mutant  # noqa: E402

SKIP_DIRS = {".venv", ".git", "__pycache__", ".pytest_cache", ".ruff_cache", "build", "dist", ".mypy_cache",
             ".hypothesis"}
SKIP_PATHS = {"bench/out"}
GUARD = "_mutate_guard"
GUARD_SOURCE = '''"""Written by tools/mutate.py into a temporary copy: records where the code under test came from."""
import json
import os
import sys

ROOT = os.path.realpath(os.environ["ZONEMAP_MUTATE_ROOT"])
REPORT = os.environ["ZONEMAP_MUTATE_REPORT"]
TARGET = os.environ.get("ZONEMAP_MUTATE_MODULE", "")
_failed = []


def _inside(path):
    return bool(path) and os.path.realpath(path).startswith(ROOT + os.sep)


def pytest_runtest_logreport(report):
    if report.failed:
        _failed.append(report.nodeid)


def pytest_collectreport(report):
    if report.failed:
        _failed.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    import geo
    import zones

    ours = {name: getattr(m, "__file__", None) for name, m in list(sys.modules.items())
            if name in ("geo", "zones", "tests") or name.startswith(("geo.", "zones.", "tests."))}
    target = sys.modules.get(TARGET) if TARGET else None
    with open(REPORT, "w", encoding="utf-8") as out:
        json.dump({"geo": geo.__file__, "zones": zones.__file__,
                   "outside": sorted(n for n, f in ours.items() if f and not _inside(f)),
                   "tests": sorted(n for n in ours if n.startswith("tests.")),
                   "target_loaded": target is not None,
                   "target_file": getattr(target, "__file__", None),
                   "failed": _failed, "exitstatus": int(exitstatus)}, out)
'''


@dataclass
class Outcome:
    mutant: Mutant
    status: str  # killed | survived | error
    seconds: float
    detail: str = ""
    deselected: list[str] = field(default_factory=list)
    killer: str = ""  # the first failing test's node id


# --- the copy -----------------------------------------------------------------------------------


def _ignore(base: Path):
    def ignore(folder: str, names: list[str]) -> set[str]:
        rel = Path(folder).resolve().relative_to(base)
        skipped = {n for n in names if n in SKIP_DIRS or n.endswith(".egg-info")}
        skipped |= {n for n in names if (rel / n).as_posix() in SKIP_PATHS}
        return skipped

    return ignore


def snapshot(dest: Path, head: bool) -> Path:
    """The tree every mutant starts from: the working tree as it is now, or (``--head``) the last commit."""
    if head:
        dest.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", "HEAD"], check=True, capture_output=True).stdout
        with tarfile.open(fileobj=__import__("io").BytesIO(archive)) as tar:
            tar.extractall(dest, filter="data")
        for sub in SKIP_PATHS:
            shutil.rmtree(dest / sub, ignore_errors=True)
    else:
        shutil.copytree(ROOT, dest, ignore=_ignore(ROOT.resolve()), symlinks=True)
    (dest / f"{GUARD}.py").write_text(GUARD_SOURCE, encoding="utf-8")
    return dest


def apply(tree: Path, mutant: Mutant) -> None:
    path = tree / mutant.file
    text = path.read_text(encoding="utf-8")
    count = text.count(mutant.original)
    if count != 1:
        raise ValueError(f"{mutant.id}: the original snippet occurs {count} times in {mutant.file}, not once")
    path.write_text(text.replace(mutant.original, mutant.replacement), encoding="utf-8")


def module_of(file: str) -> str:
    """The import name of a mutated file (``geo/io/write.py`` → ``geo.io.write``); "" for the page's script."""
    if not file.endswith(".py") or "/" not in file:
        return ""
    parts = file[:-3].split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def check_mutants(tree: Path, mutants: list[Mutant]) -> list[str]:
    """Every reason a mutant cannot be run as written: unknown file, snippet not found exactly once, no tests."""
    problems, seen = [], set()
    for m in mutants:
        if m.id in seen:
            problems.append(f"{m.id}: the id is used twice")
        seen.add(m.id)
        path = tree / m.file
        if not path.is_file():
            problems.append(f"{m.id}: no file {m.file}")
            continue
        count = path.read_text(encoding="utf-8").count(m.original)
        if count != 1:
            problems.append(f"{m.id}: the original snippet occurs {count} times in {m.file}, not exactly once")
        if m.original == m.replacement:
            problems.append(f"{m.id}: the replacement is the original")
        if not m.tests:
            problems.append(f"{m.id}: no tests named")
        for t in m.tests:
            test_file = t.split("::")[0]
            if not (tree / test_file).is_file():
                problems.append(f"{m.id}: no test file {test_file}")
            if "e2e" in Path(test_file).parts:
                problems.append(f"{m.id}: {t} is a browser test; the mutation check runs without the browser")
    return problems


# --- running the tests ---------------------------------------------------------------------------


def pytest_args(tree: Path, tests: tuple[str, ...], k: str | None, deselect: list[str], first_failure: bool,
                ) -> list[str]:
    args = [sys.executable, "-m", "pytest", *tests, "-q", "-p", "no:cacheprovider", "-p", GUARD,
            "--rootdir", str(tree), "--basetemp", str(tree / ".pytest-tmp"), "-o", "addopts=", "--no-header",
            "-m", "not e2e"]
    if first_failure:
        args.append("-x")
    if k:
        args += ["-k", k]
    for nodeid in deselect:
        args += ["--deselect", nodeid]
    return args


def run_tests(tree: Path, tests: tuple[str, ...], k: str | None, deselect: list[str], module: str, timeout: float,
              first_failure: bool) -> tuple[str, dict | None, str]:
    """("passed" | "failed" | "timeout" | "error", the guard's report, the tail of the output)."""
    report_path = tree / ".mutate-report.json"
    report_path.unlink(missing_ok=True)
    env = {k_: v for k_, v in os.environ.items() if not k_.startswith(("ZONEMAP_", "PYTEST_", "PYTHON"))}
    env.update(PYTHONPATH=str(tree), ZONEMAP_MUTATE_ROOT=str(tree), ZONEMAP_MUTATE_REPORT=str(report_path),
               ZONEMAP_MUTATE_MODULE=module, PYTHONDONTWRITEBYTECODE="1", MPLBACKEND="Agg")
    proc = subprocess.Popen(pytest_args(tree, tests, k, deselect, first_failure), cwd=tree, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the pytest we started, and the processes it started
        proc.communicate()
        return "timeout", None, f"no result after {timeout:.0f} s"
    text = out.decode("utf-8", "replace")
    tail = "\n".join(text.strip().splitlines()[-15:])
    report = json.loads(report_path.read_text(encoding="utf-8")) if report_path.exists() else None
    if proc.returncode == 0:
        return "passed", report, tail
    if proc.returncode == 1:
        return "failed", report, tail
    return "error", report, f"pytest exited with {proc.returncode}:\n{tail}"


def trusted(tree: Path, report: dict | None, module: str) -> str:
    """Why the run cannot be trusted to have tested the copy ("" when it can)."""
    if report is None:
        return "the guard plugin wrote no report: the tests did not run in the copy"
    root = os.path.realpath(tree) + os.sep
    for name in ("geo", "zones"):
        if not os.path.realpath(report[name]).startswith(root):
            return f"{name} was imported from {report[name]}, not from the copy"
    if report["outside"]:
        return f"imported from outside the copy: {', '.join(report['outside'][:5])}"
    if not report["tests"]:
        return "no test module was imported from the copy"
    if module and report["target_loaded"] and not os.path.realpath(report["target_file"]).startswith(root):
        return f"the mutated module {module} came from {report['target_file']}"
    return ""


def verify_killers(snap: Path, work: Path, nodeids: list[str], timeout: float, workers: int,
                   ) -> tuple[set[str], list[str]]:
    """Run the tests that killed mutants once on the unmutated snapshot: the ones that fail there already."""
    chunks = [c for c in (nodeids[i::workers] for i in range(max(workers, 1))) if c]

    def one(i_chunk):
        i, chunk = i_chunk
        tree = work / f"baseline-{i}"
        shutil.copytree(snap, tree, symlinks=True)
        try:
            result, report, tail = run_tests(tree, tuple(chunk), None, [], "", timeout, first_failure=False)
            why = trusted(tree, report, "")
            if why or result in ("timeout", "error"):
                return set(), f"the unmutated code: {why or result}: {tail}"
            return set(report["failed"]), ""
        finally:
            shutil.rmtree(tree, ignore_errors=True)

    failing: set[str] = set()
    errors = []
    with ThreadPoolExecutor(max(workers, 1)) as pool:
        for failed, error in pool.map(one, enumerate(chunks)):
            failing |= failed
            if error:
                errors.append(error)
    return failing, errors


def run_mutant(snap: Path, work: Path, mutant: Mutant, deselect: list[str], timeout: float, keep: bool) -> Outcome:
    tree = work / mutant.id
    shutil.copytree(snap, tree, symlinks=True)
    start = time.monotonic()
    try:
        apply(tree, mutant)
        module = module_of(mutant.file)
        result, report, tail = run_tests(tree, mutant.tests, mutant.k, deselect, module, timeout, first_failure=True)
        seconds = time.monotonic() - start
        why = trusted(tree, report, module) if result != "timeout" else ""
        if why:
            return Outcome(mutant, "error", seconds, why, deselect)
        if result == "error":
            return Outcome(mutant, "error", seconds, tail, deselect)
        if result == "timeout":
            return Outcome(mutant, "killed", seconds, f"timeout ({tail})", deselect)
        if result == "failed":
            first = report["failed"][0] if report["failed"] else ""
            return Outcome(mutant, "killed", seconds, first or "a test failed", deselect, killer=first)
        if module and not report["target_loaded"]:
            return Outcome(mutant, "survived", seconds, f"the tests never imported {module} in-process", deselect)
        return Outcome(mutant, "survived", seconds, "every selected test passed", deselect)
    finally:
        if not keep:
            shutil.rmtree(tree, ignore_errors=True)


# --- report ----------------------------------------------------------------------------------------


def table(outcomes: list[Outcome]) -> str:
    rows = [("mutant", "file", "result", "s", "killed by / note")]
    for o in outcomes:
        result = o.status
        if o.status == "survived" and o.mutant.equivalent:
            result = "survived*"
        detail = o.detail.splitlines()[0] if o.detail else ""
        if o.status == "killed" and "::" in detail:
            detail = detail.split("::", 1)[1]
        rows.append((o.mutant.id, o.mutant.file, result, f"{o.seconds:.0f}", detail[:72]))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = []
    for n, r in enumerate(rows):
        lines.append("  ".join(c.ljust(w) for c, w in zip(r[:4], widths, strict=True)) + "  " + r[4])
        if n == 0:
            lines.append("  ".join("-" * w for w in widths) + "  " + "-" * 16)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-k", dest="match", action="append", default=[],
                        help="only mutants whose id or file contains this text (repeatable)")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    parser.add_argument("--check", action="store_true", help="only check that every mutant applies, and exit")
    parser.add_argument("--workers", type=int, default=2, help="mutants run at once (default 2)")
    parser.add_argument("--timeout", type=float, default=240, help="seconds per test run before it counts as "
                        "killed by a hang (default 240)")
    parser.add_argument("--head", action="store_true", help="mutate the last commit, not the working tree")
    parser.add_argument("--no-baseline", action="store_true", help="skip the run on the unmutated code")
    parser.add_argument("--keep", action="store_true", help="keep the mutated copies (printed) for a look")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    args = parser.parse_args(argv)

    chosen = [m for m in MUTANTS if not args.match or any(s in m.id or s in m.file for s in args.match)]
    if args.list:
        for m in chosen:
            print(f"{m.id:34} {m.file:24} {m.bug}")
        print(f"{len(chosen)} mutants")
        return 0
    if not chosen:
        print("no mutant matches", file=sys.stderr)
        return 2

    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="zonemap-mutate-"))
    try:
        snap = snapshot(work / "snapshot", args.head)
        problems = check_mutants(snap, chosen)
        if problems:
            print("cannot run the mutation check:", *problems, sep="\n  ", file=sys.stderr)
            return 2
        if args.check:
            print(f"{len(chosen)} mutants apply: each snippet is found exactly once")
            return 0
        print(f"running {len(chosen)} mutants on {args.workers} workers …", flush=True)
        workers = max(args.workers, 1)

        def one(m: Mutant, deselect: list[str]) -> Outcome:
            outcome = run_mutant(snap, work, m, deselect, args.timeout, args.keep)
            mark = {"killed": "✓", "survived": "✗", "error": "!"}[outcome.status]
            print(f"  {mark} {m.id} ({outcome.status}, {outcome.seconds:.0f} s)", flush=True)
            return outcome

        with ThreadPoolExecutor(workers) as pool:
            outcomes = list(pool.map(lambda m: one(m, []), chosen))
        # A kill counts only if the killing test passes on the unmutated code: check each killer once there
        # (someone's work in progress in a shared checkout can break a test); re-run the mutants it "killed"
        # without the tests already failing.
        already: set[str] = set()
        checked: set[str] = set()
        for _ in range(3):
            if args.no_baseline:
                break
            killers = sorted({o.killer for o in outcomes if o.killer} - checked)
            if not killers:
                break
            print(f"checking the {len(killers)} killing tests on the unmutated code …", flush=True)
            failing, errors = verify_killers(snap, work, killers, args.timeout, workers)
            if errors:
                print("the unmutated code cannot be tested:", *errors, sep="\n  ", file=sys.stderr)
                return 2
            checked |= set(killers)
            if not failing:
                break
            already |= failing
            print("already failing on the unmutated code (left out of the mutant runs):", *sorted(failing),
                  sep="\n  ")
            again = [i for i, o in enumerate(outcomes) if o.killer in already]
            with ThreadPoolExecutor(workers) as pool:
                left_out = sorted(already)
                redone = list(pool.map(one, [outcomes[i].mutant for i in again], [left_out] * len(again)))
            for i, o in zip(again, redone, strict=True):
                outcomes[i] = o
        for i, o in enumerate(outcomes):  # a hang is the mutant's only if the unmutated code does not hang
            if args.no_baseline or o.status != "killed" or o.killer:
                continue
            tree = work / f"baseline-timeout-{i}"
            shutil.copytree(snap, tree, symlinks=True)
            result, _, tail = run_tests(tree, o.mutant.tests, o.mutant.k, o.deselected, "", args.timeout, True)
            shutil.rmtree(tree, ignore_errors=True)
            if result != "passed":
                outcomes[i] = Outcome(o.mutant, "error", o.seconds, f"the unmutated code gives {result} too: {tail}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"copies kept in {work}")

    print()
    print(table(outcomes))
    killed = sum(o.status == "killed" for o in outcomes)
    survived = [o for o in outcomes if o.status == "survived"]
    explained = [o for o in survived if o.mutant.equivalent]
    errors = [o for o in outcomes if o.status == "error"]
    minutes = (time.monotonic() - started) / 60
    print()
    print(f"mutation score: {killed}/{len(outcomes)} killed ({100 * killed / len(outcomes):.0f} %) in "
          f"{minutes:.1f} min" + (f"; {len(explained)} survive with an explanation (*)" if explained else ""))
    for o in survived:
        note = f"explained: {o.mutant.equivalent}" if o.mutant.equivalent else "NOT EXPLAINED"
        print(f"  survived {o.mutant.id}: {o.mutant.bug} — {note}")
    for o in errors:
        print(f"  error {o.mutant.id}: {o.detail}")
    if args.json:
        Path(args.json).write_text(json.dumps([{"id": o.mutant.id, "file": o.mutant.file, "status": o.status,
                                                "seconds": round(o.seconds, 1), "detail": o.detail,
                                                "deselected": o.deselected} for o in outcomes], indent=1),
                                   encoding="utf-8")
    if errors:
        return 2
    return 1 if len(survived) > len(explained) else 0


if __name__ == "__main__":
    sys.exit(main())
