"""The ``salutary-native`` command line run as people run it: in a subprocess, on tiny runs.

Covers --version, --json, --quiet, --threads, help on every option, a user CSV through
--table/--label, one-line errors with status 2 and no traceback, no folder left behind by a
failed run, the refused reuse of a results folder with other settings (earlier results kept
byte for byte), and a closed stdout pipe.
"""

import argparse
import json
import os
import subprocess
import sys

import numpy as np
import pytest

import salutary_native as sn
from salutary_native import cli
from salutary_native.experiments import ExperimentConfig, run_experiments
from salutary_native.experiments.results import read_rows

PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(sn.__file__)))
TINY = ["--strategies", "random,salutary", "--rounds", "1", "--seeds", "1", "--budget", "5"]


def _env():
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (PACKAGE_DIR, env.get("PYTHONPATH", "")) if p)
    return env


def _cli(*args, cwd=None, timeout=120):
    return subprocess.run([sys.executable, "-m", "salutary_native", *map(str, args)], capture_output=True,
                          text=True, env=_env(), cwd=cwd, timeout=timeout)


def _one_line_error(result):
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert result.stdout == ""
    return lines[0]


def _write_csv(path, n=120, seed=0):
    rng = np.random.default_rng(seed)
    with open(path, "w") as f:
        f.write("size,shape,colour,kind\n")
        for i in range(n):
            k = i % 2
            f.write(f"{rng.normal(k):.4f},{rng.normal(-k):.4f},{('red', 'blue')[rng.integers(2)]},"
                    f"{('benign', 'malignant')[k]}\n")
    return path


@pytest.fixture(scope="module")
def wine_folder(tmp_path_factory):
    """A finished tiny run on wine with an influence check, made once for the module."""
    out = tmp_path_factory.mktemp("wine") / "res"
    result = _cli("run", "--datasets", "wine", *TINY, "--influence-check", "4", "--out", out, "--quiet")
    assert result.returncode == 0, result.stderr
    return out


def test_version():
    result = _cli("--version")
    assert result.returncode == 0 and result.stdout == f"salutary-native {sn.__version__}\n"


def test_every_option_of_every_subcommand_has_help():
    parser = cli._parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in [("", parser), *subparsers.choices.items()]:
        for action in sub._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue
            assert action.help and action.help != argparse.SUPPRESS, (name, action.dest)
    for name in subparsers.choices:
        assert name in {c.dest for c in subparsers._choices_actions}, name
    result = _cli("run", "--help")
    assert result.returncode == 0 and "--table" in result.stdout and "--json" in result.stdout


def test_run_on_a_user_csv_prints_json(tmp_path):
    table = _write_csv(tmp_path / "cells.csv")
    out = tmp_path / "res"
    result = _cli("run", "--table", table, "--label", "kind", *TINY, "--influence-check", "0", "--out", out,
                  "--json", "--threads", "1")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["rounds"] == 1 and summary["seeds"] == [0]
    assert set(summary["final_accuracy"]) == {"cells"}
    cells = summary["final_accuracy"]["cells"]
    assert set(cells) == {"initial", "random", "salutary"}
    assert all(0 <= v["mean"] <= 1 and v["std"] is None and set(v["by_seed"]) == {"0"} for v in cells.values())
    assert summary["config"]["tables"] == [["cells", str(table), "kind"]]
    assert {"rounds.csv", "run.json", "final_accuracy.md"} <= set(os.listdir(out))


def test_quiet_text_run_prints_only_the_report(tmp_path):
    result = _cli("run", "--datasets", "wine", *TINY, "--influence-check", "0", "--out", tmp_path / "q", "--quiet")
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith("# paper: final test accuracy") and "results in" not in result.stdout


def test_report_json(wine_folder):
    result = _cli("report", wine_folder, "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert set(summary["final_accuracy"]["wine"]) == {"initial", "random", "salutary"}
    assert set(summary["influence_spearman"]) == {"wine"}


@pytest.mark.parametrize("case", ["unknown dataset", "too many rounds", "missing table", "bad label",
                                  "label without table", "bad rounds", "bad threads", "bad strategy"])
def test_a_bad_run_is_one_line_status_2_and_leaves_no_folder(tmp_path, case):
    table = _write_csv(tmp_path / "cells.csv")
    args = {
        "unknown dataset": ["--datasets", "nope", *TINY],
        "too many rounds": ["--datasets", "wine", *TINY[:2], "--rounds", "50", "--budget", "5", "--seeds", "1"],
        "missing table": ["--table", tmp_path / "absent.csv", "--label", "kind", *TINY],
        "bad label": ["--table", table, "--label", "species", *TINY],
        "label without table": ["--datasets", "wine", "--label", "kind", *TINY],
        "bad rounds": ["--datasets", "wine", "--rounds", "many"],
        "bad threads": ["--datasets", "wine", *TINY, "--threads", "0"],
        "bad strategy": ["--datasets", "wine", "--strategies", "bald"],
    }[case]
    out = tmp_path / "new" / "deeper" / "res"
    line = _one_line_error(_cli("run", *args, "--out", out, "--influence-check", "0"))
    assert line.startswith("salutary-native run: error: ")
    expected = {"unknown dataset": "unknown dataset 'nope'", "too many rounds": "50 rounds",
                "missing table": "absent.csv", "bad label": "species", "label without table": "--label needs --table",
                "bad rounds": "--rounds", "bad threads": "--threads", "bad strategy": "bald"}[case]
    assert expected in line
    assert not (tmp_path / "new").exists()


def test_a_missing_report_folder_is_one_line(tmp_path):
    line = _one_line_error(_cli("report", tmp_path / "nowhere"))
    assert "no results folder" in line and "nowhere" in line
    (tmp_path / "empty").mkdir()
    assert "no rounds.csv" in _one_line_error(_cli("report", tmp_path / "empty"))


def test_debug_shows_the_traceback(tmp_path):
    result = _cli("run", "--datasets", "nope", "--out", tmp_path / "res", "--debug")
    assert result.returncode != 0 and "Traceback" in result.stderr and "ValueError" in result.stderr


def test_reusing_a_folder_needs_the_same_settings(wine_folder):
    before = {name: (wine_folder / name).read_bytes() for name in ("rounds.csv", "influence_check.csv", "run.json")}
    rows = read_rows(wine_folder / "rounds.csv")
    lines = []
    for other in (["--C", "0.5"], ["--datasets", "breast_cancer"], ["--strategies", "random"], ["--rounds", "2"]):
        args = ["run", "--datasets", "wine", *TINY, "--influence-check", "4", "--out", wine_folder, *other]
        lines.append(_one_line_error(_cli(*args)))
        assert "another configuration" in lines[-1]
        assert {name: (wine_folder / name).read_bytes() for name in before} == before
    assert "C: 0.02 → 0.5" in lines[0] and "datasets: wine → breast_cancer" in lines[1]
    # The same settings resume: the rows and the refits stay as they were (only timings may be rewritten).
    again = _cli("run", "--datasets", "wine", *TINY, "--influence-check", "4", "--out", wine_folder, "--json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["rounds"] == 1
    assert (wine_folder / "influence_check.csv").read_bytes() == before["influence_check.csv"]

    def without_seconds(rs):
        return [{k: str(v) for k, v in r.items() if not k.endswith("seconds")} for r in rs]

    assert without_seconds(read_rows(wine_folder / "rounds.csv")) == without_seconds(rows)


def test_a_folder_without_run_json_is_refused(tmp_path):
    out = tmp_path / "res"
    out.mkdir()
    (out / "rounds.csv").write_text("experiment\n")
    line = _one_line_error(_cli("run", "--datasets", "wine", *TINY, "--influence-check", "0", "--out", out))
    assert "no run.json" in line and (out / "rounds.csv").read_text() == "experiment\n"


def test_a_run_that_fails_midway_removes_only_the_folder_it_created(tmp_path, monkeypatch):
    from salutary_native.experiments import runner

    def broken(*args, **kwargs):
        raise RuntimeError("broken learner")

    monkeypatch.setattr(runner.ActiveLearner, "from_split", broken)
    config = ExperimentConfig(datasets=("wine",), strategies=("random",), rounds=1, seeds=(0,),
                              influence_check_pairs=0)
    with pytest.raises(RuntimeError):
        run_experiments(config, tmp_path / "new" / "res", progress=False)
    assert not (tmp_path / "new").exists()
    kept = tmp_path / "mine"
    kept.mkdir()
    (kept / "notes.txt").write_text("keep me")
    with pytest.raises(RuntimeError):
        run_experiments(config, kept, progress=False)
    assert (kept / "notes.txt").read_text() == "keep me"


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["report", "FOLDER"]])
def test_a_closed_stdout_ends_quietly(wine_folder, args):
    args = [str(wine_folder) if a == "FOLDER" else a for a in args]
    proc = subprocess.Popen([sys.executable, "-m", "salutary_native", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=_env())
    proc.stdout.close()  # closed before the command writes a byte
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) in (0, 1)
    assert err == "", err
