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
    parser = argparse.ArgumentParser(prog="salutary-native", description="Salutary labeling experiments (maths §4).")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help=f"all strategies on {DEMO_DATASET}, 3 seeds (about a minute)")
    demo.add_argument("--out", default="salutary-results/demo", help="results folder (default: %(default)s)")
    demo.add_argument("--seeds", type=_seeds, default=(0, 1, 2), help="a count or a comma list (default: 3)")

    run = sub.add_parser("run", help="the paper protocol on chosen datasets and strategies")
    run.add_argument("--datasets", type=_names, default=PAPER_DATASETS, help="comma list (default: the paper's)")
    run.add_argument("--strategies", type=_names, default=tuple(STRATEGIES), help="comma list (default: all)")
    run.add_argument("--rounds", type=int, default=10)
    run.add_argument("--budget", type=_budget, default=10, help="rows per round, or a pool percentage like 1%%")
    run.add_argument("--seeds", type=_seeds, default=(0, 1, 2, 3, 4), help="a count or a comma list (default: 5)")
    run.add_argument("--C", type=float, default=0.02)
    run.add_argument("--hessian-on", default="train", choices=("train", "pool", "train+pool"))
    run.add_argument("--damping", type=float, default=0.0)
    run.add_argument("--n-init", type=int, default=300)
    run.add_argument("--val-fraction", type=float, default=0.2)
    run.add_argument("--test-fraction", type=float, default=0.2)
    run.add_argument("--influence-check", type=int, default=100, help="add-one-in pairs per dataset (0 skips)")
    run.add_argument("--name", default="paper", help="experiment name in the CSV and titles")
    run.add_argument("--out", required=True, help="results folder; an existing one is resumed")

    report = sub.add_parser("report", help="re-render the tables and plots of a results folder")
    report.add_argument("folder")

    sub.add_parser("datasets", help="list the bundled datasets")
    return parser


def main(argv: Optional[List[str]] = None) -> int:
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
