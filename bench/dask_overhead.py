"""What Dask costs: one query over a memory-mapped pool, in process, on threads and on a local cluster.

The pool is the one ``loop_at_scale.py`` caches (a float32 .npy of --pool-rows × --dim from a
seeded K-class gaussian mixture under --data, made when absent); --rows takes its first rows
(the rows are i.i.d., so a prefix is a smaller pool of the same mixture). One scorer,
``InfluenceScorer(LogisticRegression(C=0.02).fit(X_train, y_train)).fit(X_train, X_val, y_val)``,
answers the same query (budget b, seed 0) three ways:

- in process: ``scorer.query(X_pool, b)`` over the ``np.load(mmap_mode="r")`` array (the peer);
- threads: ``salutary_native.dask.query(scorer, da.from_array(X_pool, chunks=(--chunk-rows, -1)), b)``
  on dask's threaded scheduler (2 threads);
- cluster: the same call with a ``distributed.Client`` on a ``LocalCluster`` of 2 worker
  processes with 1 thread each, loopback only (``host="127.0.0.1"``, no dashboard). There the
  pool is a graph of slice loaders: each chunk task opens the .npy by memory map on its worker
  and returns its rows as a view, so no pool rows travel from the client. Each worker runs
  its native code on 1 thread (``set_num_threads(1)``), so the cluster has the same 2 cores.

Each path runs once cold (the first call: the cluster's workers import the package and
rebuild the scorer), then the three alternate --repeat times (in process, threads, cluster,
in process, ...) with the cluster up throughout, idle while the others run; the figure is
the median of the repeats, and the overhead is that over the in-process median (the ratio
of each repeat to the in-process run just before it is kept too). The three results must be equal bit for bit
(indices, labels, scores). The machine limit is ``machine_limits.read_bandwidth`` over the
same mapped pool. Prints the figures and writes them under ``results/``.

    python bench/dask_overhead.py [--rows 2000000 --dim 384 --classes 10 --budget 1000]
        [--chunk-rows 262144] [--repeat 5] [--data /work/bench_data] [--json results/dask_overhead.json]
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "2")

import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import dask  # noqa: E402
import dask.array as da  # noqa: E402
import loop_at_scale  # noqa: E402

import salutary_native as sn  # noqa: E402
import salutary_native.dask as snd  # noqa: E402
from machine_limits import read_bandwidth  # noqa: E402


def load_rows(path: str, start: int, stop: int) -> np.ndarray:
    """Rows [start, stop) of a .npy file, as a view of its memory map: what a worker reads."""
    return np.load(path, mmap_mode="r")[start:stop]


def pool_by_slices(path: str, rows: int, dim: int, chunk_rows: int) -> "da.Array":
    """A dask array whose chunk tasks hold only (path, start, stop), each read where it runs.

    Its keys are new at every call (``pure=False``), so a repeated query is computed again
    rather than gathered from results the cluster still holds.
    """
    blocks = []
    for start in range(0, rows, chunk_rows):
        stop = min(rows, start + chunk_rows)
        task = dask.delayed(load_rows, pure=False)(path, start, stop)
        blocks.append(da.from_delayed(task, shape=(stop - start, dim), dtype=np.float32))
    return da.concatenate(blocks, axis=0)


def same_bits(a, b) -> bool:
    return (np.array_equal(a.indices, b.indices) and np.array_equal(a.labels, b.labels)
            and a.scores.tobytes() == b.scores.tobytes())


def worker_transfers(client) -> dict:
    """Bytes the workers sent each other, as dask sizes them (``sizeof``): a pool chunk moved
    from the worker that read it counts its full size; a partial top-b counts only its Python
    object's header, so this shows whether pool rows moved, not the partials' traffic."""

    def outgoing(dask_worker):
        return sum(entry.get("total", 0) for entry in dask_worker.transfer_outgoing_log)

    sent = client.run(outgoing)
    return {"bytes_between_workers": int(sum(sent.values()))}


def pool_curvature_figures(args, client, model, fit_sets, X_pool, pool_path) -> dict:
    """The hessian_on="pool" fit over the first --curvature-rows rows: in process and on the cluster.

    In process: ``pool_curvature`` alone (the p × p pass over the rows), and the whole
    ``InfluenceScorer(model, hessian_on="pool").fit(..., X_pool=rows)``; on the cluster,
    ``salutary_native.dask.fit_scorer`` over the rows as chunks of one curvature window, each
    worker's partial (p × p float64) merged on a worker. Each runs twice, alternating; the
    second run is the figure. The two validation directions must be equal bit for bit.
    """
    from salutary_native.pool_curvature import CURVATURE_WINDOW_ROWS, pool_curvature

    rows = args.curvature_rows
    X_rows = X_pool[:rows]
    runs = {"pool_curvature_in_process": lambda: pool_curvature(model, X_rows),
            "fit_in_process": lambda: sn.InfluenceScorer(model, hessian_on="pool").fit(*fit_sets, X_pool=X_rows),
            "fit_on_cluster": lambda: snd.fit_scorer(
                model, *fit_sets, pool_by_slices(pool_path, rows, args.dim, CURVATURE_WINDOW_ROWS), hessian_on="pool"),
            "fit_train_only_in_process": lambda: sn.InfluenceScorer(model).fit(*fit_sets)}
    times = {name: [] for name in runs}
    results = {}
    for _ in range(2):
        for name, fn in runs.items():
            t0 = time.perf_counter()
            results[name] = fn()
            times[name].append(time.perf_counter() - t0)
    p = results["pool_curvature_in_process"].shape[0]
    figures = {"rows": rows, "window_rows": CURVATURE_WINDOW_ROWS, "p": p, "partial_mb": p * p * 8 / 1e6,
               "times_s": times, **{f"{name}_s": t[-1] for name, t in times.items()},
               "direction_bitwise_equal": bool(np.array_equal(results["fit_in_process"].val_direction_,
                                                              results["fit_on_cluster"].val_direction_)),
               "bytes_between_workers_after": worker_transfers(client)["bytes_between_workers"]}
    figures["pool_curvature_seconds_per_row"] = figures["pool_curvature_in_process_s"] / rows
    figures["pool_curvature_gflops_n_p2"] = rows * p * p / figures["pool_curvature_in_process_s"] / 1e9
    print(f"pool curvature over {rows} rows (p = {p}): {figures['pool_curvature_in_process_s']:.2f} s in process; "
          f"fit {figures['fit_in_process_s']:.2f} s in process, {figures['fit_on_cluster_s']:.2f} s on the cluster",
          file=sys.stderr, flush=True)
    return figures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=2_000_000, help="pool rows scored (a prefix of the cached pool)")
    ap.add_argument("--pool-rows", type=int, default=2_000_000, help="rows of the cached pool file")
    ap.add_argument("--dim", type=int, default=384)
    ap.add_argument("--classes", type=int, default=10)
    ap.add_argument("--budget", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--chunk-rows", type=int, default=262_144)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--curvature-rows", type=int, default=16384,
                    help='rows for the hessian_on="pool" fit (a multiple of the curvature window; 0: skip)')
    ap.add_argument("--data", type=Path, default=Path("/work/bench_data"))
    ap.add_argument("--json", default=str(HERE / "results" / "dask_overhead.json"),
                    help="also write the figures here, and a .md beside it (an empty string: neither)")
    args = ap.parse_args()
    if args.rows > args.pool_rows:
        ap.error("--rows must be at most --pool-rows")

    paths = loop_at_scale.ensure_data(args.data.resolve(), args.pool_rows, args.dim, args.classes, args.seed)
    small = np.load(paths["labeled"])
    X_train, y_train, X_val, y_val = (small[k] for k in ("X_train", "y_train", "X_val", "y_val"))
    X_pool = np.load(paths["pool"], mmap_mode="r")[: args.rows]
    pool_path = str(paths["pool"])
    model = sn.LogisticRegression(C=0.02).fit(X_train, y_train)
    scorer = sn.InfluenceScorer(model).fit(X_train, X_val, y_val)
    read_gbps = read_bandwidth(X_pool)
    read_s = X_pool.nbytes / read_gbps / 1e9
    load_start = os.getloadavg()
    print(f"pool {X_pool.shape} float32 mapped; read {read_gbps:.1f} GB/s; threads {sn.get_num_threads()}",
          file=sys.stderr, flush=True)

    from distributed import Client, LocalCluster, get_task_stream

    X_threads = da.from_array(np.load(pool_path, mmap_mode="r"), chunks=(args.chunk_rows, -1))[: args.rows]
    n_chunks = len(X_threads.chunks[0])

    def in_process():
        return scorer.query(X_pool, args.budget)

    def on_threads():
        with dask.config.set(scheduler="threads", num_workers=2):
            return snd.query(scorer, X_threads, args.budget)

    def on_cluster():
        return snd.query(scorer, pool_by_slices(pool_path, args.rows, args.dim, args.chunk_rows), args.budget)

    paths_run = {"in_process": in_process, "threads": on_threads, "cluster": on_cluster}
    # A spawned worker imports this script, and the native library with it, before the
    # cluster's own environment would apply: its thread count comes from ours at spawn.
    t0 = time.perf_counter()
    os.environ["OMP_NUM_THREADS"] = "1"
    try:
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address="127.0.0.1:0")
    finally:
        os.environ["OMP_NUM_THREADS"] = "2"
    with cluster, Client(cluster) as client:
        start_s = time.perf_counter() - t0
        client.run(sn.set_num_threads, 1)
        worker_threads = client.run(sn.get_num_threads)
        results, sides = {}, {}
        for name, fn in paths_run.items():  # cold: first calls, in this order
            t0 = time.perf_counter()
            results[name] = fn()
            sides[name] = {"cold_s": time.perf_counter() - t0, "times_s": []}
        with get_task_stream(client) as stream:
            on_threads()
        threads_tasks_on_cluster = len(stream.data)
        # Alternate the three paths, repeat by repeat, so the shared machine's slow moments fall on all.
        for _ in range(args.repeat):
            for name, fn in paths_run.items():
                t0 = time.perf_counter()
                fn()
                sides[name]["times_s"].append(time.perf_counter() - t0)
        transfers = worker_transfers(client)
        curvature = (pool_curvature_figures(args, client, model, (X_train, X_val, y_val), X_pool, pool_path)
                     if args.curvature_rows else None)
    sides["threads"].update({"chunks": n_chunks, "tasks_sent_to_cluster": threads_tasks_on_cluster})
    sides["cluster"].update({"chunks": n_chunks, "cluster_start_s": start_s,
                             "worker_native_threads": sorted(worker_threads.values()), **transfers})
    for name, side in sides.items():
        print(f"{name}: {statistics.median(side['times_s']):.3f} s", file=sys.stderr, flush=True)

    peer = statistics.median(sides["in_process"]["times_s"])
    peer_times = sides["in_process"]["times_s"]
    for side in sides.values():
        side["median_s"] = statistics.median(side["times_s"])
        side["over_in_process"] = side["median_s"] / peer
        side["paired_ratios"] = [t / p for t, p in zip(side["times_s"], peer_times)]
        side["read_fraction"] = read_s / side["median_s"]
    equal = {name: same_bits(results["in_process"], results[name]) for name in ("threads", "cluster")}
    report = {
        "pool": f"{args.rows} x {args.dim} float32 (first rows of {pool_path}), K = {args.classes}, b = {args.budget}",
        "pool_bytes": int(X_pool.nbytes),
        "chunk_rows": args.chunk_rows,
        "chunk_mb": args.chunk_rows * args.dim * 4 / 1e6,
        "threads_in_process": sn.get_num_threads(),
        "read_gbps": read_gbps,
        "read_pass_s": read_s,
        "sides": sides,
        "bitwise_equal_to_in_process": equal,
        "pool_curvature": curvature,
        "in_process_seconds_per_row": peer / args.rows,
        "scorer_state_pickled_bytes": len(pickle.dumps(scorer.get_state())),
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(), "numpy": np.__version__,
                    "dask": dask.__version__, "load_average_at_start": load_start,
                    "load_average_at_end": os.getloadavg()},
        "package": os.path.dirname(sn.__file__),
        "commit": loop_at_scale.git(HERE.parent, "log", "-1", "--format=%h %s"),
        "uncommitted_changes": bool(loop_at_scale.git(HERE.parent, "status", "--porcelain", "--untracked-files=no")),
    }
    lines = [f"pool {report['pool']}; {n_chunks} chunks of {args.chunk_rows:,} rows "
             f"({report['chunk_mb']:.0f} MB)", "",
             "| path | cold | median of repeats | over in-process (per repeat) | read / query | bitwise equal |",
             "|---|---|---|---|---|---|"]
    titles = {"in_process": "in process, `scorer.query` (2 threads)",
              "threads": "dask threaded scheduler (2 threads)",
              "cluster": "distributed LocalCluster, 2 processes x 1 thread"}
    for name, side in sides.items():
        lines.append(f"| {titles[name]} | {side['cold_s']:.3f} s | {side['median_s']:.3f} s "
                     f"({', '.join(f'{t:.3f}' for t in side['times_s'])}) | {side['over_in_process']:.2f} "
                     f"({', '.join(f'{r:.2f}' for r in side['paired_ratios'])}) | "
                     f"{100 * side['read_fraction']:.1f}% | "
                     f"{'-' if name == 'in_process' else ('yes' if equal[name] else 'NO')} |")
    c = sides["cluster"]
    lines += ["", f"read pass {read_s:.3f} s ({read_gbps:.1f} GB/s, X.sum(axis=0) over the mapped pool); "
              f"in process {report['in_process_seconds_per_row'] * 1e9:.0f} ns per row; the scorer ships as "
              f"{report['scorer_state_pickled_bytes']:,} bytes (its pickled state); cluster start "
              f"{c['cluster_start_s']:.1f} s (not in the figures); bytes between workers (dask sizeof) "
              f"{c['bytes_between_workers']:,}; worker native threads {c['worker_native_threads']}; "
              f"threaded-path tasks that reached the cluster {sides['threads']['tasks_sent_to_cluster']}",
              f"load average {' '.join(f'{x:.2f}' for x in load_start)} at start, "
              f"{' '.join(f'{x:.2f}' for x in report['machine']['load_average_at_end'])} at end; "
              f"{report['commit']}{' (+ uncommitted changes)' if report['uncommitted_changes'] else ''}"]
    if curvature:
        c = curvature
        lines += ["", f'hessian_on="pool" over the first {c["rows"]:,} rows (p = {c["p"]}, one partial '
                  f'{c["partial_mb"]:.0f} MB, chunks of {c["window_rows"]} rows): pool curvature in process '
                  f'{c["pool_curvature_in_process_s"]:.2f} s '
                  f'({c["pool_curvature_seconds_per_row"] * 1e6:.0f} µs per row, '
                  f'{c["pool_curvature_gflops_n_p2"]:.1f} GFLOP/s counted as n·p²); whole fit in process '
                  f'{c["fit_in_process_s"]:.2f} s, on the cluster {c["fit_on_cluster_s"]:.2f} s '
                  f'({c["fit_on_cluster_s"] / c["fit_in_process_s"]:.2f}x), direction bitwise equal: '
                  f'{"yes" if c["direction_bitwise_equal"] else "NO"}; the fit without the pool (hessian_on="train") '
                  f'{c["fit_train_only_in_process_s"]:.3f} s']
    print("\n".join(lines))
    if not all(equal.values()):
        print("RESULTS DIFFER from the in-process query", file=sys.stderr)
    if args.json:
        out = Path(args.json)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(report, indent=2) + "\n")
        out.with_suffix(".md").write_text(
            "# Dask overhead: one query over a memory-mapped pool\n\n"
            f"`python bench/dask_overhead.py --rows {args.rows} --pool-rows {args.pool_rows} --dim {args.dim} "
            f"--classes {args.classes} --budget {args.budget} --chunk-rows {args.chunk_rows} --repeat {args.repeat} "
            f"--curvature-rows {args.curvature_rows}`\n\n" + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
