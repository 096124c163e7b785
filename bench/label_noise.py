"""Label-noise finding with the influence table: precision at k of the flagged training rows.

For each dataset and seed: split with the paper protocol, flip a fraction of the training labels
to a different class drawn uniformly (seeded), fit ``LogisticRegression(C)`` on the noisy labels,
and rank the training rows by

- ``-I(x_i, y_i)``       (``suspicious_labels`` default, rank_by="given"),
- the relabel gain       ``max_{c≠y_i} I(x_i, c) − I(x_i, y_i)`` (rank_by="relabel"),
- the model's own loss   ``CE(x_i, y_i)`` on the noisy label, largest first (the peer).

Precision at k = |top-k ∩ flipped| / k for k = n_flipped and k = 2·n_flipped; the random
baseline is the flip fraction. Prints a markdown table (mean ± std over seeds).

    PYTHONPATH=python python bench/label_noise.py --datasets waveform electrical_grid digits --seeds 5
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np

import salutary_native as sn
from salutary_native.datasets import load_dataset
from salutary_native.label_noise import suspicious_labels


def flip_labels(y, fraction, rng):
    """A copy of y with round(fraction·n) rows moved to a different class drawn uniformly; and those rows."""
    classes = np.unique(y)
    n_flip = int(round(fraction * y.shape[0]))
    rows = np.sort(rng.choice(y.shape[0], size=n_flip, replace=False))
    pos = np.searchsorted(classes, y[rows])
    shift = rng.integers(1, len(classes), size=n_flip)       # never 0: always a different class
    noisy = y.copy()
    noisy[rows] = classes[(pos + shift) % len(classes)]
    return noisy, rows


def own_loss(model, X, y):
    """CE(x_i, y_i) of the fitted model, vectorised."""
    proba = model.predict_proba(X)
    idx = np.searchsorted(model.classes_, y)
    return -np.log(np.clip(proba[np.arange(len(y)), idx], 1e-300, None))


def precision_at(order, flipped_mask, k):
    return float(flipped_mask[order[:k]].mean())


def run_one(name, seed, fraction, C, n_init):
    data = load_dataset(name)
    split = sn.split_paper_protocol(data.X, data.y, seed=seed, n_init=n_init)
    rng = np.random.default_rng(10_000 + seed)
    y_noisy, flipped = flip_labels(split.y_train, fraction, rng)
    mask = np.zeros(len(y_noisy), dtype=bool)
    mask[flipped] = True
    model = sn.LogisticRegression(C=C).fit(split.X_train, y_noisy)
    t0 = time.perf_counter()
    res = suspicious_labels(model, split.X_train, y_noisy, split.X_val, split.y_val)
    t_rank = time.perf_counter() - t0
    orders = {
        "influence −I(x, y)": res.ranking,
        "relabel gain": np.argsort(-res.relabel_gain, kind="stable"),
        "own loss CE(x, y)": np.argsort(-own_loss(model, split.X_train, y_noisy), kind="stable"),
    }
    k = len(flipped)
    out = {m: (precision_at(o, mask, k), precision_at(o, mask, 2 * k)) for m, o in orders.items()}
    facts = {"n_train": len(y_noisy), "n_val": len(split.y_val), "K": len(model.classes_), "k": k,
             "n_features": split.X_train.shape[1], "t_rank": t_rank,
             "given_negative_flipped": float(np.mean(res.given_influence[mask] < 0)),
             "given_negative_clean": float(np.mean(res.given_influence[~mask] < 0))}
    return out, facts


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--datasets", nargs="+", default=["waveform", "electrical_grid", "digits"])
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--fraction", type=float, default=0.05)
    ap.add_argument("--C", type=float, default=0.02)
    ap.add_argument("--n-init", type=int, default=300, help="training rows of the paper split")
    args = ap.parse_args()

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}, "
          f"python {platform.python_version()}, numpy {np.__version__}, salutary_native {sn.__version__}")
    print(f"flip fraction {args.fraction}, C={args.C}, n_init={args.n_init}, seeds 0..{args.seeds - 1}\n")
    rows, notes = [], []
    for name in args.datasets:
        per_seed, facts = [], []
        for seed in range(args.seeds):
            out, f = run_one(name, seed, args.fraction, args.C, args.n_init)
            per_seed.append(out)
            facts.append(f)
        f0 = facts[0]
        notes.append(f"- {name}: n_train={f0['n_train']}, n_val={f0['n_val']}, K={f0['K']}, d={f0['n_features']}, "
                     f"k={f0['k']} flipped; I(x, y) < 0 on {np.mean([f['given_negative_flipped'] for f in facts]):.0%} "
                     f"of flipped rows vs {np.mean([f['given_negative_clean'] for f in facts]):.0%} of clean rows; "
                     f"suspicious_labels {np.median([f['t_rank'] for f in facts]) * 1e3:.1f} ms (median)")
        diff = np.array([o["influence −I(x, y)"][0] - o["own loss CE(x, y)"][0] for o in per_seed])
        notes.append(f"  paired over seeds, precision@k of −I(x, y) minus own loss: "
                     f"{diff.mean():+.3f} ± {diff.std():.3f} "
                     f"(higher in {int(np.sum(diff > 0))}, equal in {int(np.sum(diff == 0))}, "
                     f"lower in {int(np.sum(diff < 0))} of {len(diff)} seeds)")
        for method in per_seed[0]:
            p1 = np.array([o[method][0] for o in per_seed])
            p2 = np.array([o[method][1] for o in per_seed])
            rows.append(f"| {name} | {method} | {p1.mean():.3f} ± {p1.std():.3f} | {p2.mean():.3f} ± {p2.std():.3f} |")
        rows.append(f"| {name} | random | {args.fraction:.3f} | {args.fraction:.3f} |")
    print("| dataset | ranking | precision@k (k = n flipped) | precision@2k |")
    print("|---|---|---|---|")
    print("\n".join(rows))
    print()
    print("\n".join(notes))


if __name__ == "__main__":
    main()
