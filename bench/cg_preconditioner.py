"""CG preconditioners for the validation direction: Jacobi, block Jacobi and shared Gram, beside Cholesky.

For n_train in {2000, 7000}, d = 384, K = 10 (p = 3850) and C in {0.02, 1, 100}, fits the model,
then finds s = H⁺ g_val four ways: solver="cg" with the Jacobi preconditioner (the default),
solver="cg" with cg_preconditioner="block_jacobi" (its setup, building and factoring the ten
385 × 385 class blocks, also reported on its own), with cg_preconditioner="shared_gram" (one
385 × 385 Gram and factor for all classes; setup reported too), and solver="cholesky". Prints iterations,
seconds, the ratio against Cholesky, and each direction's relative error against the Cholesky
one (max |Δs| / max |s|); writes bench/results/cg_preconditioner.{json,md}.

The features are embedding-like: gaussian class centres plus noise with a covariance whose
spectrum decays as 1/j (a random rotation of it), standardised, so the classes' features are
correlated as sentence embeddings are.

    nice python bench/cg_preconditioner.py [--n 2000 7000] [--C 0.02 1 100] [--out bench/results]
"""

from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np

import salutary_native as sn


def embedding_like(n: int, d: int, K: int, seed: int):
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    mix = q * np.sqrt(1.0 / np.arange(1, d + 1))  # covariance q diag(1/j) qᵀ
    y = np.arange(n) % K
    rng.shuffle(y)
    centres = 0.3 * rng.normal(size=(K, d)) @ mix.T
    X = centres[y] + rng.normal(size=(n, d)) @ mix.T
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    return np.ascontiguousarray(X), y


PRECONDITIONERS = ("jacobi", "block_jacobi", "shared_gram")
SHORT = {"jacobi": "Jacobi", "block_jacobi": "block", "shared_gram": "Gram"}


def timed_fit(model, X, X_val, y_val, **options):
    t0 = time.perf_counter()
    try:
        scorer = sn.InfluenceScorer(model, device="cpu", **options).fit(X, X_val, y_val)
    except sn.FactorizationError as exc:  # CG out of products: reported, not fatal
        return None, time.perf_counter() - t0, str(exc)
    return scorer, time.perf_counter() - t0, None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, nargs="+", default=[2000, 7000])
    ap.add_argument("--C", type=float, nargs="+", default=[0.02, 1.0, 100.0])
    ap.add_argument("--d", type=int, default=384)
    ap.add_argument("--classes", type=int, default=10)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "results"))
    args = ap.parse_args()
    K, d = args.classes, args.d
    rows = []
    for n in args.n:
        X_all, y_all = embedding_like(n + 500, d, K, seed=n)
        X, y, X_val, y_val = X_all[:n], y_all[:n], X_all[n:], y_all[n:]
        for C in args.C:
            model = sn.LogisticRegression(C=C, max_iter=500).fit(X, y)
            chol, t_chol, _ = timed_fit(model, X, X_val, y_val, solver="cholesky")
            s_ref = chol.val_direction_
            row = {"n_train": n, "d": d, "K": K, "C": C, "threads": sn.get_num_threads(),
                   "cholesky_s": t_chol}
            for name in PRECONDITIONERS:
                scorer, seconds, failure = timed_fit(model, X, X_val, y_val, solver="cg", cg_preconditioner=name)
                row[f"{name}_s"] = seconds
                if scorer is None:
                    row[f"{name}_iterations"] = None
                    row[f"{name}_rel_err"] = None
                    row[f"{name}_failure"] = failure
                    continue
                row[f"{name}_iterations"] = scorer.cg_iterations_
                row[f"{name}_rel_err"] = float(np.abs(scorer.val_direction_ - s_ref).max() / np.abs(s_ref).max())
                if name != "jacobi":
                    row[f"{name}_setup_s"] = scorer._native.cg_setup_seconds
                    row[f"{name}_used"] = scorer.cg_preconditioner_used_
            rows.append(row)
            print(_line(row), flush=True)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "cg_preconditioner.json"), "w") as fh:
        json.dump(rows, fh, indent=2)
    with open(os.path.join(args.out, "cg_preconditioner.md"), "w") as fh:
        fh.write(_markdown(rows))
    print(_markdown(rows))


def _fmt(value, spec):
    return "—" if value is None else format(value, spec)


def _line(r) -> str:
    parts = [f"{SHORT[name]} {_fmt(r[name + '_iterations'], 'd')} it {r[name + '_s']:.3f} s"
             + (f" (setup {_fmt(r.get(name + '_setup_s'), '.3f')} s)" if name != "jacobi" else "")
             for name in PRECONDITIONERS]
    return f"n={r['n_train']} C={r['C']:g}: " + ", ".join(parts) + f", cholesky {r['cholesky_s']:.3f} s"


def _markdown(rows) -> str:
    cols = ["n_train", "C"]
    for name in PRECONDITIONERS:
        cols += [f"{SHORT[name]} it", f"{SHORT[name]} s"] + ([f"{SHORT[name]} setup s"] if name != "jacobi" else [])
        cols += [f"{SHORT[name]} err"]
    cols += ["Cholesky s"] + [f"{SHORT[name]}/Chol" for name in PRECONDITIONERS]
    head = "| " + " | ".join(cols) + " |\n" + "|" + "---:|" * len(cols) + "\n"
    body = ""
    for r in rows:
        cells = [str(r["n_train"]), f"{r['C']:g}"]
        for name in PRECONDITIONERS:
            cells += [_fmt(r[f"{name}_iterations"], "d"), f"{r[f'{name}_s']:.3f}"]
            if name != "jacobi":
                cells.append(_fmt(r.get(f"{name}_setup_s"), ".3f"))
            cells.append(_fmt(r[f"{name}_rel_err"], ".1e"))
        cells.append(f"{r['cholesky_s']:.3f}")
        cells += [f"{r[f'{name}_s'] / r['cholesky_s']:.2f}" for name in PRECONDITIONERS]
        body += "| " + " | ".join(cells) + " |\n"
    threads = rows[0]["threads"] if rows else 0
    note = (f"\nd = 384, K = 10 (p = 3850), embedding-like correlated features, {threads} threads; seconds are one "
            "fit each (wall), errors max |Δs| / max |s| against the Cholesky direction; — : CG ran out of products.\n")
    return head + body + note


if __name__ == "__main__":
    main()
