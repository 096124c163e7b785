"""Controls without active learning: initial, cv_C (C by CV on the labeled set) and train_on_validation."""

import math
import os

import numpy as np
import pytest

from salutary_native import LogisticRegression
from salutary_native.experiments import ExperimentConfig, run_experiments
from salutary_native.experiments.controls import (
    C_GRID,
    CONTROLS,
    control_rows,
    controls_for_split,
    controls_table,
    cv_C,
    main,
    read_controls,
    stratified_folds,
    train_on_validation,
)
from salutary_native.experiments.results import final_accuracy_table, read_rows
from salutary_native.experiments.runner import CONTROLS_FILE, _load, _split
from salutary_native.metrics import accuracy_and_log_loss

pytest.importorskip("sklearn")  # wine comes with scikit-learn

CONFIG = ExperimentConfig(datasets=("wine",), strategies=("random", "salutary"), rounds=1, budget=5, seeds=(0, 1),
                          influence_check_pairs=0, name="controls")


@pytest.fixture(scope="module")
def wine_split():
    return _split(CONFIG, _load(CONFIG, "wine"), 0)


def test_train_on_validation_uses_exactly_train_and_validation_rows(wine_split):
    result = train_on_validation(wine_split, C=0.02)
    assert result.n_train == len(wine_split.y_train) + len(wine_split.y_val)
    X = np.concatenate([wine_split.X_train, wine_split.X_val])
    y = np.concatenate([wine_split.y_train, wine_split.y_val])
    expected = accuracy_and_log_loss(LogisticRegression(C=0.02).fit(X, y), wine_split.X_test, wine_split.y_test)
    assert (result.test_accuracy, result.test_loss) == pytest.approx(expected)
    assert result.C == 0.02 and math.isnan(result.cv_score)


def test_cv_C_picks_a_grid_value_deterministically(wine_split):
    first, again = cv_C(wine_split, seed=0), cv_C(wine_split, seed=0)
    assert first.C in C_GRID
    assert first == again or (first.C == again.C and first.test_accuracy == again.test_accuracy)
    assert first.n_train == len(wine_split.y_train)
    assert first.cv_folds == 5
    assert all(math.isfinite(v) for v in (first.C, first.test_accuracy, first.test_loss, first.cv_score))
    # A one-value grid can only choose that value.
    assert cv_C(wine_split, seed=0, grid=[0.5]).C == 0.5


def test_cv_C_never_sees_test_validation_or_pool(wine_split):
    # Changing every row outside the labeled set leaves the chosen C and its CV score unchanged.
    from dataclasses import replace

    rng = np.random.default_rng(1)
    scrambled = replace(wine_split, X_val=rng.normal(size=wine_split.X_val.shape),
                        X_pool=rng.normal(size=wine_split.X_pool.shape),
                        X_test=rng.normal(size=wine_split.X_test.shape))
    a, b = cv_C(wine_split, seed=3), cv_C(scrambled, seed=3)
    assert (a.C, a.cv_score) == (b.C, b.cv_score)


def test_stratified_folds_balance_classes():
    y = np.array([0] * 13 + [1] * 7 + [2] * 5)
    folds = stratified_folds(y, 5, seed=0)
    assert set(folds.tolist()) == set(range(5))
    for k in range(3):
        counts = np.bincount(folds[y == k], minlength=5)
        assert counts.max() - counts.min() <= 1
    assert np.bincount(folds).max() - np.bincount(folds).min() <= 1
    assert np.array_equal(folds, stratified_folds(y, 5, seed=0))


def test_cv_C_needs_two_rows_per_class(wine_split):
    from dataclasses import replace

    y = wine_split.y_train.copy()
    rare = y == y[0]
    y[rare] = y[~rare][0]
    y[0] = 99  # a class with one row
    with pytest.raises(ValueError, match="at least 2 labeled rows"):
        cv_C(replace(wine_split, y_train=y), seed=0)


def test_initial_control_is_the_runs_round_zero(tmp_path):
    rows = run_experiments(CONFIG, tmp_path, progress=False)
    controls = control_rows(CONFIG)
    for seed in CONFIG.seeds:
        round0 = [r for r in rows if r["seed"] == seed and r["round"] == 0 and r["strategy"] == "random"][0]
        initial = [c for c in controls if c["seed"] == seed and c["control"] == "initial"][0]
        assert initial["test_accuracy"] == pytest.approx(round0["test_accuracy"])
        assert initial["test_loss"] == pytest.approx(round0["test_loss"])
        assert initial["n_train"] == round0["n_init"]
    assert not os.path.exists(tmp_path / CONTROLS_FILE)  # opt-in only


def test_run_experiments_controls_opt_in(tmp_path):
    plain, with_controls = tmp_path / "plain", tmp_path / "controls"
    run_experiments(CONFIG, plain, progress=False)
    run_experiments(CONFIG, with_controls, progress=False, controls=True)
    timings = ("fit_seconds", "score_seconds", "select_seconds")

    def untimed(folder):
        return [{k: str(v) for k, v in r.items() if k not in timings} for r in read_rows(folder / "rounds.csv")]

    assert untimed(plain) == untimed(with_controls)
    assert sorted(os.listdir(plain)) == ["checkpoints", "rounds.csv", "run.json"]
    controls = read_controls(with_controls / CONTROLS_FILE)
    assert [(r["seed"], r["control"]) for r in controls] == [(s, c) for s in CONFIG.seeds for c in CONTROLS]
    assert all(math.isfinite(r["test_accuracy"]) and math.isfinite(r["test_loss"]) for r in controls)
    rows = read_rows(with_controls / "rounds.csv")
    table = final_accuracy_table(rows, controls=controls)
    header = table.splitlines()[0]
    assert header == "| dataset | initial | cv_C | train_on_validation | random | salutary |"
    assert len(table.splitlines()[2].split("|")) == len(header.split("|"))
    # Without controls the table is unchanged.
    assert final_accuracy_table(rows) == final_accuracy_table(rows, controls=None)
    assert "cv_C" not in final_accuracy_table(rows)


def test_controls_for_split_finite_and_table(wine_split):
    results = controls_for_split(wine_split, seed=0, C=0.02)
    assert list(results) == list(CONTROLS)
    assert all(0 <= r.test_accuracy <= 1 and math.isfinite(r.test_loss) for r in results.values())
    table = controls_table(CONFIG)
    assert table.splitlines()[0].startswith("| dataset | seeds | initial | cv_C | train_on_validation |")
    assert table.splitlines()[2].startswith("| wine | 2 |")


def test_script_prints_a_table(capsys, tmp_path):
    assert main(["--datasets", "wine", "--seeds", "0", "1", "--csv", str(tmp_path / "c.csv")]) == 0
    out = capsys.readouterr().out
    assert "| wine | 2 |" in out
    assert len(read_controls(tmp_path / "c.csv")) == 2 * len(CONTROLS)
