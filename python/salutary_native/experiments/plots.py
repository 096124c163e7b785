"""PNG figures: learning curves with std bands (paper Fig. 2) and the influence scatter (Fig. 3).

The figures are drawn with matplotlib's object API on an Agg canvas: no pyplot state is used
and the process-wide backend is left as it is (a notebook keeps its inline backend).
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Dict, Sequence

import numpy as np


def _figure(figsize):
    """A matplotlib Figure on its own Agg canvas (no pyplot, no backend switch)."""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        raise ImportError("plots need matplotlib: pip install 'salutary-native[experiments]'") from None
    fig = Figure(figsize=figsize)
    FigureCanvasAgg(fig)
    return fig


def _grid(n_panels: int, panel_size=(4.2, 3.2), extra_width: float = 0.0):
    ncols = min(3, n_panels)
    nrows = math.ceil(n_panels / ncols)
    fig = _figure((panel_size[0] * ncols + extra_width, panel_size[1] * nrows))
    axes = fig.subplots(nrows, ncols, squeeze=False)
    for ax in axes.flat[n_panels:]:
        ax.set_visible(False)
    return fig, list(axes.flat[:n_panels])


def learning_curves(rows: Sequence[dict], path, title: str = "") -> None:
    """Test accuracy against labeled rows, mean over seeds with a ±1 std band, a panel per dataset.

    The band is clipped to [0, 100] %.

    Parameters
    ----------
    rows : sequence of dict
        Round rows with ``dataset``, ``strategy``, ``round``, ``n_labeled`` and ``test_accuracy``
        (as from :func:`salutary_native.experiments.results.read_rows`).
    path : str or os.PathLike
        The PNG file to write.
    title : str, default=""
        Figure title.

    Raises
    ------
    ImportError
        If matplotlib is not installed.

    Examples
    --------
    >>> import os, tempfile
    >>> from salutary_native.experiments.plots import learning_curves
    >>> rows = [{"dataset": "wine", "strategy": s, "seed": 0, "round": r, "n_labeled": 50 + 10 * r,
    ...          "test_accuracy": a} for s, r, a in [("salutary", 0, 0.90), ("salutary", 1, 0.95),
    ...                                               ("random", 0, 0.90), ("random", 1, 0.92)]]
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     learning_curves(rows, os.path.join(folder, "curves.png"), title="wine")
    ...     os.path.getsize(os.path.join(folder, "curves.png")) > 0
    True
    """
    datasets = list(dict.fromkeys(r["dataset"] for r in rows))
    strategies = list(dict.fromkeys(r["strategy"] for r in rows))
    from matplotlib import colormaps

    colors = {s: colormaps["tab10"](i % 10) for i, s in enumerate(strategies)}
    # Strategies that coincide (the three uncertainty scores for two classes) stay visible by their dashes.
    dashes = {s: ("-", "--", ":", "-.")[i % 4] for i, s in enumerate(strategies)}
    legend_width = 1.9  # inches on the right for the strategy legend
    fig, axes = _grid(len(datasets), extra_width=legend_width)
    for ax, dataset in zip(axes, datasets):
        for strategy in strategies:
            by_round: Dict[int, list] = defaultdict(list)
            labeled: Dict[int, list] = defaultdict(list)
            for r in rows:
                if r["dataset"] == dataset and r["strategy"] == strategy:
                    by_round[r["round"]].append(100 * r["test_accuracy"])
                    labeled[r["round"]].append(r["n_labeled"])
            if not by_round:
                continue
            rounds = sorted(by_round)
            x = np.array([np.mean(labeled[k]) for k in rounds])
            mean = np.array([np.mean(by_round[k]) for k in rounds])
            std = np.array([np.std(by_round[k], ddof=1) if len(by_round[k]) > 1 else 0.0 for k in rounds])
            wide = strategy == "salutary"
            ax.plot(x, mean, color=colors[strategy], ls="-" if wide else dashes[strategy], lw=2.4 if wide else 1.4,
                    label=strategy, zorder=3 if wide else 2)
            # Accuracy lives in [0, 100] %; a ±std band must not suggest otherwise.
            low, high = np.clip(mean - std, 0.0, 100.0), np.clip(mean + std, 0.0, 100.0)
            ax.fill_between(x, low, high, color=colors[strategy], alpha=0.12, lw=0)
        ax.set_title(dataset, fontsize=10)
        ax.set_xlabel("labeled rows")
        ax.set_ylabel("test accuracy (%)")
        ax.grid(alpha=0.3)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="center right", frameon=False)
    if title:
        fig.suptitle(title)
    right = 1 - legend_width / fig.get_figwidth()
    fig.tight_layout(rect=(0, 0, right, 0.97 if title else 1))
    fig.savefig(path, dpi=110)


def influence_scatter(checks: Dict[str, tuple], path, title: str = "") -> None:
    """Per dataset: predicted (−I) against actual validation-loss change, with Spearman's r.

    Parameters
    ----------
    checks : dict of str to (ndarray, ndarray, float)
        Dataset name to (predicted, actual, Spearman's r).
    path : str or os.PathLike
        The PNG file to write.
    title : str, default=""
        Figure title.

    Raises
    ------
    ImportError
        If matplotlib is not installed.

    Examples
    --------
    >>> import os, tempfile
    >>> import numpy as np
    >>> from salutary_native.experiments.plots import influence_scatter
    >>> checks = {"wine": (np.array([-0.2, 0.1, 0.4]), np.array([-0.1, 0.0, 0.5]), 1.0)}
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     influence_scatter(checks, os.path.join(folder, "scatter.png"))
    ...     os.path.getsize(os.path.join(folder, "scatter.png")) > 0
    True
    """
    fig, axes = _grid(len(checks), panel_size=(3.8, 3.4))
    for ax, (dataset, (predicted, actual, r)) in zip(axes, checks.items()):
        ax.scatter(predicted, actual, s=12, alpha=0.7)
        lo = min(np.min(predicted), np.min(actual))
        hi = max(np.max(predicted), np.max(actual))
        ax.plot([lo, hi], [lo, hi], color="gray", lw=0.8, ls="--")
        ax.set_title(f"{dataset}  (Spearman r = {r:.3f})", fontsize=9)
        ax.set_xlabel("predicted Δ val loss (−I)")
        ax.set_ylabel("actual Δ val loss (refit)")
        ax.ticklabel_format(style="sci", scilimits=(-2, 3), axis="both")
        ax.grid(alpha=0.3)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
