"""The type stub _core.pyi describes the native module exactly: the same names, classes,
methods and build_info keys (a stale stub misleads type checkers and readers)."""

import ast
import inspect
from pathlib import Path

import salutary_native as sn
from salutary_native import _core

STUB = Path(sn.__file__).with_name("_core.pyi")
LOADER_NAMES = {"VARIANT", "HAS_CUDA"}  # set by _core.py, not the compiled module
CUDA_ONLY = {"cuda_device_count"}


def _stub():
    tree = ast.parse(STUB.read_text())
    functions, classes = set(), {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            functions.add(node.name)
        elif isinstance(node, ast.ClassDef):
            classes[node.name] = node
        elif isinstance(node, ast.AnnAssign):  # a module constant
            functions.add(node.target.id)
    return functions, classes


def _module_names():
    return {name for name in dir(_core) if not name.startswith("_")} - LOADER_NAMES - {"choose", "importlib",
                                                                                     "warnings"}


def test_stub_names_equal_the_module():
    functions, classes = _stub()
    compiled = {name for name in _module_names() if not inspect.ismodule(getattr(_core, name))}
    helper_types = {"BuildInfo", "FitResult", "RoundResult"}
    stub = (functions | set(classes)) - helper_types - LOADER_NAMES - (set() if _core.HAS_CUDA else CUDA_ONLY)
    assert stub == compiled


def test_stub_classes_list_the_bound_methods_and_properties():
    _, classes = _stub()
    for name in ("Model", "PartialTopB", "Scorer", "SalutaryRounds"):
        stubbed = {n.name for n in classes[name].body if isinstance(n, ast.FunctionDef)} - {"__init__"}
        bound = {n for n in dir(getattr(_core, name)) if not n.startswith("_") or n == "__len__"}
        assert stubbed == bound, name


def test_build_info_keys_match_the_stub():
    _, classes = _stub()
    keys = {n.target.id for n in classes["BuildInfo"].body if isinstance(n, ast.AnnAssign)}
    assert keys == set(sn.build_info())
