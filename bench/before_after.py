"""Before and after: the six scenarios' native figures, timed against two builds of the library.

A change to the core should leave no scenario more than 5% slower. This script runs the
scenario scripts of ``run_scenarios.sh``, with the same arguments, against two repository
roots (say the previous commit in a git worktree, and the current tree) and compares their
native figures only. Every script that has peers runs with ``--native-only`` (``scaling.py``
has none), so the vectorised peer and the authors' algorithm, which take most of the suite's
time, are skipped; the native figures are the ones the scripts report in a full run.

- Each run is a fresh process with ``PYTHONPATH=<root>/python``. The scripts come from one
  folder (``--scripts``, by default the one holding this file), so the same measuring code
  runs against both builds; they use only the package's public API.
- The runs alternate: scenario by scenario, repeat by repeat, before then after
  (B A B A B A for three repeats), so the shared machine's slow moments fall on both sides.
- For each timed figure: the median over the repeats on each side, after / before, and
  ``ok`` when that ratio is at most 1.05, ``SLOWER`` otherwise. Figures derived from the
  timed ones (GB/s, GFLOP/s, µs per row, the factor time by difference, fixed cost,
  speed-ups) and resident memory are left out; every figure of every run is in the JSON.
- Giving the same root as both sides shows how far this machine's noise alone moves the
  ratios; on a shared machine, check that before trusting a verdict either way.

    python bench/before_after.py --before ../before --after . [--repeats 3] [--json out.json]
    python bench/before_after.py ... --scenarios 2,4    # a subset, for a quick look
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from machine_limits import machine_facts

TOLERANCE = 1.05  # after / before above this is SLOWER
NATIVE_ONLY = "--native-only"


@dataclass(frozen=True)
class Scenario:
    number: int
    title: str
    script: str
    args: tuple  # as run_scenarios.sh passes them, plus --native-only where the script has peers
    figures: tuple  # the timed native figures compared (seconds, lower is better)


SCALING_SIZES = (10_000, 30_000, 100_000, 300_000, 1_000_000, 2_000_000)  # scaling.py's default --sizes

SCENARIOS = (
    Scenario(1, "table + top-b, 2M x 384 f32", "pool_scoring.py", (NATIVE_ONLY,),
             ("K2_native_s", "K10_native_s")),
    Scenario(2, "Hessian + factor, p = 3850", "hessian_vs_numpy.py", (NATIVE_ONLY,),
             ("native_hessian_s", "native_hessian_factor_solve_s", "native_cg_direction_s")),
    Scenario(3, "full round, pool 200k", "full_round.py", (NATIVE_ONLY,),
             ("K2_native_round_s", "K2_native_fit_s", "K10_native_round_s", "K10_native_fit_s")),
    Scenario(4, "10 paper rounds, wine quality", "paper_rounds.py", (NATIVE_ONLY,),
             ("native_s",)),
    Scenario(5, "pool size and threads", "scaling.py", (),
             tuple(f"query_s_n{n}" for n in SCALING_SIZES)
             + ("table_s_1t", "table_s_2t", "hessian_s_1t", "hessian_s_2t")),
    Scenario(6, "wide round, d = 1024, p = 10,250", "full_round.py",
             ("--d", "1024", "--n-train", "5000", "--n-pool", "100000", "--classes", "10", "--skip-authors",
              NATIVE_ONLY),
             ("K10_native_round_s", "K10_native_fit_s")),
)

PROBE = """
import hashlib, json, os, salutary_native as sn
core = os.path.realpath(sn._core._native.__file__)
with open(core, "rb") as fh:
    digest = hashlib.sha256(fh.read()).hexdigest()[:12]
print(json.dumps({"package": os.path.dirname(sn.__file__), "core": core, "core_sha256": digest,
                  "version": getattr(sn, "__version__", None), "threads": sn.get_num_threads()}))
"""


def side_env(root: Path) -> dict:
    """The environment of a run against `root`: its python/ folder, and no other, on PYTHONPATH."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(root / "python")
    return env


def describe_side(root: Path) -> dict:
    """The commit and the build a root's runs load; fails if the package is not the root's own."""
    probe = subprocess.run([sys.executable, "-c", PROBE], env=side_env(root), capture_output=True, text=True)
    if probe.returncode != 0:
        sys.exit(f"salutary_native does not import from {root}/python:\n{probe.stderr}")
    facts = json.loads(probe.stdout)
    if Path(facts["package"]).resolve() != (root / "python" / "salutary_native").resolve():
        sys.exit(f"PYTHONPATH={root}/python loads salutary_native from {facts['package']}, not that tree")

    def git(*args):
        out = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
        return out.stdout.strip() if out.returncode == 0 else None

    facts["root"] = str(root)
    facts["commit"] = git("log", "-1", "--format=%h %s")
    facts["uncommitted_changes"] = bool(git("status", "--porcelain", "--untracked-files=no"))
    return facts


def run_once(scenario: Scenario, root: Path, scripts: Path, workdir: Path) -> tuple[dict, float]:
    """(every figure the script wrote, wall seconds of the whole process) of one run against `root`."""
    out = workdir / f"scenario{scenario.number}.json"
    out.unlink(missing_ok=True)
    cmd = [sys.executable, str(scripts / scenario.script), *scenario.args, "--json", str(out)]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=side_env(root), cwd=scripts, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"scenario {scenario.number} failed against {root} (exit {proc.returncode}):\n"
                 f"  PYTHONPATH={root}/python {' '.join(cmd)}\n{proc.stderr[-3000:]}")
    figures = json.loads(out.read_text())
    missing = [f for f in scenario.figures if f not in figures]
    if missing:
        sys.exit(f"scenario {scenario.number} ({scenario.script}) reported no {missing} against {root}")
    return figures, wall


def compare(runs: dict) -> list[dict]:
    """One row a timed figure: the medians of both sides, after / before and the verdict."""
    rows = []
    for scenario in SCENARIOS:
        if scenario.number not in runs["before"]:
            continue
        for figure in scenario.figures:
            before = [r[figure] for r in runs["before"][scenario.number]]
            after = [r[figure] for r in runs["after"][scenario.number]]
            b, a = statistics.median(before), statistics.median(after)
            ratio = a / b
            rows.append({"scenario": scenario.number, "figure": figure, "before_s": before, "after_s": after,
                         "before_median_s": b, "after_median_s": a, "ratio": ratio,
                         "verdict": "ok" if ratio <= TOLERANCE else "SLOWER"})
    return rows


def print_report(report: dict) -> None:
    m = report["machine"]
    print(f"\nmachine: {m['cpu']}, {m['cores']} cores ({m['cores_usable']} usable), {m['memory_gib']} GiB; "
          f"Python {m['python']}, numpy {m['numpy']}; load average at start "
          f"{' '.join(f'{x:.2f}' for x in m['load_average_at_start'])}"
          + (f"; {m['thread_settings']}" if m["thread_settings"] else ""))
    for side in ("before", "after"):
        s = report[side]
        print(f"{side:6s}: {s['root']} @ {s['commit']}{' (+ uncommitted changes)' if s['uncommitted_changes'] else ''}"
              f"; core {s['core_sha256']} ({s['core']}), {s['threads']} threads")
    print(f"scripts: {report['scripts']}; median of {report['repeats']} runs a side, alternating before / after; "
          f"{report['wall_s']:.0f} s in all\n")
    width = max(len(r["figure"]) for r in report["rows"]) + 4
    print(f"{'scenario / figure':{width}s} {'before':>10s} {'after':>10s} {'after/before':>13s}  verdict")
    for r in report["rows"]:
        name = f"{r['scenario']}. {r['figure']}"
        print(f"{name:{width}s} {r['before_median_s']:9.4f}s {r['after_median_s']:9.4f}s "
              f"{r['ratio']:13.3f}  {r['verdict']}")
    slower = [r for r in report["rows"] if r["verdict"] == "SLOWER"]
    print(f"\n{len(slower)} of {len(report['rows'])} figures more than {TOLERANCE - 1:.0%} slower after"
          + (": " + ", ".join(f"{r['scenario']}. {r['figure']}" for r in slower) if slower else ""))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", type=Path, required=True, help="repository root of the build before the change")
    ap.add_argument("--after", type=Path, required=True, help="repository root of the build after the change")
    ap.add_argument("--repeats", type=int, default=3, help="runs of each scenario on each side (median taken)")
    ap.add_argument("--scenarios", default="1,2,3,4,5,6", help="which scenarios, by number")
    ap.add_argument("--scripts", type=Path, default=Path(__file__).resolve().parent,
                    help="folder of the scenario scripts run against both sides (default: this file's)")
    ap.add_argument("--json", help="also write the machine, both sides, every run's figures and the table here")
    args = ap.parse_args()
    wanted = {int(s) for s in args.scenarios.split(",")}
    scenarios = [s for s in SCENARIOS if s.number in wanted]
    roots = {"before": args.before.resolve(), "after": args.after.resolve()}
    scripts = args.scripts.resolve()

    report = {"machine": machine_facts(), **{side: describe_side(root) for side, root in roots.items()},
              "scripts": str(scripts), "repeats": args.repeats}
    runs = {side: {s.number: [] for s in scenarios} for side in roots}
    walls = {side: {s.number: [] for s in scenarios} for side in roots}
    t_start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for repeat in range(args.repeats):
            for scenario in scenarios:
                for side, root in roots.items():  # before, then after
                    figures, wall = run_once(scenario, root, scripts, Path(tmp))
                    runs[side][scenario.number].append(figures)
                    walls[side][scenario.number].append(wall)
                    print(f"repeat {repeat + 1}/{args.repeats}, scenario {scenario.number} ({scenario.title}), "
                          f"{side}: {wall:.1f} s", file=sys.stderr, flush=True)
    report["wall_s"] = time.perf_counter() - t_start
    report["machine"]["load_average_at_end"] = os.getloadavg()
    report["process_wall_s"] = walls
    report["runs"] = runs
    report["rows"] = compare(runs)
    print_report(report)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(report, fh, indent=2)


if __name__ == "__main__":
    main()
