#!/usr/bin/env bash
# Reproduces every folder under docs/results/ (the paper protocol and the two ablations).
# Needs `pip install ".[experiments]"`; runs offline on the bundled datasets. A rerun resumes
# from the checkpoints/ folders (not committed) and redoes nothing that is finished.
set -euo pipefail
cd "$(dirname "$0")"
time salutary-native run --name paper --out paper
time salutary-native run --name val_fraction_5pct --val-fraction 0.05 --out val_fraction_5pct
time salutary-native run --name val_fraction_1pct --val-fraction 0.01 --out val_fraction_1pct
time salutary-native run --name budget_1pct --budget 1% --out budget_1pct
