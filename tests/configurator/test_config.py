"""config: every variable the README documents is read from the environment; without them, embedded defaults
under the instance folder and a secret key generated once."""

import re
import stat
from pathlib import Path

import pytest

from configurator.config import from_environment

README = Path(__file__).resolve().parents[2] / "README.md"


def documented_variables() -> list[str]:
    """The variable names in the first column of the README's "Configuration (environment)" table."""
    section = README.read_text().split("## Configuration (environment)", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return [name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]*)`", row.split("|")[1])]


@pytest.fixture
def clean_env(monkeypatch):
    """An environment without any of the documented variables (the developer's own shell may set some)."""
    for name in documented_variables():
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_the_readme_documents_the_variables():
    names = documented_variables()
    assert len(names) == len(set(names)) and {"DATABASE_URL", "SECRET_KEY", "JOB_BACKEND"} <= set(names)


@pytest.mark.parametrize("name", documented_variables())
def test_each_documented_variable_changes_a_setting(clean_env, tmp_path, name):
    baseline = from_environment(tmp_path)
    changed = []
    for value in ("1", "0"):          # one of the two differs from any default, whatever its type
        clean_env.setenv(name, value)
        changed.append(from_environment(tmp_path) != baseline)
    assert any(changed), f"{name} is documented but setting it changes nothing"


def test_without_variables_everything_lives_in_the_instance_folder(clean_env, tmp_path):
    config = from_environment(tmp_path)
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'cordwain.sqlite3'}"
    assert Path(config["STORAGE_DIR"]) == tmp_path / "files" and Path(config["MAIL_DIR"]) == tmp_path / "mail"
    assert config["JOB_BACKEND"] == "inline" and config["MAIL_SERVER"] == "" and config["PUBLIC_BASE_URL"] == ""
    assert config["JOB_SOFT_TIME_LIMIT_S"] < config["JOB_TIME_LIMIT_S"]
    # the promise in the comment: Redis never hands a running job out twice
    assert config["CELERY_VISIBILITY_TIMEOUT_S"] > config["JOB_TIME_LIMIT_S"] + config["JOB_RETRY_BACKOFF_MAX_S"]
    assert config["MAX_PHOTO_BYTES"] <= config["MAX_CONTENT_LENGTH"]


def test_the_secret_key_is_generated_once_private_and_kept(clean_env, tmp_path):
    instance = tmp_path / "instance"                   # not there yet: made on first use
    first = from_environment(instance)["SECRET_KEY"]
    path = instance / "secret_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and path.read_text() == first and len(first) >= 64
    assert from_environment(instance)["SECRET_KEY"] == first
    assert from_environment(tmp_path / "another")["SECRET_KEY"] != first
    clean_env.setenv("SECRET_KEY", "from-the-environment")
    assert from_environment(instance)["SECRET_KEY"] == "from-the-environment"


def test_values_are_typed_and_normalised(clean_env, tmp_path):
    clean_env.setenv("DATABASE_URL", "postgresql+psycopg://cordwain@db/cordwain")
    clean_env.setenv("MAX_UPLOAD_BYTES", "1234")
    clean_env.setenv("JOB_RETRY_BACKOFF_S", "0.5")
    clean_env.setenv("PUBLIC_BASE_URL", "http://192.168.1.20:5000/")
    clean_env.setenv("MAIL_USE_TLS", "No")
    clean_env.setenv("MAIL_USE_SSL", "YES")
    config = from_environment(tmp_path)
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://cordwain@db/cordwain"
    assert config["MAX_CONTENT_LENGTH"] == 1234 and config["JOB_RETRY_BACKOFF_S"] == 0.5
    assert config["PUBLIC_BASE_URL"] == "http://192.168.1.20:5000"
    assert (config["MAIL_USE_TLS"], config["MAIL_USE_SSL"]) == (False, True)


def test_a_number_that_is_not_one_is_refused_naming_the_variable(clean_env, tmp_path):
    clean_env.setenv("PHOTO_RETENTION_DAYS", "thirty")
    with pytest.raises(Exception, match="PHOTO_RETENTION_DAYS"):
        from_environment(tmp_path)
