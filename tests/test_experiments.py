"""Experiments: split sizing, tables, the add-one-in check, a small end-to-end run, resume and the CLI."""

import io
import json
import os
from types import SimpleNamespace

import numpy as np
import pytest

from conftest import make_problem
from salutary_native.cli import main
from salutary_native.experiments import (
    ExperimentConfig,
    add_one_in_check,
    budget_for_pool,
    initial_set_size,
    render_report,
    run_experiments,
    spearman_r,
)
from salutary_native.experiments.results import (
    final_accuracy_table,
    label_agreement_table,
    paired_outcome,
    read_rows,
)
from salutary_native.progress import ProgressBar


def test_budget_for_pool():
    assert budget_for_pool(10, 391) == 10
    assert budget_for_pool("1%", 391) == 4
    assert budget_for_pool("1%", 50) == 1
    assert budget_for_pool("100%", 7) == 7
    for bad in ("0%", "101%", "x%", "ten", 0):
        with pytest.raises(ValueError, match="budget"):
            budget_for_pool(bad, 100)


def test_initial_set_size_keeps_the_papers_300_where_it_fits():
    assert initial_set_size(1151, 300, 0.2, 0.2) == 300
    assert initial_set_size(569, 300, 0.2, 0.2) == (569 - 114 - 114) // 2
    assert initial_set_size(1797, 300, 0.01, 0.2) == 300


def test_spearman_matches_scipy_with_ties():
    from scipy.stats import spearmanr

    rng = np.random.default_rng(0)
    x = rng.integers(0, 8, 60).astype(float)
    y = x + rng.normal(size=60)
    y[:10] = y[0]
    assert np.isclose(spearman_r(x, y), spearmanr(x, y).statistic, rtol=1e-12)


def test_paired_outcome():
    assert paired_outcome({0: 0.9, 1: 0.91, 2: 0.92}, {0: 0.8, 1: 0.82, 2: 0.81}) == "win"
    assert paired_outcome({0: 0.8, 1: 0.82, 2: 0.81}, {0: 0.9, 1: 0.91, 2: 0.92}) == "loss"
    assert paired_outcome({0: 0.9, 1: 0.7, 2: 0.8}, {0: 0.7, 1: 0.9, 2: 0.8}) == "tie"


def _rows():
    rows = []
    for strategy, accs in (("salutary", [0.9, 0.8]), ("random", [0.7, 0.6])):
        for seed, acc in enumerate(accs):
            for rnd, a in ((0, 0.5), (1, acc)):
                rows.append({"dataset": "d", "strategy": strategy, "seed": seed, "round": rnd, "test_accuracy": a,
                             "n_added": 0 if rnd == 0 else 4, "label_agreement": 0.75 if rnd else float("nan")})
    return rows


def test_final_accuracy_table_is_mean_and_sample_std():
    table = final_accuracy_table(_rows())
    assert "| d | 50.00 ± 0.00 | **85.00 ± 7.07** | 65.00 ± 7.07 |" in table
    assert "| d | 75.0% | 75.0% |" in label_agreement_table(_rows())


def test_add_one_in_check_agrees_with_refits():
    p = make_problem(3, 150, 80, 400, 5, 1)
    split = SimpleNamespace(X_train=p.X_train, y_train=p.y_train, X_val=p.X_val, y_val=p.y_val, X_pool=p.X_pool)
    check = add_one_in_check(split, C=0.5, n_pairs=40, seed=0)
    assert len(check.actual) == 40 and len(np.unique(check.pool_rows)) == 40
    assert check.spearman > 0.95
    # First order: the error is small against the spread of the changes.
    assert np.median(np.abs(check.actual - check.predicted)) < 0.1 * np.abs(check.actual).max()


def _small_config(**kw):
    return ExperimentConfig(datasets=("wine",), strategies=("random", "salutary", "pred_infl"), rounds=3, budget=5,
                            seeds=(0, 1), influence_check_pairs=10, name="small", **kw)


def _without_seconds(rows):
    """Rows as comparable tuples: wall-clock columns dropped, NaN made equal to itself."""
    return [tuple((k, "nan" if isinstance(v, float) and np.isnan(v) else v) for k, v in r.items()
                  if not k.endswith("seconds")) for r in rows]


def test_run_report_and_resume(tmp_path):
    out = tmp_path / "res"
    rows = run_experiments(_small_config(), out, progress=False, command="test")
    assert len(rows) == 3 * 2 * 4
    on_disk = read_rows(out / "rounds.csv")
    assert [(r["strategy"], r["seed"], r["round"]) for r in on_disk] == \
        [(r["strategy"], r["seed"], r["round"]) for r in rows]
    assert all(r["n_init"] == (178 - 36 - 36) // 2 for r in on_disk)
    assert {r["n_added"] for r in on_disk if r["round"] > 0} == {5}
    assert all(r["label_agreement"] == 1.0 for r in on_disk if r["strategy"] == "random" and r["round"] > 0)
    text = render_report(out)
    assert "| wine |" in text and "Spearman" in text and "Command: `test`" in text
    for png in ("learning_curves.png", "influence_vs_actual.png"):
        assert (out / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and (out / png).stat().st_size > 10_000
    assert json.loads((out / "run.json").read_text())["config"]["rounds"] == 3

    # A second run finds every checkpoint complete: same rows, no checkpoint rewritten.
    stamps = {f: os.stat(out / "checkpoints" / f).st_mtime_ns for f in os.listdir(out / "checkpoints")}
    again = run_experiments(_small_config(), out, progress=False)
    assert len(stamps) == 6
    assert stamps == {f: os.stat(out / "checkpoints" / f).st_mtime_ns for f in os.listdir(out / "checkpoints")}
    assert _without_seconds(rows) == _without_seconds(again)


def test_config_errors_name_the_setting():
    with pytest.raises(ValueError, match="strategies"):
        ExperimentConfig(strategies=("bald",))
    with pytest.raises(ValueError, match="val_fraction"):
        ExperimentConfig(val_fraction=1.5)
    with pytest.raises(ValueError, match="C"):
        ExperimentConfig(C=0)
    with pytest.raises(ValueError, match="budget"):
        ExperimentConfig(budget="5")


def test_cli_run_report_and_errors(tmp_path, capsys):
    out = str(tmp_path / "cli")
    assert main(["run", "--datasets", "wine", "--strategies", "salutary,entropy", "--rounds", "2", "--seeds", "2",
                 "--budget", "10%", "--influence-check", "0", "--out", out]) == 0
    printed = capsys.readouterr().out
    assert "| wine |" in printed and "salutary" in printed
    rows = read_rows(os.path.join(out, "rounds.csv"))
    assert {r["budget"] for r in rows} == {6}  # 10% of wine's 53-row pool, rounded up
    assert not os.path.exists(os.path.join(out, "influence_vs_actual.png"))
    assert main(["report", out]) == 0
    assert main(["run", "--strategies", "bald", "--out", out]) == 2
    assert "strategies" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["run", "--rounds", "many", "--out", out])


@pytest.mark.parametrize("with_tqdm", [False, True])
def test_progress_bar_is_quiet_off_a_terminal(with_tqdm, monkeypatch):
    import salutary_native.progress as progress

    if with_tqdm:
        pytest.importorskip("tqdm")
    else:
        monkeypatch.setattr(progress, "_tqdm_class", lambda: None)
    quiet = io.StringIO()
    with ProgressBar(5, "x", stream=quiet) as bar:
        bar.update()
    assert quiet.getvalue() == ""
    loud = io.StringIO()
    with ProgressBar(4, "run", stream=loud, enabled=True) as bar:
        bar.update(2, "half")
        bar.update(5)
    assert bar.done == 4
    drawn = loud.getvalue()
    assert "4/4" in drawn and "half" in drawn and drawn.endswith("\n")  # tqdm may skip drawing 2/4
    if not with_tqdm:
        assert "[##############--------------] 2/4" in drawn


def test_progress_bar_falls_back_when_tqdm_is_missing(monkeypatch):
    import sys

    import salutary_native.progress as progress

    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    assert progress._tqdm_class() is None
    stream = io.StringIO()
    with ProgressBar(2, "run", stream=stream, enabled=True) as bar:
        bar.update(2)
    assert "[############################] 2/2" in stream.getvalue()


def test_a_learner_draws_its_bar_only_when_asked_or_on_a_terminal(capsys):
    from salutary_native import ActiveLearner

    p = make_problem(2, 60, 30, 80, 3, 0)
    ActiveLearner(p.X_train, p.y_train, p.X_val, p.y_val, p.X_pool, budget=5).run(2)
    assert capsys.readouterr().err == ""
    ActiveLearner(p.X_train, p.y_train, p.X_val, p.y_val, p.X_pool, budget=5).run(2, progress=True)
    assert "3/3" in capsys.readouterr().err


def test_cli_lists_the_datasets(capsys):
    assert main(["datasets"]) == 0
    listing = capsys.readouterr().out
    assert "waveform" in listing and "5000 × 21" in listing and "review_polarity" in listing
    assert len(listing.strip().splitlines()) == 11  # ten datasets and the bundled review embeddings
