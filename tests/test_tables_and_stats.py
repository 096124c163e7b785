"""Seeds from numpy generators, scipy-backed statistics, seed-count verdicts, plots without pyplot state."""

import numpy as np
import pytest

import salutary_native as sn
from salutary_native.inputs import integer_in
from salutary_native.parameters import check_parameter

# --- seed ---------------------------------------------------------------------------------------------------


def test_seed_accepts_a_generator_and_draws_one_integer():
    first = check_parameter("seed", np.random.default_rng(7))
    assert isinstance(first, int) and 0 <= first <= 2**64 - 1
    assert check_parameter("seed", np.random.default_rng(7)) == first
    rng = np.random.default_rng(7)
    check_parameter("seed", rng)
    assert check_parameter("seed", rng) != first  # the generator advanced by one draw
    scores = [0.5, 0.5, 0.5, 0.1]
    drawn = check_parameter("seed", np.random.default_rng(3))
    assert sn.top_b(scores, 2, seed=np.random.default_rng(3)).tolist() == sn.top_b(scores, 2, seed=drawn).tolist()


def test_integer_rules_say_how_to_get_a_seed_from_a_generator():
    with pytest.raises(TypeError, match=r"seed=int\(rng.integers\(2\*\*32\)\)"):
        integer_in(np.random.default_rng(0), "seed", 0)
    with pytest.raises(TypeError, match=r"rng.randint"):
        check_parameter("seed", np.random.RandomState(0))
    with pytest.raises(TypeError, match="seed must be an integer, got float"):
        check_parameter("seed", 1.5)
    with pytest.raises(ValueError, match="seed must be between"):
        check_parameter("seed", -1)


# --- scipy-backed statistics --------------------------------------------------------------------------------

# The hand-written table the scipy quantiles replaced (two-sided 95%, 1..30 degrees of freedom).
OLD_T95 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145,
           2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048,
           2.045, 2.042)


def test_t_quantiles_match_the_former_table():
    from salutary_native.experiments.results import t_quantile_95

    assert [round(t_quantile_95(dof), 3) for dof in range(1, 31)] == list(OLD_T95)


def _old_spearman(x, y):
    # The former hand-written implementation: Pearson r of the average ranks.
    def ranks(a):
        order = np.argsort(a, kind="stable")
        r = np.empty(len(a))
        r[order] = np.arange(len(a))
        _, inverse, counts = np.unique(a, return_inverse=True, return_counts=True)
        return (np.bincount(inverse, weights=r) / counts)[inverse]

    rx, ry = ranks(np.asarray(x, float)), ranks(np.asarray(y, float))
    rx, ry = rx - rx.mean(), ry - ry.mean()
    return float((rx * ry).sum() / np.sqrt((rx * rx).sum() * (ry * ry).sum()))


def test_spearman_matches_the_former_implementation():
    from salutary_native.experiments import spearman_r

    rng = np.random.default_rng(0)
    for n in (2, 3, 10, 200):
        x, y = rng.integers(0, 5, n).astype(float), rng.normal(size=n)
        if np.all(x == x[0]):
            continue
        assert spearman_r(x, y) == pytest.approx(_old_spearman(x, y), rel=1e-12, abs=1e-15)
    assert np.isnan(spearman_r([1.0, 1.0, 1.0], [1.0, 2.0, 3.0]))
    assert np.isnan(spearman_r([1.0], [2.0]))
    with pytest.raises(ValueError, match="same length"):
        spearman_r([1.0, 2.0], [1.0, 2.0, 3.0])


def test_no_verdict_with_fewer_than_two_seeds():
    from salutary_native.experiments.results import comparison_table, paired_outcome

    assert paired_outcome({0: 0.9}, {0: 0.8}) == "n/a"
    assert paired_outcome({0: 0.9, 1: 0.9}, {2: 0.8}) == "n/a"
    rows = [{"dataset": d, "strategy": s, "seed": seed, "round": 1, "test_accuracy": a}
            for d, seeds in (("one", (0,)), ("two", (0, 1, 2)))
            for seed in seeds for s, a in (("salutary", 0.9 + 0.01 * seed), ("random", 0.8))]
    table = comparison_table(rows)
    assert "| one | n/a (+10.00) |" in table and "| two | win (+11.00) |" in table
    assert "Over all cells: 1 wins, 0 ties, 0 losses, 1 n/a (fewer than two seeds) for salutary" in table


# --- plots --------------------------------------------------------------------------------------------------

ROWS = [{"dataset": "wine", "strategy": s, "seed": seed, "round": r, "n_labeled": 50 + 10 * r, "test_accuracy": a}
        for s in ("salutary", "random") for seed, top in ((0, 1.0), (1, 0.9)) for r, a in ((0, 0.5), (1, top))]


def test_learning_curve_bands_stay_within_0_and_100(tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    from salutary_native.experiments import plots

    made = []
    real = plots._figure
    monkeypatch.setattr(plots, "_figure", lambda figsize: made.append(real(figsize)) or made[-1])
    plots.learning_curves(ROWS, tmp_path / "curves.png")
    ax = made[0].axes[0]
    bands = [path.vertices[:, 1] for collection in ax.collections for path in collection.get_paths()]
    assert bands and all(((0 <= v) & (v <= 100)).all() for v in bands)
    assert max(v.max() for v in bands) == pytest.approx(100.0)  # mean 95 + std 7.07 is cut at 100


def test_plots_leave_the_backend_and_pyplot_alone(tmp_path):
    pytest.importorskip("matplotlib")
    import subprocess
    import sys

    code = (
        "import sys, matplotlib\n"
        "matplotlib.use('svg')\n"
        "import numpy as np\n"
        "from salutary_native.experiments.plots import influence_scatter, learning_curves\n"
        f"learning_curves({ROWS!r}, {str(tmp_path / 'c.png')!r})\n"
        f"influence_scatter({{'w': (np.arange(3.0), np.arange(3.0), 1.0)}}, {str(tmp_path / 's.png')!r})\n"
        "assert matplotlib.get_backend() == 'svg', matplotlib.get_backend()\n"
        "assert 'matplotlib.pyplot' not in sys.modules\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "c.png").read_bytes()[:4] == b"\x89PNG" and (tmp_path / "s.png").stat().st_size > 0
