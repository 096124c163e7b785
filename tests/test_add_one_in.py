"""Add-one-in check (paper Figure 3): predicted vs actual change of the validation loss.

For pool row x and label c, adding (x, c) with weight 1 and refitting
changes the summed validation cross-entropy by about -I(x, c) (maths §3 sign
convention). The ranking of the predictions must follow the actual refits.
"""

import numpy as np
import pytest

import reference as ref
import salutary_native as sn
from conftest import make_problem

stats = pytest.importorskip("scipy.stats")


def _val_loss(model, X_val, y_val):
    K = len(model.classes_)
    theta = ref.theta_matrix(model.coef_, model.intercept_, model.fit_intercept)
    return float(ref.cross_entropy(theta, K, ref.augment(X_val, model.fit_intercept), y_val).sum())


@pytest.mark.parametrize("K", [2, 3])
def test_predicted_change_ranks_actual_change(K, record_min):
    pb = make_problem(K, 200, 100, 25, 4, seed=70 + K, sep=0.7)
    C = 1.0
    fit = lambda X, y: sn.LogisticRegression(C=C, tol=1e-9, max_iter=200).fit(X, y)  # noqa: E731
    base = fit(pb.X_train, pb.y_train)
    loss0 = _val_loss(base, pb.X_val, pb.y_val)
    table = sn.influence_table(base, pb.X_train, pb.X_val, pb.y_val, pb.X_pool, hessian_on="train")

    predicted, actual = [], []
    for i in range(pb.X_pool.shape[0]):
        for c in range(K):
            model = fit(np.vstack([pb.X_train, pb.X_pool[i:i + 1]]), np.append(pb.y_train, c))
            actual.append(_val_loss(model, pb.X_val, pb.y_val) - loss0)
            predicted.append(-table[i, c])
    predicted, actual = np.array(predicted), np.array(actual)

    rho = stats.spearmanr(predicted, actual).statistic
    record_min("add-one-in Spearman (higher is better)", rho, f"K={K}")
    print(f"\nadd-one-in K={K}: Spearman {rho:.4f} over {len(actual)} (row, label) pairs")
    assert rho >= 0.9
    # First order: the magnitudes agree too, not only the ranks.
    slope = float(predicted @ actual / (predicted @ predicted))
    assert 0.5 <= slope <= 2.0, slope
