"""Synthetic workloads and a resident-memory sampler shared by the scenario scripts."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import numpy as np


@dataclass
class Workload:
    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_pool: np.ndarray
    K: int


def blobs(n_train: int, n_val: int, n_pool: int, d: int, K: int, pool_dtype=np.float32, seed: int = 0,
          spread: float = 2.0) -> Workload:
    """Gaussian class blobs; the pool is drawn straight into pool_dtype in slices (no float64 copy of it)."""
    rng = np.random.default_rng(seed)
    centers = rng.normal(size=(K, d))

    def labeled(n):
        y = rng.integers(0, K, n)
        return centers[y] + spread * rng.normal(size=(n, d)), y

    X_train, y_train = labeled(n_train)
    X_val, y_val = labeled(n_val)
    X_pool = np.empty((n_pool, d), dtype=pool_dtype)
    step = 65536
    for r0 in range(0, n_pool, step):
        r1 = min(n_pool, r0 + step)
        y = rng.integers(0, K, r1 - r0)
        X_pool[r0:r1] = centers[y] + spread * rng.standard_normal((r1 - r0, d))
    return Workload(X_train, y_train, X_val, y_val, X_pool, K)


def _rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096


class PeakRSS:
    """Highest resident set size during the block, sampled every millisecond, minus the size before it."""

    def __enter__(self):
        self.before = _rss_bytes()
        self.peak = self.before
        self._running = True
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        while self._running:
            self.peak = max(self.peak, _rss_bytes())
            time.sleep(0.001)

    def __exit__(self, *exc):
        self._running = False
        self._thread.join()
        self.peak = max(self.peak, _rss_bytes())
        self.extra = self.peak - self.before
