#!/usr/bin/env bash
# Reproduces every folder under docs/results/ (the paper protocol, the ablations and the label-free variants).
# Needs `pip install ".[experiments]"`; runs offline on the bundled datasets. A rerun resumes
# from the checkpoints/ folders (not committed) and redoes nothing that is finished.
set -euo pipefail
cd "$(dirname "$0")"
time salutary-native run --name paper --out paper
time salutary-native run --name val_fraction_5pct --val-fraction 0.05 --out val_fraction_5pct
time salutary-native run --name val_fraction_1pct --val-fraction 0.01 --out val_fraction_1pct
time salutary-native run --name budget_1pct --budget 1% --out budget_1pct
# The label-free variants against the eight paper strategies and the controls (controls.csv), then
# comparison.md in each folder and the combined variants_summary.md.
V=random,entropy,margin,least_confident,salutary,oracle_influence,isla,pred_infl,salutary_crossfit,salutary_verified,salutary_abstain
time salutary-native run --name variants_val20 --strategies $V --controls --influence-check 0 --quiet --out variants_val20
time salutary-native run --name variants_val5 --strategies $V --controls --influence-check 0 --quiet --val-fraction 0.05 --out variants_val5
time salutary-native run --name variants_val1 --strategies $V --controls --influence-check 0 --quiet --val-fraction 0.01 --out variants_val1
time salutary-native run --name variants_budget1pct --strategies $V --controls --influence-check 0 --quiet --budget 1% --out variants_budget1pct
time salutary-native run --name variants_minilm_val20 --datasets review_polarity,review_polarity_minilm --strategies $V --controls --influence-check 0 --quiet --out variants_minilm_val20
time salutary-native run --name variants_minilm_val5 --datasets review_polarity,review_polarity_minilm --strategies $V --controls --influence-check 0 --quiet --val-fraction 0.05 --out variants_minilm_val5
time salutary-native run --name variants_minilm_val1 --datasets review_polarity,review_polarity_minilm --strategies $V --controls --influence-check 0 --quiet --val-fraction 0.01 --out variants_minilm_val1
time salutary-native compare variants_val20 variants_val5 variants_val1 variants_budget1pct variants_minilm_val20 variants_minilm_val5 variants_minilm_val1 --out variants_summary.md
