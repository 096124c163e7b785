"""Native calls release the GIL while they work, and Ctrl-C stops a long call quickly."""

import subprocess
import sys
import textwrap
import threading
import time

import numpy as np

import salutary_native as sn


def _long_problem(n_pool, d=100, K=10, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(400, d))
    y = np.arange(400) % K
    model = sn.LogisticRegression(C=0.1).fit(X, y)
    return model, X, X[:100], y[:100], rng.normal(size=(n_pool, d)).astype(np.float32)


def test_second_thread_progresses_during_native_call():
    model, X, X_val, y_val, X_pool = _long_problem(60_000)
    previous = sn.get_num_threads()
    sn.set_num_threads(1)  # leave a core for the Python thread
    try:
        done = threading.Event()
        span = {}

        def work():
            span["start"] = time.perf_counter()
            sn.influence_table(model, X, X_val, y_val, X_pool, hessian_on="pool")
            span["end"] = time.perf_counter()
            done.set()

        worker = threading.Thread(target=work)
        ticks = []
        worker.start()
        while not done.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)
        worker.join()
    finally:
        sn.set_num_threads(previous)
    during = [t for t in ticks if span["start"] <= t <= span["end"]]
    duration = span["end"] - span["start"]
    assert duration > 0.2, "the call is too short to tell"
    # With the GIL held, the Python thread could not tick at all during the call.
    gaps = np.diff([span["start"], *during, span["end"]])
    assert len(during) > 10 and gaps.max() < duration / 4, (len(during), gaps.max(), duration)


def test_ctrl_c_interrupts_a_long_native_call():
    script = textwrap.dedent(
        """
        import os, signal, threading, time
        import numpy as np
        import salutary_native as sn
        rng = np.random.default_rng(0)
        X = rng.normal(size=(400, 100)); y = np.arange(400) % 10
        model = sn.LogisticRegression(C=0.1).fit(X, y)
        pool = rng.normal(size=(400_000, 100)).astype(np.float32)
        threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
        start = time.perf_counter()
        try:
            sn.influence_table(model, X, X[:100], y[:100], pool, hessian_on="pool")
            print("finished", time.perf_counter() - start)
        except KeyboardInterrupt:
            print("interrupted", time.perf_counter() - start)
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    status, seconds = out.stdout.split()
    assert status == "interrupted", out.stdout
    assert float(seconds) < 0.5 + 1.0
