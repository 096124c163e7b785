#!/usr/bin/env bash
# Runs the six scenarios of the benchmark suite and the faster paths beside the defaults they
# stand in for, and writes the figures as JSON (and markdown tables) to
# bench/results/ (run from anywhere, after `pip install ".[test]"` at the repository root).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p results
python machine_limits.py | tee results/machine_limits.txt
python pool_scoring.py --json results/scenario1_pool_scoring.json
python hessian_vs_numpy.py --json results/scenario2_hessian_factor.json
python full_round.py --json results/scenario3_full_round.json
python paper_rounds.py --json results/scenario4_paper_rounds.json
python scaling.py --json results/scenario5_scaling.json
python full_round.py --d 1024 --n-train 5000 --n-pool 100000 --classes 10 --skip-authors \
  --json results/scenario6_wide.json
# The faster paths beside the ones they stand in for, each pair in one process: the float32 table
# pass against float64 (scenario 1's pool), Newton-CG against L-BFGS and scikit-learn's solvers
# (Fashion-MNIST pixels when the Debian package dataset-fashion-mnist is installed, and
# embedding-like p = 1,000..10,010), and the CG preconditioners against Jacobi and Cholesky.
python float32_pass.py --out results
python trainer_at_scale.py --skip-sklearn-lbfgs --json results/trainer_at_scale.json
python cg_preconditioner.py --out results
