"""The ``salutary-native`` command line: ``demo``, ``run``, ``report`` and ``datasets``."""

from __future__ import annotations

import argparse
import shlex
import sys
from typing import List, Optional

from .experiments import PAPER_DATASETS, ExperimentConfig, render_report, run_experiments
from .strategies import STRATEGIES

DEMO_DATASET = "diabetic_retinopathy"


def _names(text: str) -> tuple:
    return tuple(s.strip() for s in text.split(",") if s.strip())


def _budget(text: str):
    return text if text.endswith("%") else int(text)


def _seeds(text: str) -> tuple:
    """'5' means seeds 0..4; '0,3,7' lists them."""
    return tuple(int(s) for s in text.split(",")) if "," in text else tuple(range(int(text)))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="salutary-native",
        description="Salutary labeling experiments: the paper's active-learning protocol on bundled or your own data.")
    sub = parser.add_subparsers(dest="command", required=True)

    demo_help = f"all strategies on {DEMO_DATASET}, 3 seeds (about a minute)"
    demo = sub.add_parser("demo", help=demo_help, description=f"Run {demo_help}, then print the report.")
    demo.add_argument("--out", default="salutary-results/demo", help="results folder (default: %(default)s)")
    demo.add_argument("--seeds", type=_seeds, default=(0, 1, 2),
                      help="a count N (seeds 0..N-1) or a comma list of seeds (default: 3)")

    run = sub.add_parser(
        "run", help="the paper protocol on chosen datasets and strategies",
        description="Run the paper's protocol (stratified split, then rounds of labeling the selected pool rows) "
                    "for every dataset, seed and strategy, write the results folder and print the report.")
    run.add_argument("--datasets", type=_names, default=PAPER_DATASETS,
                     help="comma list of dataset names, see 'salutary-native datasets' (default: the paper's)")
    run.add_argument("--strategies", type=_names, default=tuple(STRATEGIES),
                     help=f"comma list from {', '.join(STRATEGIES)} (default: all)")
    run.add_argument("--rounds", type=int, default=10, help="labeling rounds per run (default: %(default)s)")
    run.add_argument("--budget", type=_budget, default=10,
                     help="rows labeled per round, or a percentage of the pool like 1%% (default: %(default)s)")
    run.add_argument("--seeds", type=_seeds, default=(0, 1, 2, 3, 4),
                     help="a count N (seeds 0..N-1) or a comma list of seeds (default: 5)")
    run.add_argument("--C", type=float, default=0.02,
                     help="inverse L2 regularisation strength of the logistic model (default: %(default)s)")
    run.add_argument("--hessian-on", default="train", choices=("train", "pool", "train+pool"),
                     help="rows whose loss Hessian the influence function uses (default: %(default)s)")
    run.add_argument("--damping", type=float, default=0.0,
                     help="added to the Hessian's diagonal before it is solved (default: %(default)s)")
    run.add_argument("--n-init", type=int, default=300,
                     help="size of the initial labeled set, or half of the rows outside test and validation "
                          "when fewer than twice as many remain (default: %(default)s)")
    run.add_argument("--val-fraction", type=float, default=0.2,
                     help="fraction of the rows in the validation set (default: %(default)s)")
    run.add_argument("--test-fraction", type=float, default=0.2,
                     help="fraction of the rows in the test set (default: %(default)s)")
    run.add_argument("--influence-check", type=int, default=100,
                     help="add-one-in refits per dataset that test the predicted influence; 0 skips them "
                          "(default: %(default)s)")
    run.add_argument("--name", default="paper", help="experiment name in the CSV and titles (default: %(default)s)")
    run.add_argument("--out", required=True, help="results folder; an existing one is resumed")

    report = sub.add_parser(
        "report", help="re-render the tables and plots of a results folder",
        description="Re-render final_accuracy.md, learning_curves.png and influence_vs_actual.png of a results "
                    "folder and print the Markdown.")
    report.add_argument("folder", help="a results folder written by 'run' or 'demo'")

    sub.add_parser("datasets", help="list the bundled datasets",
                   description="List the bundled datasets with their rows, features and classes.")
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    """Run the ``salutary-native`` command line.

    Parameters
    ----------
    argv : list of str, optional
        The arguments after the program name; default ``sys.argv[1:]``.

    Returns
    -------
    int
        The exit status: 0 on success, 2 when ``run`` is given invalid settings.

    Raises
    ------
    SystemExit
        From argparse, for ``--help`` or arguments it cannot parse.

    Examples
    --------
    >>> import tempfile
    >>> from salutary_native.cli import main
    >>> with tempfile.TemporaryDirectory() as out:
    ...     status = main(["run", "--datasets", "wine", "--strategies", "random,salutary", "--rounds", "1",
    ...                    "--seeds", "1", "--influence-check", "0", "--out", out])  # doctest: +ELLIPSIS
    # paper: final test accuracy
    ...
    | wine | ... |
    ...
    >>> status
    0
    """
    argv = sys.argv[1:] if argv is None else argv
    args = _parser().parse_args(argv)
    command = "salutary-native " + " ".join(shlex.quote(a) for a in argv)
    if args.command == "datasets":
        from .datasets import DATASETS, load_dataset

        for name in DATASETS:
            data = load_dataset(name)
            print(f"{name:22s} {data.X.shape[0]:6d} × {data.X.shape[1]:<4d} {data.n_classes} classes")
        return 0
    if args.command == "report":
        print(render_report(args.folder))
        return 0
    if args.command == "demo":
        config = ExperimentConfig(datasets=(DEMO_DATASET,), seeds=args.seeds, name="demo")
    else:
        try:
            config = ExperimentConfig(
                datasets=args.datasets, strategies=args.strategies, rounds=args.rounds, budget=args.budget,
                seeds=args.seeds, C=args.C, hessian_on=args.hessian_on, damping=args.damping, n_init=args.n_init,
                val_fraction=args.val_fraction, test_fraction=args.test_fraction,
                influence_check_pairs=args.influence_check, name=args.name)
        except (TypeError, ValueError) as exc:
            print(f"salutary-native run: {exc}", file=sys.stderr)
            return 2
    run_experiments(config, args.out, command=command)
    print(render_report(args.out))
    print(f"results in {args.out}/ (rounds.csv, final_accuracy.md, learning_curves.png, influence_vs_actual.png)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
