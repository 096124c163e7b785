"""Reliability (thread safety, determinism, crash recovery, safe loading): concurrent calls,
repeated-run determinism, SIGKILL-and-resume of the active-learning loop, and no pickle
anywhere state or data is loaded."""

import ast
import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

import salutary_native as sn
from conftest import make_problem

PACKAGE = Path(sn.__file__).parent


def test_concurrent_calls_equal_serial_calls():
    pb = make_problem(4, 3000, 300, 20000, 10, seed=5)
    model = sn.LogisticRegression(C=0.5).fit(pb.X_train, pb.y_train)
    pools = [pb.X_pool, pb.X_pool.astype(np.float32), pb.X_pool[::-1].copy(), pb.X_pool[:7000]]

    def work(i):
        pool = pools[i % len(pools)]
        if i % 2:
            return sn.influence_table(model, pb.X_train, pb.X_val, pb.y_val, pool, hessian_on="train+pool")
        q = sn.salutary_query(model, pb.X_train, pb.X_val, pb.y_val, pool, 50, seed=i)
        return np.concatenate([q.indices.astype(float), q.scores])

    serial = [work(i) for i in range(16)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        concurrent = list(pool.map(work, range(16)))
    for a, b in zip(serial, concurrent):
        np.testing.assert_array_equal(a, b)


def test_repeated_runs_are_bitwise_identical():
    pb = make_problem(3, 2000, 200, 5000, 8, seed=6)
    runs = []
    for _ in range(3):
        model = sn.LogisticRegression(C=0.3).fit(pb.X_train, pb.y_train)
        q = sn.salutary_query(model, pb.X_train, pb.X_val, pb.y_val, pb.X_pool, 100, seed=11)
        runs.append((model.coef_.copy(), q.indices, q.table))
    for coef, idx, table in runs[1:]:
        np.testing.assert_array_equal(coef, runs[0][0])
        np.testing.assert_array_equal(idx, runs[0][1])
        np.testing.assert_array_equal(table, runs[0][2])


RUNNER = """
import sys, json
import numpy as np
sys.path.insert(0, {tests!r})
from conftest import make_problem
from salutary_native.learner import ActiveLearner
pb = make_problem(3, 120, 60, 600, 6, 0)
test = make_problem(3, 5, 5, 200, 6, 100)
learner = ActiveLearner(pb.X_train, pb.y_train, pb.X_val, pb.y_val, pb.X_pool, y_pool=pb.y_pool, X_test=test.X_pool,
                        y_test=test.y_pool, strategy={strategy!r}, budget=5, seed=3, checkpoint={path!r})
print("ready", flush=True)
records = learner.run(40)
print("done", flush=True)
print(json.dumps({{"added": learner.added_pool_rows.tolist(), "coef": learner.model.coef_.tolist(),
                  "acc": [r.test_accuracy for r in records]}}), flush=True)
"""


def _run(path, strategy, kill_after=None):
    script = RUNNER.format(tests=str(Path(__file__).parent), strategy=strategy, path=str(path))
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    if kill_after is None:
        start = time.perf_counter()
        assert proc.stdout.readline().strip() == "done"
        seconds = time.perf_counter() - start  # the rounds alone, not the interpreter's exit
        # Keep reading through the same buffered stream (communicate() would bypass its buffer).
        result = json.loads(proc.stdout.readline())
        assert proc.wait(timeout=300) == 0
        return result, seconds
    time.sleep(kill_after)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    return None


@pytest.mark.parametrize("strategy", ["salutary", "pred_infl"])
def test_sigkill_at_random_points_then_resume_equals_an_uninterrupted_run(tmp_path, strategy):
    expected, seconds = _run(tmp_path / "whole.npz", strategy)
    rng = np.random.default_rng(0)
    resumed_from = []
    for trial in range(int(os.environ.get("SALUTARY_KILL_TRIALS", "4"))):
        path = tmp_path / f"trial{trial}.npz"
        _run(path, strategy, kill_after=float(rng.uniform(0.0, seconds)))  # anywhere in the run
        if path.exists():  # the kill may land before the first round completes
            from salutary_native.checkpoint import load_state

            resumed_from.append(len(load_state(path)[1]["records"]))
        assert _run(path, strategy)[0] == expected
    assert resumed_from, "no kill landed after a checkpoint"
    print(f"{strategy}: {len(resumed_from)} kills after a checkpoint, resumed from round counts {resumed_from}")


def test_no_pickle_in_the_package():
    """State, results and bundled data are read without pickle: no pickle import, no
    allow_pickle=True, and every np.load says allow_pickle=False."""
    for source in PACKAGE.rglob("*.py"):
        tree = ast.parse(source.read_text())
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                assert not any(n.split(".")[0] in ("pickle", "cPickle", "dill", "joblib") for n in names), source
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "load":
                owner = getattr(node.func.value, "id", "")
                if owner == "np":
                    kwargs = {k.arg: k.value for k in node.keywords}
                    assert "allow_pickle" in kwargs, f"{source}: np.load without allow_pickle=False"
                    assert isinstance(kwargs["allow_pickle"], ast.Constant) and kwargs["allow_pickle"].value is False
    for data in (PACKAGE / "datasets" / "data").iterdir():
        assert data.suffix not in (".pkl", ".pickle", ".joblib"), data


def test_a_state_file_with_a_pickled_object_is_refused(tmp_path):
    from salutary_native.checkpoint import CheckpointError, load_state

    path = tmp_path / "evil.npz"
    np.savez(path, __meta__=np.frombuffer(b"{}", dtype=np.uint8), x=np.array([{"a": 1}], dtype=object))
    with pytest.raises(CheckpointError):
        load_state(path)
    assert os.path.exists(path)
