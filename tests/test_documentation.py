"""Documentation stands on its own: the package imports under python -OO, nothing a user sees
points at documents outside the repository, and public entry points carry numpydoc sections."""

import inspect
import re
import subprocess
import sys
from pathlib import Path

import salutary_native as sn

ROOT = Path(__file__).resolve().parents[1]


def test_import_and_help_work_without_docstrings():
    code = "import salutary_native as sn, salutary_native.cli; sn.InfluenceScorer"
    out = subprocess.run([sys.executable, "-OO", "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr


def test_nothing_cites_documents_outside_the_repository():
    pattern = re.compile(r"\bSPEC\b|shared folder|shared/")
    places = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")),
              *sorted((ROOT / "python").rglob("*.py")), *sorted((ROOT / "cpp" / "include").rglob("*.hpp")),
              *sorted((ROOT / "cpp" / "src").rglob("*.[ch]pp")), *sorted((ROOT / "cpp" / "python").rglob("*.cpp"))]
    hits = [f"{p.relative_to(ROOT)}:{i}" for p in places if p.exists()
            for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert hits == []


def test_public_functions_and_classes_have_numpydoc_sections():
    missing = []
    for name in sn.__all__:
        obj = getattr(sn, name)
        if not (inspect.isfunction(obj) or inspect.isclass(obj)) or obj.__module__.startswith("salutary_native._"):
            continue
        doc = inspect.getdoc(obj) or ""
        wanted = ("Parameters", "Returns") if inspect.isfunction(obj) else ()
        if not doc or any(section not in doc for section in wanted):
            missing.append(name)
    assert missing == []
