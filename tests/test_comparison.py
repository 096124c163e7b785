"""The label-free comparison report on a synthetic results folder with known differences.

Win/tie/loss counts and every interval are checked against a t-interval computed here with
scipy.stats.t.interval, independently of the library's paired statistics.
"""

import csv
import json
import math
import os

import numpy as np
import pytest

from salutary_native.experiments.comparison import (
    compare_folder,
    is_label_free,
    main,
    opponent_group,
    render_comparison,
    summary_table,
)
from salutary_native.experiments.controls import CONTROL_COLUMNS
from salutary_native.experiments.results import COLUMNS

stats = pytest.importorskip("scipy.stats")

DATASETS = ("d1", "d2")
SEEDS = (0, 1, 2)
ROUNDS = 2
BUDGET = 5
# Final minus initial test accuracy per strategy, dataset and seed.
DELTAS = {
    "random": {"d1": (0.010, 0.020, 0.015), "d2": (0.000, 0.010, 0.005)},
    "entropy": {"d1": (0.030, 0.035, 0.045), "d2": (0.020, 0.012, 0.030)},
    "salutary": {"d1": (-0.050, -0.062, -0.055), "d2": (0.010, 0.000, 0.020)},
    "salutary_abstain": {"d1": (0.012, 0.019, 0.021), "d2": (0.000, 0.020, 0.010)},
}
CONTROL_DELTAS = {"initial": (0.0, 0.0, 0.0), "cv_C": (0.010, 0.003, 0.020),
                  "train_on_validation": (0.050, 0.052, 0.061)}
# Rows abstained by salutary_abstain in rounds 1 and 2 of each seed, per dataset.
ABSTAINED = {"d1": ((1, 0), (2, 1), (0, 0)), "d2": ((5, 5), (0, 3), (4, 0))}


def _initial(dataset, seed):
    return 0.80 + 0.01 * seed + (0.05 if dataset == "d2" else 0.0)


def _final(dataset, strategy, seed):
    deltas = CONTROL_DELTAS[strategy] if strategy in CONTROL_DELTAS else DELTAS[strategy][dataset]
    return _initial(dataset, seed) + deltas[seed]


def _write_folder(folder, with_abstained=True):
    os.makedirs(folder, exist_ok=True)
    columns = [c for c in COLUMNS if c != "abstained"] + (["abstained"] if with_abstained else [])
    with open(os.path.join(folder, "rounds.csv"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        for dataset in DATASETS:
            for strategy in DELTAS:
                for seed in SEEDS:
                    for r in range(ROUNDS + 1):
                        accuracy = _initial(dataset, seed) if r == 0 else \
                            _initial(dataset, seed) + DELTAS[strategy][dataset][seed] * r / ROUNDS
                        held = ABSTAINED[dataset][seed][r - 1] if strategy == "salutary_abstain" and r else 0
                        added = 0 if r == 0 else BUDGET - held
                        # Label-free strategies get 4 of every 5 added rows right; the others every row.
                        agreement = float("nan") if added == 0 else (0.8 if is_label_free(strategy) else 1.0)
                        row = dict.fromkeys(columns, 0)
                        row.update(experiment="synthetic", dataset=dataset, strategy=strategy, seed=seed, round=r,
                                   budget=BUDGET, test_accuracy=accuracy, n_added=added, label_agreement=agreement,
                                   hessian_on="train", class_balance="", assigned_labels="")
                        if with_abstained:
                            row["abstained"] = held
                        writer.writerow(row)
    with open(os.path.join(folder, "controls.csv"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=CONTROL_COLUMNS)
        writer.writeheader()
        for dataset in DATASETS:
            for seed in SEEDS:
                for control in CONTROL_DELTAS:
                    writer.writerow({"dataset": dataset, "seed": seed, "control": control, "C": 0.02, "n_train": 10,
                                     "test_accuracy": _final(dataset, control, seed), "test_loss": 0.5,
                                     "cv_folds": 0, "cv_score": ""})
    return folder


def _interval(ours, theirs):
    """Mean and 95% t-interval of the paired differences, by scipy.stats.t.interval."""
    diff = np.asarray(ours) - np.asarray(theirs)
    mean = diff.mean()
    low, high = stats.t.interval(0.95, len(diff) - 1, loc=mean, scale=stats.sem(diff))
    return mean, low, high


def _verdict(low, high):
    return "win" if low > 0 else "loss" if high < 0 else "tie"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return _write_folder(str(tmp_path_factory.mktemp("synthetic")))


@pytest.fixture(scope="module")
def comparison(folder):
    return compare_folder(folder)


def test_label_free_is_the_name_rule(comparison):
    assert comparison.label_free == ["salutary", "salutary_abstain"]
    assert comparison.controls == ["initial", "cv_C", "train_on_validation"]
    assert [opponent_group(s) for s in ("random", "salutary_crossfit", "entropy", "pred_infl", "cv_C")] == \
        ["random and label-free", "random and label-free", "uncertainty", "oracle", "controls"]


def test_every_cell_matches_an_independent_t_interval(comparison):
    checked = 0
    for strategy in comparison.label_free:
        for opponent in [s for s in DELTAS if s != strategy] + list(CONTROL_DELTAS):
            for dataset in DATASETS:
                ours = [_final(dataset, strategy, s) for s in SEEDS]
                theirs = [_final(dataset, opponent, s) for s in SEEDS]
                mean, low, high = _interval(ours, theirs)
                verdict, interval = comparison.outcomes[(strategy, opponent, dataset)]
                assert interval[:3] == pytest.approx((mean, low, high), abs=1e-12)
                assert interval[3] == len(SEEDS)
                assert verdict == _verdict(low, high)
                checked += 1
    assert checked == 2 * 6 * 2


def test_win_tie_loss_counts(comparison):
    expected = {s: {"win": 0, "tie": 0, "loss": 0} for s in comparison.label_free}
    for strategy in comparison.label_free:
        for opponent in [s for s in DELTAS if s != strategy] + list(CONTROL_DELTAS):
            for dataset in DATASETS:
                _, low, high = _interval([_final(dataset, strategy, s) for s in SEEDS],
                                         [_final(dataset, opponent, s) for s in SEEDS])
                expected[strategy][_verdict(low, high)] += 1
    for strategy in comparison.label_free:
        assert dict(comparison.totals(strategy)) == {k: v for k, v in expected[strategy].items() if v}
    # The designed differences: salutary loses every cell on d1 (it falls below initial there).
    assert comparison.totals("salutary", dataset="d1") == {"loss": 6}
    assert comparison.outcomes[("salutary_abstain", "entropy", "d1")][0] == "loss"
    assert comparison.outcomes[("salutary_abstain", "initial", "d1")][0] == "win"
    assert comparison.totals("salutary", "controls")["loss"] >= 3


def test_final_minus_initial_intervals_and_the_below_flag(comparison):
    for strategy in DELTAS:
        for dataset in DATASETS:
            mean, low, high = _interval([_final(dataset, strategy, s) for s in SEEDS],
                                        [_initial(dataset, s) for s in SEEDS])
            assert comparison.gains[(strategy, dataset)][:3] == pytest.approx((mean, low, high), abs=1e-12)
    assert comparison.below_initial("salutary") == ["d1"]
    assert comparison.below_initial("salutary_abstain") == []
    worst_dataset, worst = comparison.worst_gain("salutary")
    assert worst_dataset == "d1" and worst[0] == pytest.approx(np.mean(DELTAS["salutary"]["d1"]))


def test_abstention_and_agreement_counts(comparison):
    for dataset in DATASETS:
        held = sum(sum(by_seed) for by_seed in ABSTAINED[dataset])
        assert comparison.abstained[("salutary_abstain", dataset)] == (held, BUDGET * ROUNDS * len(SEEDS))
        assert comparison.abstained[("salutary", dataset)] == (0, BUDGET * ROUNDS * len(SEEDS))
        agree, added = comparison.agreement[("salutary_abstain", dataset)]
        assert added == BUDGET * ROUNDS * len(SEEDS) - held
        assert agree == pytest.approx(0.8 * added)


def test_a_missing_abstained_column_reads_as_zero(tmp_path):
    result = compare_folder(_write_folder(str(tmp_path / "no_column"), with_abstained=False))
    for strategy in DELTAS:
        for dataset in DATASETS:
            assert result.abstained[(strategy, dataset)] == (0, BUDGET * ROUNDS * len(SEEDS))


def test_report_and_summary_files(folder, tmp_path):
    text = render_comparison(folder)
    assert open(os.path.join(folder, "comparison.md")).read() == text
    assert "## salutary_abstain against each strategy and control" in text
    assert "| d1 | " in text and "**below**" in text
    d1 = _interval([_final("d1", "salutary", s) for s in SEEDS], [_initial("d1", s) for s in SEEDS])
    assert f"{100 * d1[0]:+.2f} [{100 * d1[1]:+.2f}, {100 * d1[2]:+.2f}] **below**" in text
    out = tmp_path / "summary.md"
    assert main([folder, folder, "--out", str(out)]) == 0
    written = out.read_text()
    totals = compare_folder(folder).totals("salutary")
    assert f"| salutary | {totals['win']}/{totals['tie']}/{totals['loss']}; below 1/2; worst d1" in written
    assert summary_table([folder]).count("| salutary_abstain |") == 2


def test_a_folder_without_controls_compares_strategies_only(tmp_path):
    folder = _write_folder(str(tmp_path / "no_controls"))
    os.remove(os.path.join(folder, "controls.csv"))
    result = compare_folder(folder)
    assert result.controls == []
    assert sum(result.totals("salutary").values()) == 3 * len(DATASETS)
    assert not math.isnan(result.gains[("salutary", "d1")][0])


def test_the_compare_subcommand_prints_the_summary_numbers(folder, capsys):
    from salutary_native import cli

    assert cli.main(["compare", folder, "--json"]) == 0
    numbers = json.loads(capsys.readouterr().out)[os.path.basename(folder)]
    totals = compare_folder(folder).totals("salutary_abstain")
    assert (numbers["salutary_abstain"]["wins"], numbers["salutary_abstain"]["ties"],
            numbers["salutary_abstain"]["losses"]) == (totals["win"], totals["tie"], totals["loss"])
    assert numbers["salutary"]["below_initial"] == ["d1"]


def test_run_with_controls_writes_controls_csv_for_the_comparison(tmp_path, capsys):
    pytest.importorskip("sklearn")  # wine comes with scikit-learn
    from salutary_native import cli

    out = str(tmp_path / "run")
    assert cli.main(["run", "--datasets", "wine", "--strategies", "random,salutary", "--rounds", "1", "--budget", "5",
                     "--seeds", "2", "--influence-check", "0", "--controls", "--quiet", "--out", out]) == 0
    capsys.readouterr()
    result = compare_folder(out)
    assert result.controls == ["initial", "cv_C", "train_on_validation"]
    assert sum(result.totals("salutary").values()) == 4


def test_controls_leave_out_cv_C_where_a_class_has_one_labeled_row():
    pytest.importorskip("sklearn")
    from salutary_native.experiments import ExperimentConfig
    from salutary_native.experiments.controls import control_rows

    # wine_quality_white's labeled set holds one row of its rarest classes in every seed.
    with pytest.warns(UserWarning, match="wine_quality_white, seed 0: a class has one labeled row"):
        rows = control_rows(ExperimentConfig(datasets=("wine_quality_white", "breast_cancer"), seeds=(0,)))
    assert [(r["dataset"], r["control"]) for r in rows] == [
        ("wine_quality_white", "initial"), ("wine_quality_white", "train_on_validation"),
        ("breast_cancer", "initial"), ("breast_cancer", "cv_C"), ("breast_cancer", "train_on_validation")]
