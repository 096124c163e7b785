"""Salutary labeling on scikit-learn's bundled breast-cancer data (offline, real data).

Splits the data as the paper does (test 20%, validation 20%, a labeled set, the rest an
unlabeled pool; 150 labeled rows here, since 569 rows leave no pool after the paper's 300),
then runs five rounds: fit, score every pool row and label with the
influence table, give the 10 best rows their salutary labels, move them to the training set.
"""

import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split

import salutary_native as sn

X, y = load_breast_cancer(return_X_y=True)
X_rest, X_test, y_rest, y_test = train_test_split(X, y, test_size=0.2, stratify=y, random_state=0)
X_rest, X_val, y_rest, y_val = train_test_split(X_rest, y_rest, test_size=0.25, stratify=y_rest, random_state=0)
X_train, X_pool, y_train, y_pool = train_test_split(X_rest, y_rest, train_size=150,
                                                    stratify=y_rest, random_state=0)
# Standardise with the statistics of the non-test rows (SPEC §4).
non_test = np.vstack([X_train, X_val, X_pool])
mu, sd = non_test.mean(axis=0), non_test.std(axis=0)
X_train, X_val, X_pool, X_test = ((A - mu) / sd for A in (X_train, X_val, X_pool, X_test))

model = sn.LogisticRegression(C=0.02, warm_start=True)
print(f"{len(X_train)} labeled, {len(X_val)} validation, {len(X_pool)} pool, {len(X_test)} test rows")
for round_ in range(1, 6):
    model.fit(X_train, y_train)
    query = sn.salutary_query(model, X_train, X_val, y_val, X_pool, budget=10, seed=round_)
    agree = np.mean(query.labels == y_pool[query.indices])
    print(f"round {round_}: test accuracy {model.score(X_test, y_test):.4f}, "
          f"best score {query.scores[0]:+.4f}, salutary labels agree with the truth {agree:.0%}")
    X_train = np.vstack([X_train, X_pool[query.indices]])
    y_train = np.concatenate([y_train, query.labels])
    keep = np.setdiff1d(np.arange(len(X_pool)), query.indices)
    X_pool, y_pool = X_pool[keep], y_pool[keep]
model.fit(X_train, y_train)
print(f"final: test accuracy {model.score(X_test, y_test):.4f} with {len(X_train)} labeled rows")
