"""fit/ is a pure library: it must never import the web or database layer."""

import ast
import subprocess
import sys
from pathlib import Path

FIT = Path(__file__).resolve().parents[2] / "fit"
FORBIDDEN = {"flask", "flask_sqlalchemy", "flask_wtf", "sqlalchemy", "configurator", "werkzeug", "celery"}


def imported_roots(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0]


def test_no_fit_module_imports_the_web_or_database_layer():
    offenders = {str(p.relative_to(FIT.parent)): sorted(set(imported_roots(p)) & FORBIDDEN)
                 for p in FIT.rglob("*.py")}
    offenders = {k: v for k, v in offenders.items() if v}
    assert offenders == {}


def test_importing_all_of_fit_loads_no_web_module():
    modules = [".".join(p.relative_to(FIT.parent).with_suffix("").parts) for p in FIT.rglob("*.py")]
    modules = [m.removesuffix(".__init__") for m in modules]
    code = ("import importlib, sys\n"
            f"for m in {modules!r}: importlib.import_module(m)\n"
            f"print(sorted(r for r in {sorted(FORBIDDEN)!r} if r in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=FIT.parent).stdout
    assert out.strip() == "[]"
