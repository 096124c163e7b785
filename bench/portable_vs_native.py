"""The portable wheel's builds (baseline, AVX2, AVX-512) against a host-tuned source build.

Runs isa_workload.py once per build, each in its own process: the source build's Python
(``--native-python``, a `pip install .` environment) and the wheel's Python
(``--wheel-python``, with SALUTARY_NATIVE_ISA forcing each variant in turn). Prints the
seconds and each build's time over the host-tuned one.

    python bench/portable_vs_native.py --native-python SOURCE_VENV/bin/python \
        --wheel-python WHEEL_VENV/bin/python [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess

from machine_limits import report

HERE = os.path.dirname(os.path.abspath(__file__))


def run(python: str, isa: str | None) -> dict:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    if isa:
        env["SALUTARY_NATIVE_ISA"] = isa
    out = subprocess.run([python, os.path.join(HERE, "isa_workload.py")], env=env, cwd=HERE, check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--native-python", required=True)
    ap.add_argument("--wheel-python", required=True)
    ap.add_argument("--json")
    args = ap.parse_args()
    runs = {"native (source, -march=native)": run(args.native_python, None)}
    for isa in ("avx512", "avx2", "baseline"):
        runs[f"wheel {isa}"] = run(args.wheel_python, isa)
    native = runs["native (source, -march=native)"]
    figures = {}
    for label, result in runs.items():
        for key, value in result.items():
            if key.endswith("_s"):
                figures[f"{label}: {key}"] = value
                figures[f"{label}: {key[:-2]}_over_native"] = value / native[key]
        figures[f"{label}: compiled_for"] = result["compiled_for"]
    report(figures, args.json)


if __name__ == "__main__":
    main()
