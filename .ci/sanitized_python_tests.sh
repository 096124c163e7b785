#!/usr/bin/env bash
# The Python tests that cross the Python/C++ boundary hardest, run against the extension built
# under AddressSanitizer + UndefinedBehaviorSanitizer (CMake preset sanitize-python):
#
#   cmake --preset sanitize-python -DPython_EXECUTABLE="$(command -v python)" \
#     -Dpybind11_DIR="$(python -m pybind11 --cmakedir)"
#   cmake --build --preset sanitize-python
#   .ci/sanitized_python_tests.sh [build dir, default build/sanitize-python]
#
# Nothing is installed: a scratch copy of python/salutary_native receives the sanitized module
# and goes first on PYTHONPATH, and SALUTARY_NATIVE_ISA selects that module. The interpreter is
# not instrumented, so the sanitizer runtimes the module links against are preloaded into every
# Python process started here (pytest, the fuzz workers). Any sanitizer report aborts the
# process (exit code 134 from pytest, a failed worker in the fuzz pass), which fails this
# script. Leak detection is off: CPython keeps memory until exit by design. The interpreter is
# $PYTHON, else `python` on PATH (it must be the one the module was built for). GCC's runtimes
# (libasan, libubsan linked dynamically) are assumed, as in the sanitize preset.
set -euo pipefail
cd "$(dirname "$0")/.."
build="$(cd "${1:-build/sanitize-python}" && pwd)"
python="${PYTHON:-python}"
started=$SECONDS

# The one CPU module the preset builds (_core_baseline; _core_native if built for the host).
shopt -s nullglob
modules=()
for so in "$build"/_core_*.so; do
  case "$(basename "$so")" in _core_cuda*) ;; *) modules+=("$so") ;; esac
done
shopt -u nullglob
if [ "${#modules[@]}" -ne 1 ]; then
  echo "expected exactly one _core_<variant>*.so in $build, found ${#modules[@]}: ${modules[*]:-none}" >&2
  exit 1
fi
module="${modules[0]}"
variant="$(basename "$module")"
variant="${variant#_core_}"
variant="${variant%%.*}"

# The sanitizer runtimes this module is linked against, as the dynamic loader resolves them.
# Their absence means the module was not built with the sanitizers: that is a failure too.
asan="$(ldd "$module" | awk '$1 ~ /^libasan\.so/ {print $3}')"
ubsan="$(ldd "$module" | awk '$1 ~ /^libubsan\.so/ {print $3}')"
if [ ! -f "$asan" ] || [ ! -f "$ubsan" ]; then
  echo "$module does not link libasan and libubsan dynamically (was it built with the sanitize-python preset?):" >&2
  ldd "$module" >&2
  exit 1
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
# The package's Python files as they are in this checkout, with no compiled module but ours.
mkdir "$scratch/salutary_native"
tar -C python/salutary_native --exclude='_core_*.so' --exclude='__pycache__' -cf - . |
  tar -C "$scratch/salutary_native" -xf -
ln -s "$module" "$scratch/salutary_native/$(basename "$module")"

# A pytest plugin that refuses to run the tests against any other build of the module.
cat >"$scratch/sanitized_module_guard.py" <<'EOF'
import os
import sys

import pytest


def _native_file():
    import salutary_native

    native = sys.modules[f"salutary_native._core_{salutary_native._core.VARIANT}"]
    return salutary_native, os.path.realpath(native.__file__)


def pytest_report_header(config):
    salutary_native, path = _native_file()
    return f"salutary_native native module: {path} (variant {salutary_native._core.VARIANT})"


def pytest_sessionstart(session):
    salutary_native, path = _native_file()
    expected = os.environ["SALUTARY_SANITIZED_MODULE"]
    if path != expected or not salutary_native.__file__.startswith(os.environ["SALUTARY_SANITIZED_PACKAGE"]):
        pytest.exit(f"the tests would import {salutary_native.__file__} and {path}, not {expected}", returncode=3)
EOF

run_sanitized() {
  env LD_PRELOAD="$asan $ubsan" \
    ASAN_OPTIONS="detect_leaks=0:abort_on_error=1" \
    UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1" \
    PYTHONPATH="$scratch${PYTHONPATH:+:$PYTHONPATH}" \
    SALUTARY_NATIVE_ISA="$variant" \
    SALUTARY_SANITIZED_MODULE="$(realpath "$module")" \
    SALUTARY_SANITIZED_PACKAGE="$scratch/salutary_native/" \
    "$@"
}

# Which package and module the tests will import, and that the runtime really is in the process.
run_sanitized "$python" - <<'EOF'
import os
import sys

import salutary_native as sn

native = sys.modules[f"salutary_native._core_{sn._core.VARIANT}"]
print(f"salutary_native: {sn.__file__}")
print(f"salutary_native._core: {sn._core.__file__} -> {os.path.realpath(native.__file__)}")
print(f"build_info: {sn.build_info()}")
assert sn.__file__.startswith(os.environ["SALUTARY_SANITIZED_PACKAGE"]), sn.__file__
assert os.path.realpath(native.__file__) == os.environ["SALUTARY_SANITIZED_MODULE"], native.__file__
with open("/proc/self/maps") as maps:
    assert "libasan" in maps.read(), "the AddressSanitizer runtime is not loaded"
EOF

tests=(tests/test_influence_reference.py tests/test_hessian_forms.py tests/test_single_precision_curvature.py tests/test_salutary_rounds.py tests/test_bad_input.py tests/test_threads.py tests/test_hostile_input.py)
set +e
# --capture=sys: a sanitizer writes its report to file descriptor 2 and then aborts, which would
# lose it inside pytest's default descriptor-level capture.
run_sanitized "$python" -m pytest -p sanitized_module_guard -p no:cacheprovider --capture=sys "${tests[@]}"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
  echo "pytest collected no tests under the sanitizers: failing" >&2
  exit 1
fi
if [ "$rc" -ne 0 ]; then
  echo "the sanitized Python tests failed (pytest exit code $rc; 134 is an abort: look for a sanitizer report above)" >&2
  exit "$rc"
fi

run_sanitized "$python" tests/fuzz_bindings.py --seconds 20 --seed 1

echo "sanitized Python tests passed in $((SECONDS - started)) s against $module"
