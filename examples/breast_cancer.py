"""Salutary labeling written out by hand with the core API, on scikit-learn's breast-cancer data.

``salutary_native.ActiveLearner`` runs this loop (with baselines, metrics and checkpoints);
this script shows the two calls it is made of, for users who embed the scoring in their own
loop: fit, then ``salutary_query``, then move the selected rows with their salutary labels.
"""

import numpy as np

import salutary_native as sn
from salutary_native.datasets import load_dataset

data = load_dataset("breast_cancer")
# 569 rows leave no pool after the paper's 300 labeled rows: start from 150.
split = sn.split_paper_protocol(data.X, data.y, seed=0, n_init=150)
X_train, y_train, X_pool, y_pool = split.X_train, split.y_train, split.X_pool, split.y_pool

model = sn.LogisticRegression(C=0.02, warm_start=True)
print(f"{len(X_train)} labeled, {len(split.y_val)} validation, {len(X_pool)} pool, {len(split.y_test)} test rows")
for round_ in range(1, 6):
    model.fit(X_train, y_train)
    query = sn.salutary_query(model, X_train, split.X_val, split.y_val, X_pool, budget=10, seed=round_)
    agree = np.mean(query.labels == y_pool[query.indices])
    print(f"round {round_}: test accuracy {model.score(split.X_test, split.y_test):.4f}, "
          f"best score {query.scores[0]:+.4f}, salutary labels agree with the truth {agree:.0%}")
    X_train = np.vstack([X_train, X_pool[query.indices]])
    y_train = np.concatenate([y_train, query.labels])
    keep = np.setdiff1d(np.arange(len(X_pool)), query.indices)
    X_pool, y_pool = X_pool[keep], y_pool[keep]
model.fit(X_train, y_train)
print(f"final: test accuracy {model.score(split.X_test, split.y_test):.4f} with {len(X_train)} labeled rows")
