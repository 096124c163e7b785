"""The machine limits every benchmark reports against, measured with numpy's own BLAS.

- f64 / f32 GEMM GFLOP/s (n × n × n products)
- scipy.linalg.cho_factor GFLOP/s (n³/3 flops)
- read bandwidth: GB/s of one X.sum(axis=0) pass over a large float32 array
"""

from __future__ import annotations

import os
import platform
import time

import numpy as np


def machine_facts() -> dict:
    """The CPU, cores, memory, Python and numpy versions, thread settings and load: what a figure ran on."""
    cpu = "unknown"
    with open("/proc/cpuinfo") as fh:
        for line in fh:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as fh:
        mem_kb = int(next(line for line in fh if line.startswith("MemTotal")).split()[1])
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)),
        "memory_gib": round(mem_kb / 2**20, 1),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "thread_settings": {k: os.environ[k] for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                                                       "SALUTARY_NATIVE_ISA") if k in os.environ},
        "load_average_at_start": os.getloadavg(),
    }


def best_of(fn, repeat: int = 3, min_seconds: float = 0.0, max_calls: int = 1000) -> float:
    """Fastest wall time of at least `repeat` calls, in seconds.

    With ``min_seconds``, calls go on until they have taken that long in all (at most
    ``max_calls``), as ``timeit`` ranges them: a run of a few milliseconds is then timed over as
    much wall time as a run of a second, instead of over a handful of calls of which the first
    still pays for cold caches and fresh pages.
    """
    times = []
    while len(times) < repeat or (sum(times) < min_seconds and len(times) < max_calls):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def gemm_gflops(dtype=np.float64, n: int = 2048) -> float:
    rng = np.random.default_rng(0)
    A = rng.standard_normal((n, n)).astype(dtype)
    B = rng.standard_normal((n, n)).astype(dtype)
    return 2 * n**3 / best_of(lambda: A @ B) / 1e9


def cholesky_gflops(n: int = 3000) -> float:
    from scipy.linalg import cho_factor

    rng = np.random.default_rng(0)
    A = rng.standard_normal((n, n))
    S = A @ A.T + n * np.eye(n)
    return n**3 / 3 / best_of(lambda: cho_factor(S, lower=True)) / 1e9


def read_bandwidth(X: np.ndarray) -> float:
    """GB/s of a column-sum pass over X, the read-bandwidth reference of realistic pools."""
    return X.nbytes / best_of(lambda: X.sum(axis=0)) / 1e9


def report(figures: dict, json_path: str | None = None) -> None:
    """Prints one figure a line and, when asked, writes them all as JSON."""
    import json

    width = max(len(key) for key in figures) + 2
    for key, value in figures.items():
        print(f"{key:{width}s} {value:.4g}" if isinstance(value, float) else f"{key:{width}s} {value}")
    if json_path:
        with open(json_path, "w") as fh:
            json.dump(figures, fh, indent=2)


def measure(pool: np.ndarray | None = None) -> dict:
    if pool is None:
        pool = np.ones((4_000_000, 64), dtype=np.float32)
    return {
        "gemm_f64_gflops": gemm_gflops(np.float64),
        "gemm_f32_gflops": gemm_gflops(np.float32),
        "cho_factor_gflops": cholesky_gflops(),
        "read_gbps": read_bandwidth(pool),
    }


if __name__ == "__main__":
    for key, value in measure().items():
        print(f"{key:20s} {value:8.1f}")
