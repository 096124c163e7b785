"""The active-learning loop over a memory-mapped pool: seconds per round against one query, and memory.

A float32 pool of --rows × --dim (default 2,000,000 × 384, 3.07 GB) is drawn once from a
seeded K-class gaussian mixture and kept as a .npy file under --data (outside the
repository), written in slices so it is never held whole; the labeled set (2,000 rows) and
the validation set (500 rows), float64, come from the same mixture. Each --tree (a
repository root: a git worktree of an older commit, the current tree) runs in its own fresh
process with ``PYTHONPATH=<tree>/python`` and ``OMP_NUM_THREADS=2``, which opens the pool with
``np.load(mmap_mode="r")`` and times:

- ``ActiveLearner(X_train, y_train, X_val, y_val, X_pool, strategy="salutary", budget=b)``
  construction;
- ``learner.run(rounds, progress=False)``: the wall time of every round from the ``on_round``
  callbacks, and each record's fit / score / select seconds; seconds per round is the median
  of rounds 1..rounds;
- one ``salutary_query(model, X_train, X_val, y_val, X_pool, b)`` with
  ``model = LogisticRegression(C=0.02).fit(X_train, y_train)`` (median of --query-repeats),
  the peer a round is measured against: a round refits, scores the whole pool and selects,
  which is what one query does, so round / query near 1 means the loop adds nothing. The
  labeled set grows by b rows a round, and with it the refit and the validation direction's
  solve, so the same query with the last round's labeled set (a fresh fit on it) is timed
  too, and each round's wall time is split into the record's fit, score and select seconds
  and the rest (the loop's own work).

Memory is anonymous memory (RssAnon of /proc/self/status), not the page cache that the
mapped pool fills: a thread samples it every 5 ms, and so does a separate process, since a
call that holds the GIL also holds the thread (its longest gap between samples is reported).
The figure is the higher of the two peaks during construction and the rounds minus RssAnon
right after the pool was opened, in bytes and as a share of the pool's size. Each round's own
peak is kept too, with its fit's solver and iterations and whether the validation direction
went from conjugate gradients to a Cholesky factor (the library's INFO log), which holds a
p × p matrix whatever the pool's size.

The machine limit is the read bandwidth of ``machine_limits.read_bandwidth`` (one
``X.sum(axis=0)`` pass, best of 3) over the same mapped pool in the same process: a round is
reported as the number of pool read passes it costs (round / read) and as the fraction of
the read bandwidth it reaches (read / round).

    python bench/loop_at_scale.py --tree ../before --tree . [--rows 2000000 --dim 384 --classes 10
        --budget 1000 --rounds 5] [--data /work/bench_data] [--out results/loop_at_scale]

Targets: round / query <= 1.2, extra anonymous memory <= 5% of the pool.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import logging
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np

from machine_limits import machine_facts

HERE = Path(__file__).resolve().parent
ROUND_TARGET = 1.2  # seconds per round over one query's seconds
MEMORY_TARGET = 0.05  # extra anonymous memory over the pool's size
N_TRAIN, N_VAL = 2000, 500
SPREAD = 2.0  # as workloads.blobs


# ---------------------------------------------------------------- data, made once and cached


def data_paths(data: Path, rows: int, dim: int, classes: int, seed: int) -> dict:
    stem = f"mixture_k{classes}_d{dim}_s{seed}"
    return {"pool": data / f"{stem}_pool_{rows}.npy", "labeled": data / f"{stem}_labeled.npz"}


def ensure_data(data: Path, rows: int, dim: int, classes: int, seed: int = 0) -> dict:
    """The cached pool (.npy, float32) and labeled/validation sets (.npz, float64); made when absent.

    The pool is written slice by slice through a memory map and renamed into place when
    complete, so an interrupted write is never taken for a cached pool. Its rows are i.i.d.,
    so a prefix of the pool is a smaller pool of the same mixture.
    """
    data.mkdir(parents=True, exist_ok=True)
    paths = data_paths(data, rows, dim, classes, seed)
    centers = np.random.default_rng([seed, classes, dim]).normal(size=(classes, dim))
    if not paths["labeled"].exists():
        rng = np.random.default_rng([seed, classes, dim, 1])
        sets = {}
        for name, n in (("train", N_TRAIN), ("val", N_VAL)):
            y = rng.integers(0, classes, n)
            sets[f"X_{name}"] = centers[y] + SPREAD * rng.standard_normal((n, dim))
            sets[f"y_{name}"] = y
        tmp = paths["labeled"].with_suffix(".tmp.npz")
        np.savez(tmp, **sets)
        os.replace(tmp, paths["labeled"])
    if not paths["pool"].exists():
        tmp = paths["pool"].with_suffix(".tmp.npy")
        t0 = time.perf_counter()
        pool = np.lib.format.open_memmap(tmp, mode="w+", dtype=np.float32, shape=(rows, dim))
        rng = np.random.default_rng([seed, classes, dim, 2])
        step = 65536
        for r0 in range(0, rows, step):
            r1 = min(rows, r0 + step)
            y = rng.integers(0, classes, r1 - r0)
            pool[r0:r1] = centers[y] + SPREAD * rng.standard_normal((r1 - r0, dim))
        pool.flush()
        del pool
        os.replace(tmp, paths["pool"])
        print(f"wrote {paths['pool']} ({rows * dim * 4 / 1e9:.2f} GB) in {time.perf_counter() - t0:.0f} s",
              file=sys.stderr, flush=True)
    return paths


# ---------------------------------------------------------------- anonymous memory


def rss_anon_bytes() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no RssAnon in /proc/self/status")


# A second sampler in its own process, which no GIL-holding call can stall: on "w" it restarts
# the peak, on any line it answers the peak since the last restart.
PROCESS_SAMPLER = """
import select, sys
path = "/proc/%s/status" % sys.argv[1]
def anon():
    try:
        with open(path) as fh:
            for line in fh:
                if line.startswith("RssAnon:"):
                    return int(line.split()[1]) * 1024
    except (FileNotFoundError, ProcessLookupError):
        return None
peak = anon() or 0
while True:
    ready = select.select([sys.stdin], [], [], 0.005)[0]
    value = anon()
    if value is None:
        break
    peak = max(peak, value)
    if ready:
        command = sys.stdin.readline()
        if not command or command.startswith("q"):
            break
        if command.startswith("w"):
            peak = value
        print(peak, flush=True)
"""


class AnonSampler:
    """Peak RssAnon, sampled every 5 ms by a daemon thread and by a separate process.

    The thread is stalled while a call holds the GIL (the longest gap between its samples is
    kept); the process is not. ``window()`` restarts both peaks; ``read()`` returns both and
    their maximum.
    """

    def __init__(self, interval: float = 0.005):
        self.interval = interval
        self._lock = threading.Lock()
        self.peak = rss_anon_bytes()
        self.samples = 0
        self.max_gap = 0.0
        self._running = True
        self._process = subprocess.Popen([sys.executable, "-c", PROCESS_SAMPLER, str(os.getpid())],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        last = time.perf_counter()
        while self._running:
            value = rss_anon_bytes()
            now = time.perf_counter()
            with self._lock:
                self.peak = max(self.peak, value)
                self.samples += 1
                self.max_gap = max(self.max_gap, now - last)
            last = now
            time.sleep(self.interval)

    def _ask(self, command: str) -> int:
        self._process.stdin.write(command + "\n")
        self._process.stdin.flush()
        return int(self._process.stdout.readline())

    def window(self) -> None:
        with self._lock:
            self.peak = rss_anon_bytes()
            self.samples = 0
            self.max_gap = 0.0
        self._ask("w")

    def read(self) -> dict:
        value = rss_anon_bytes()
        process_peak = self._ask("r")
        with self._lock:
            self.peak = max(self.peak, value)
            return {"peak": max(self.peak, process_peak), "thread_peak": self.peak, "process_peak": process_peak,
                    "samples": self.samples, "max_gap_s": self.max_gap}

    def stop(self) -> None:
        self._running = False
        self._thread.join()
        self._process.stdin.write("q\n")
        self._process.stdin.close()
        self._process.wait()


# ---------------------------------------------------------------- one tree, in its own process


def measure_tree(args) -> dict:
    """Runs inside the child process of one tree; returns every figure."""
    sys.path.insert(0, str(HERE))
    import inspect

    import salutary_native as sn
    from machine_limits import read_bandwidth

    paths = data_paths(args.data, args.rows, args.dim, args.classes, args.seed)
    sampler = AnonSampler()
    small = np.load(paths["labeled"])
    X_train, y_train, X_val, y_val = (small[k] for k in ("X_train", "y_train", "X_val", "y_val"))
    model = sn.LogisticRegression(C=0.02).fit(X_train, y_train)
    gc.collect()

    X_pool = np.load(paths["pool"], mmap_mode="r")
    anon_open = rss_anon_bytes()
    pool_bytes = X_pool.nbytes
    t0 = time.perf_counter()
    X_pool.sum(axis=0)
    first_read_s = time.perf_counter() - t0  # from disk when the page cache lost the pool
    read_gbps = read_bandwidth(X_pool)
    read_s = pool_bytes / read_gbps / 1e9
    print(f"  pool {X_pool.shape} mapped; read {read_gbps:.1f} GB/s ({read_s:.3f} s a pass)",
          file=sys.stderr, flush=True)

    # The learner: construction, then each round, in anonymous-memory windows of their own.
    gc.collect()
    sampler.window()
    t0 = time.perf_counter()
    learner = sn.ActiveLearner(X_train, y_train, X_val, y_val, X_pool, strategy="salutary", budget=args.budget)
    construct_s = time.perf_counter() - t0
    construct_mem = sampler.read()
    print(f"  construction {construct_s:.2f} s", file=sys.stderr, flush=True)
    stamps = []
    round_peaks = []
    # The library logs (INFO) when conjugate gradients hand the direction to the Cholesky factor,
    # which holds a p × p matrix: count those per round.
    fallbacks = []
    handler = logging.Handler(logging.INFO)
    handler.emit = lambda rec: fallbacks.append(rec.getMessage()) if "Cholesky" in rec.getMessage() else None
    logging.getLogger("salutary_native").addHandler(handler)
    logging.getLogger("salutary_native").setLevel(logging.INFO)

    def on_round(record):
        stamps.append((time.perf_counter(), record))
        # Each round's own peak, then a fresh window for the next one.
        mem = sampler.read()
        sampler.window()
        fitted = learner.model
        round_peaks.append((mem["peak"] - anon_open, getattr(fitted, "solver_", None),
                            int(np.ravel(getattr(fitted, "n_iter_", [0]))[0]), len(fallbacks)))
        print(f"  round {record.round}: {stamps[-1][0] - (stamps[-2][0] if len(stamps) > 1 else run_start):.2f} s",
              file=sys.stderr, flush=True)

    sampler.window()
    run_start = time.perf_counter()
    learner.run(args.rounds, on_round=on_round, progress=False)
    run_s = time.perf_counter() - run_start
    run_mem = sampler.read()
    learner_extra = max([construct_mem["peak"] - anon_open, run_mem["peak"] - anon_open]
                        + [peak for peak, *_ in round_peaks])
    rounds = []
    previous = run_start
    fallbacks_before = 0
    for (stamp, record), (peak, solver, iterations, n_fallbacks) in zip(stamps, round_peaks):
        rounds.append({"round": record.round, "wall_s": stamp - previous, "fit_s": record.fit_seconds,
                       "score_s": record.score_seconds, "select_s": record.select_seconds,
                       "n_labeled": record.n_labeled, "val_accuracy": record.val_accuracy,
                       "peak_anon_extra_bytes": peak, "fit_solver": solver, "fit_iterations": iterations,
                       "direction_cholesky_fallbacks": n_fallbacks - fallbacks_before})
        previous, fallbacks_before = stamp, n_fallbacks
    X_last, y_last = np.array(learner.X_labeled), np.array(learner.y_labeled)
    added = np.asarray(learner.added_pool_rows)
    added_digest = hashlib.sha256(added.astype(np.int64).tobytes()).hexdigest()[:16]
    learner = None
    gc.collect()

    # One query, the peer of a round.
    signature = str(inspect.signature(sn.salutary_query))
    anon_before_query = rss_anon_bytes()
    sampler.window()
    query_times = []
    for _ in range(args.query_repeats):
        t0 = time.perf_counter()
        q = sn.salutary_query(model, X_train, X_val, y_val, X_pool, args.budget)
        query_times.append(time.perf_counter() - t0)
        del q
        gc.collect()
    query_mem = sampler.read()
    # The same query with the labeled set the last round ended with (fit and direction grow with it).
    t0 = time.perf_counter()
    last_model = sn.LogisticRegression(C=0.02).fit(X_last, y_last)
    last_fit_s = time.perf_counter() - t0
    last_query_times = []
    for _ in range(args.query_repeats):
        t0 = time.perf_counter()
        sn.salutary_query(last_model, X_last, X_val, y_val, X_pool, args.budget)
        last_query_times.append(time.perf_counter() - t0)
    sampler.stop()

    later = [r["wall_s"] for r in rounds if r["round"] >= 1]
    round_s = statistics.median(later)
    query_s = statistics.median(query_times)
    return {
        "package": os.path.dirname(sn.__file__),
        "threads": sn.get_num_threads(),
        "salutary_query_signature": signature,
        "pool_bytes": pool_bytes,
        "read_gbps": read_gbps,
        "read_pass_s": read_s,
        "first_read_s": first_read_s,
        "anon_after_open_bytes": anon_open,
        "construct_s": construct_s,
        "run_s": run_s,
        "rounds": rounds,
        "round_s_median": round_s,
        "round_s_all": later,
        "query_s_median": query_s,
        "query_s_all": query_times,
        "round_over_query": round_s / query_s,
        "last_labeled_rows": int(X_last.shape[0]),
        "last_fit_s": last_fit_s,
        "last_query_s_all": last_query_times,
        "last_query_s_median": statistics.median(last_query_times),
        "last_round_over_last_query": later[-1] / statistics.median(last_query_times),
        "round_over_read_pass": round_s / read_s,
        "read_fraction_of_round": read_s / round_s,
        "query_over_read_pass": query_s / read_s,
        "construct_peak_anon_extra_bytes": construct_mem["peak"] - anon_open,
        "learner_peak_anon_extra_bytes": learner_extra,
        "learner_peak_anon_extra_fraction_of_pool": learner_extra / pool_bytes,
        "construct_sampler": {k: construct_mem[k] - (anon_open if k.endswith("peak") else 0) for k in construct_mem},
        "query_peak_anon_extra_bytes": query_mem["peak"] - anon_before_query,
        "query_peak_anon_extra_fraction_of_pool": (query_mem["peak"] - anon_before_query) / pool_bytes,
        "query_sampler": {k: query_mem[k] - (anon_before_query if k.endswith("peak") else 0) for k in query_mem},
        "anon_drift_open_to_query_bytes": anon_before_query - anon_open,
        "added_pool_rows_sha256_16": added_digest,
    }


# ---------------------------------------------------------------- the parent


def git(root: Path, *args) -> str | None:
    out = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
    return out.stdout.strip() if out.returncode == 0 else None


def run_tree(tree: Path, args) -> dict:
    env = dict(os.environ, PYTHONPATH=str(tree / "python"), OMP_NUM_THREADS="2")
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", "--data", str(args.data),
           "--rows", str(args.rows), "--dim", str(args.dim), "--classes", str(args.classes),
           "--budget", str(args.budget), "--rounds", str(args.rounds), "--seed", str(args.seed),
           "--query-repeats", str(args.query_repeats)]
    print(f"{tree}:", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=tree, stdout=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        sys.exit(f"the run against {tree} failed (exit {proc.returncode})")
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    if Path(figures["package"]).resolve() != (tree / "python" / "salutary_native").resolve():
        sys.exit(f"PYTHONPATH={tree}/python loaded salutary_native from {figures['package']}")
    figures.update({"tree": str(tree), "commit": git(tree, "log", "-1", "--format=%h %s"),
                    "uncommitted_changes": bool(git(tree, "status", "--porcelain", "--untracked-files=no")),
                    "process_wall_s": time.perf_counter() - t0})
    return figures


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def table_lines(report: dict) -> list[str]:
    a = report["args"]
    pool_gb = report["trees"][0]["pool_bytes"] / 1e9
    lines = [f"pool {a['rows']:,} x {a['dim']} float32 ({pool_gb:.2f} GB, np.load mmap_mode='r'), K = {a['classes']}, "
             f"b = {a['budget']}, {a['rounds']} rounds, n_train {N_TRAIN}, n_val {N_VAL}; OMP_NUM_THREADS=2", ""]
    head = ["tree", "construction", "s/round (median 1..)", "one query", "round / query",
            "extra anon (peak)", "% of pool", "read pass", "round / read", "read / round"]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "---|" * len(head))
    for t in report["trees"]:
        lines.append("| " + " | ".join([
            f"{t['commit'].split()[0]}{' +changes' if t['uncommitted_changes'] else ''}",
            f"{t['construct_s']:.2f} s",
            f"{t['round_s_median']:.3f} s",
            f"{t['query_s_median']:.3f} s",
            f"{t['round_over_query']:.2f} ({verdict(t['round_over_query'] <= ROUND_TARGET)})",
            f"{t['learner_peak_anon_extra_bytes'] / 1e6:,.0f} MB",
            f"{100 * t['learner_peak_anon_extra_fraction_of_pool']:.1f}% "
            f"({verdict(t['learner_peak_anon_extra_fraction_of_pool'] <= MEMORY_TARGET)})",
            f"{t['read_pass_s']:.3f} s ({t['read_gbps']:.1f} GB/s)",
            f"{t['round_over_read_pass']:.1f}x",
            f"{100 * t['read_fraction_of_round']:.1f}%",
        ]) + " |")
    lines.append("")
    for t in report["trees"]:
        lines.append(f"{t['commit']} ({t['tree']}), {t['threads']} threads:")
        lines.append("  rounds (wall = fit + score + select + rest, s): " + "; ".join(
            f"{r['round']}: {r['wall_s']:.3f} = {r['fit_s']:.3f} + {r['score_s']:.3f} + {r['select_s']:.4f} + "
            f"{r['wall_s'] - r['fit_s'] - r['score_s'] - r['select_s']:.3f}" for r in t["rounds"]))
        lines.append("  rounds' peak extra anon MB (fit solver/iterations, CG-to-Cholesky direction): " + "; ".join(
            f"{r['round']}: {r['peak_anon_extra_bytes'] / 1e6:,.0f} ({r['fit_solver']}/{r['fit_iterations']}"
            f"{', Cholesky' if r['direction_cholesky_fallbacks'] else ''})" for r in t["rounds"]))
        lines.append(f"  one query: {', '.join(f'{s:.3f}' for s in t['query_s_all'])} s; "
                     f"extra anon {t['query_peak_anon_extra_bytes'] / 1e6:,.0f} MB "
                     f"({100 * t['query_peak_anon_extra_fraction_of_pool']:.1f}% of the pool)")
        lines.append(f"  one query with the last round's labeled set ({t['last_labeled_rows']} rows): "
                     f"{', '.join(f'{s:.3f}' for s in t['last_query_s_all'])} s (its model's fresh fit "
                     f"{t['last_fit_s']:.3f} s); last round / that query {t['last_round_over_last_query']:.2f}")
        lines.append(f"  construction peak extra anon {t['construct_peak_anon_extra_bytes'] / 1e6:,.0f} MB; "
                     f"samplers (extra anon): thread {t['construct_sampler']['thread_peak'] / 1e6:,.0f} MB "
                     f"({t['construct_sampler']['samples']} samples, longest gap "
                     f"{t['construct_sampler']['max_gap_s'] * 1e3:.0f} ms), process "
                     f"{t['construct_sampler']['process_peak'] / 1e6:,.0f} MB; "
                     f"first pool read {t['first_read_s']:.2f} s; "
                     f"added rows digest {t['added_pool_rows_sha256_16']}")
    m = report["machine"]
    lines.append("")
    lines.append(f"machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; Python {m['python']}, "
                 f"numpy {m['numpy']}; load average {' '.join(f'{x:.2f}' for x in m['load_average_at_start'])} "
                 f"at start, {' '.join(f'{x:.2f}' for x in m['load_average_at_end'])} at end; {report['wall_s']:.0f} s")
    lines.append(f"targets: round / query <= {ROUND_TARGET}, extra anonymous memory <= {MEMORY_TARGET:.0%} of the pool")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tree", type=Path, action="append", help="repository root to run against (repeatable)")
    ap.add_argument("--rows", type=int, default=2_000_000)
    ap.add_argument("--dim", type=int, default=384)
    ap.add_argument("--classes", type=int, default=10)
    ap.add_argument("--budget", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--query-repeats", type=int, default=3)
    ap.add_argument("--data", type=Path, default=Path("/work/bench_data"), help="folder of the cached data")
    ap.add_argument("--out", default=str(HERE / "results" / "loop_at_scale"),
                    help="writes OUT.json and OUT.md (an empty string: neither)")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    args.data = args.data.resolve()
    if args.child:
        print(json.dumps(measure_tree(args)))
        return
    if not args.tree:
        ap.error("give at least one --tree")
    ensure_data(args.data, args.rows, args.dim, args.classes, args.seed)
    report = {"machine": machine_facts(), "script": str(Path(__file__).resolve()),
              "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()
                       if k not in ("child", "tree", "out")}}
    t0 = time.perf_counter()
    report["trees"] = [run_tree(tree.resolve(), args) for tree in args.tree]
    report["wall_s"] = time.perf_counter() - t0
    report["machine"]["load_average_at_end"] = os.getloadavg()
    lines = table_lines(report)
    print("\n".join(lines))
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.with_suffix(".json").write_text(json.dumps(report, indent=2) + "\n")
        out.with_suffix(".md").write_text(
            "# Active-learning loop over a memory-mapped pool\n\n"
            f"`python bench/loop_at_scale.py {' '.join('--tree ' + str(t) for t in args.tree)} --rows {args.rows} "
            f"--dim {args.dim} --classes {args.classes} --budget {args.budget} --rounds {args.rounds}`\n\n"
            + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
