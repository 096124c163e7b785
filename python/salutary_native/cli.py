"""The ``salutary-native`` command line: ``demo``, ``run``, ``report``, ``compare`` and ``datasets``.

Every error is one line on stderr and exit status 2 (``--debug`` shows the traceback instead);
a closed stdout (``salutary-native ... | head -1``) ends the command quietly.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
import warnings
from typing import List, Optional

from . import __version__
from .experiments import PAPER_DATASETS, ExperimentConfig, render_report, run_experiments
from .strategies import PAPER_STRATEGIES, RECOMMENDED_STRATEGY, STRATEGIES

DEMO_DATASET = "diabetic_retinopathy"
PROG = "salutary-native"


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (exit status 2)."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {_one_line(message)} (see '{self.prog} --help')\n")


def _one_line(text) -> str:
    return " ".join(str(text).split())


def _names(text: str) -> tuple:
    return tuple(s.strip() for s in text.split(",") if s.strip())


def _budget(text: str):
    if text.endswith("%"):
        return text
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected rows per round or a percentage like 1%, got {text!r}") from None


def _seeds(text: str) -> tuple:
    """'5' means seeds 0..4; '0,3,7' lists them."""
    try:
        return tuple(int(s) for s in text.split(",")) if "," in text else tuple(range(int(text)))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a count or a comma list of seeds, got {text!r}") from None


def _threads(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a thread count >= 1, got {text!r}")
    return n


def _add_common(parser: argparse.ArgumentParser, suppress: bool) -> None:
    """--json, --quiet, --threads and --debug; a subcommand's copy does not override the top level's."""

    def default(value):
        return argparse.SUPPRESS if suppress else value

    parser.add_argument("--json", action="store_true", default=default(False),
                        help="print machine-readable JSON on stdout instead of the text output")
    parser.add_argument("--quiet", action="store_true", default=default(False),
                        help="no progress bar, warnings or closing notes: only the requested output and errors")
    parser.add_argument("--threads", type=_threads, metavar="N", default=default(None),
                        help="threads of the native core (default: its own choice, see OMP_NUM_THREADS)")
    parser.add_argument("--debug", action="store_true", default=default(False),
                        help="show the full traceback of an error instead of its one-line message")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Salutary labeling experiments: the paper's active-learning protocol on bundled or your own data.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}",
                        help="print the version and exit")
    _add_common(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", required=True, metavar="{demo,run,report,compare,datasets}")

    demo_help = (f"the paper's eight strategies and the recommended {RECOMMENDED_STRATEGY} on {DEMO_DATASET}, "
                 "3 seeds (about a minute)")
    demo = sub.add_parser("demo", help=demo_help, description=f"Run {demo_help}, then print the report.")
    demo.add_argument("--out", default="salutary-results/demo", help="results folder (default: %(default)s)")
    demo.add_argument("--seeds", type=_seeds, default=(0, 1, 2),
                      help="a count N (seeds 0..N-1) or a comma list of seeds (default: 3)")
    _add_common(demo, suppress=True)

    run = sub.add_parser(
        "run", help="the paper protocol on chosen datasets (or your own table) and strategies",
        description="Run the paper's protocol (stratified split, then rounds of labeling the selected pool rows) "
                    "for every dataset, seed and strategy, write the results folder and print the report. "
                    "Every input is checked before the results folder is created.")
    run.add_argument("--datasets", type=_names, default=None,
                     help="comma list of dataset names, see 'salutary-native datasets' (default: the paper's, "
                          "or only --table when it is given)")
    run.add_argument("--table", metavar="PATH",
                     help="your own .csv, .tsv (optionally .gz), .parquet or .npz file, run as one more dataset; "
                          "needs --label")
    run.add_argument("--label", metavar="COLUMN",
                     help="the class column of --table (in an .npz: the name of the label array)")
    run.add_argument("--table-name", metavar="NAME",
                     help="the name of --table in the results (default: its file name without extension)")
    run.add_argument("--strategies", type=_names, default=PAPER_STRATEGIES,
                     help=f"comma list from {', '.join(STRATEGIES)} (default: the paper's eight, "
                          f"{', '.join(PAPER_STRATEGIES)})")
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
    run.add_argument("--controls", action="store_true",
                     help="also write controls.csv: the controls without active learning (initial, cv_C, "
                          "train_on_validation) of every dataset and seed, added to the final-accuracy table")
    run.add_argument("--name", default="paper", help="experiment name in the CSV and titles (default: %(default)s)")
    run.add_argument("--out", required=True,
                     help="results folder; an existing one is resumed, but only with the settings it was "
                          "written with")
    _add_common(run, suppress=True)

    report = sub.add_parser(
        "report", help="re-render the tables and plots of a results folder",
        description="Re-render final_accuracy.md, learning_curves.png and influence_vs_actual.png of a results "
                    "folder and print the Markdown (or, with --json, the final-accuracy summary).")
    report.add_argument("folder", help="a results folder written by 'run' or 'demo'")
    _add_common(report, suppress=True)

    compare = sub.add_parser(
        "compare", help="the label-free strategies of results folders against every other strategy and control",
        description="Write comparison.md in every folder: each label-free strategy (salutary and salutary_*) "
                    "against every other strategy and the controls of controls.csv (paired over seeds), its final "
                    "minus initial accuracy, label agreement and abstentions; then print the combined summary "
                    "(or, with --json, its numbers).")
    compare.add_argument("folders", nargs="+", metavar="FOLDER", help="results folders written by 'run'")
    compare.add_argument("--out", metavar="FILE", help="also write the combined summary to this Markdown file")
    _add_common(compare, suppress=True)

    datasets = sub.add_parser("datasets", help="list the bundled datasets",
                              description="List the bundled datasets with their rows, features and classes.")
    _add_common(datasets, suppress=True)
    return parser


def _run_config(args) -> ExperimentConfig:
    from .experiments.config import table_dataset

    if args.label is not None and args.table is None:
        raise ValueError("--label needs --table")
    if args.table_name is not None and args.table is None:
        raise ValueError("--table-name needs --table")
    tables: tuple = ()
    datasets = args.datasets
    if args.table is not None:
        if args.label is None:
            raise ValueError("--table needs --label COLUMN, the name of the class column")
        if not os.path.isfile(args.table):
            raise FileNotFoundError(f"--table {args.table}: no such file")
        tables = (table_dataset(args.table, args.label, args.table_name),)
        if datasets is None:
            datasets = (tables[0][0],)
        elif tables[0][0] not in datasets:  # listed in --datasets, it keeps its place there
            datasets = tuple(datasets) + (tables[0][0],)
    return ExperimentConfig(
        datasets=PAPER_DATASETS if datasets is None else datasets, strategies=args.strategies, rounds=args.rounds,
        budget=args.budget, seeds=args.seeds, C=args.C, hessian_on=args.hessian_on, damping=args.damping,
        n_init=args.n_init, val_fraction=args.val_fraction, test_fraction=args.test_fraction,
        influence_check_pairs=args.influence_check, name=args.name, tables=tables)


def _print_json(value) -> None:
    print(json.dumps(value, indent=2, default=str))


def _dispatch(args, argv: List[str]) -> int:
    if args.threads is not None:
        from . import set_num_threads

        set_num_threads(args.threads)
    if args.command == "datasets":
        from .datasets import DATASETS, load_dataset

        listing = []
        for name in DATASETS:
            data = load_dataset(name)
            entry = {"name": name, "rows": int(data.X.shape[0]), "features": int(data.X.shape[1]),
                     "classes": int(data.n_classes)}
            listing.append(entry)
            if not args.json:
                print(f"{name:22s} {entry['rows']:6d} × {entry['features']:<4d} {entry['classes']} classes")
        if args.json:
            _print_json(listing)
        return 0
    if args.command == "report":
        from .experiments.report import summary

        text = render_report(args.folder)
        if args.json:
            _print_json(summary(args.folder))
        else:
            print(text, end="")
        return 0
    if args.command == "compare":
        from .experiments.comparison import compare_folders, summary_data

        comparisons, table = compare_folders(args.folders, args.out)
        if args.json:
            _print_json(summary_data(comparisons))
        else:
            print(table, end="")
        return 0
    if args.command == "demo":
        config = ExperimentConfig(datasets=(DEMO_DATASET,), strategies=PAPER_STRATEGIES + (RECOMMENDED_STRATEGY,),
                                  seeds=args.seeds, name="demo")
    else:
        config = _run_config(args)
    command = PROG + " " + " ".join(shlex.quote(a) for a in argv)
    run_experiments(config, args.out, command=command, progress=False if args.quiet else None,
                    controls=getattr(args, "controls", False))
    text = render_report(args.out)
    if args.json:
        from .experiments.report import summary

        _print_json(summary(args.out))
        return 0
    print(text, end="")
    if not args.quiet:
        print(f"results in {args.out}/ (rounds.csv, final_accuracy.md, learning_curves.png, influence_vs_actual.png)")
    return 0


def _message(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror and exc.filename:
        return f"{exc.strerror}: {exc.filename}"
    text = _one_line(exc)
    if isinstance(exc, KeyError) and len(exc.args) == 1:
        text = f"missing {exc.args[0]!r}"
    return text or type(exc).__name__


def _stdout_closed() -> None:
    """Point stdout at devnull so that the flush at exit does not raise again (Python's SIGPIPE advice)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file descriptor (captured stdout)
        pass


def main(argv: Optional[List[str]] = None) -> int:
    """Run the ``salutary-native`` command line.

    Parameters
    ----------
    argv : list of str, optional
        The arguments after the program name; default ``sys.argv[1:]``.

    Returns
    -------
    int
        The exit status: 0 on success; 2 on any error (one line on stderr, or the traceback
        with ``--debug``); 1 when stdout was closed early (``... | head -1``); 130 when
        interrupted.

    Raises
    ------
    SystemExit
        From argparse, for ``--help``, ``--version`` or arguments it cannot parse (status 2,
        one line on stderr).

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
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        args = _parser().parse_args(argv)
    except SystemExit:  # --help, --version or a usage error: their output may meet a closed stdout too
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _stdout_closed()
        raise
    try:
        with warnings.catch_warnings():
            if args.quiet:
                warnings.simplefilter("ignore")
            status = _dispatch(args, argv)
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        _stdout_closed()
        return 1
    except KeyboardInterrupt:
        if args.debug:
            raise
        print(f"{PROG} {args.command}: interrupted (a results folder keeps its finished rounds; rerun to resume)",
              file=sys.stderr)
        return 130
    except Exception as exc:
        if args.debug:
            raise
        print(f"{PROG} {args.command}: error: {_message(exc)}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
