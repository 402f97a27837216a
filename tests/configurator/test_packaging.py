"""Packaging: the wheel carries everything the app reads at run time, proved by running it from outside the repo.

The wheel is built, unpacked with ``pip install --target`` into a fresh folder, and the app
is run from a temporary folder with only that folder (and the test venv's dependencies) on
the path: migrations run, the catalog page renders from the shipped templates, static files
and the order schema are served, and ``fit`` finds its data.
"""

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

APP_SCRIPT = textwrap.dedent("""
    import sys
    from pathlib import Path

    import configurator, fit, flask_migrate
    from configurator import create_app
    from configurator.db import db
    from configurator.shop.catalog import seed_demo_catalog
    from configurator.shop.demo_catalog import DEMO_CATALOG
    from fit.estimate import coefficients

    target = Path(sys.argv[1]).resolve()
    for module in (configurator, fit):
        assert Path(module.__file__).resolve().is_relative_to(target), module.__file__
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(Path("shop.sqlite3").resolve()),
                      "SECRET_KEY": "packaging-test", "STORAGE_DIR": str(Path("files").resolve())})
    with app.app_context():
        flask_migrate.upgrade()
        seed_demo_catalog(db.session, DEMO_CATALOG)
        db.session.commit()
    client = app.test_client()
    page = client.get("/")
    assert page.status_code == 200 and b"Oxford" in page.data, page.status_code
    assert client.get("/static/css/site.css").status_code == 200
    assert client.get("/api/v1/schemas/order-v1.json").json["$id"]
    for path in sys.argv[2:]:
        assert client.get(path).status_code == 200, path
    assert coefficients()          # fit's data file, read from the installed package
    print("ok")
""")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """The wheel, built from a copy of the sources (so no stale build/ folder can leak into it)."""
    source, out = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("dist")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    for package in ("configurator", "fit"):
        shutil.copytree(REPO / package, source / package, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(out), str(source)], check=True, capture_output=True, cwd=out)
    (built,) = out.glob("cordwain-*.whl")
    return built


def test_the_installed_wheel_runs_the_app_from_outside_the_repo(wheel, tmp_path):
    target, workdir = tmp_path / "site", tmp_path / "run"
    workdir.mkdir()
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                    str(wheel)], check=True, capture_output=True)
    vendored = REPO / "configurator/static/vendor/three/three.module.js"
    extra = ["/static/vendor/three/three.module.js"] if vendored.exists() else []
    env = {**os.environ, "PYTHONPATH": str(target), "INSTANCE_PATH": str(workdir / "instance")}
    result = subprocess.run([sys.executable, "-c", APP_SCRIPT, str(target), *extra], cwd=workdir, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.startswith("ok")
