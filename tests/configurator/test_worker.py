"""worker: ``celery -A configurator.worker:celery`` finds a Celery app made from the environment, with the
delivery settings jobs rely on and beat's daily entries; a bare ``-A configurator.worker`` would find Flask's."""

import importlib
import re
import shlex
import sys
from pathlib import Path

import pytest
from celery import Celery
from celery.app.utils import find_app
from flask import Flask

from configurator.jobs import DAILY_JOBS

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture
def worker(monkeypatch, tmp_path):
    """``configurator.worker`` imported afresh, as a worker process would, with this test's environment."""
    monkeypatch.delenv("JOB_BACKEND", raising=False)   # the module itself chooses Celery
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("CELERY_QUEUE", "cordwain-worker-test")
    monkeypatch.setenv("JOB_SOFT_TIME_LIMIT_S", "60")
    monkeypatch.setenv("JOB_TIME_LIMIT_S", "77")
    monkeypatch.setenv("PHOTO_PURGE_AT_UTC", "04:05")
    monkeypatch.delitem(sys.modules, "configurator.worker", raising=False)
    module = importlib.import_module("configurator.worker")
    yield module
    sys.modules.pop("configurator.worker", None)


def test_the_readme_commands_name_the_celery_object(worker):
    commands = [shlex.split(line) for line in README.read_text().splitlines() if "bin/celery " in line]
    assert {words[1:3] == ["-A", "configurator.worker:celery"] for words in commands} == {True}
    assert {words[3] for words in commands} == {"worker", "beat"}
    assert find_app("configurator.worker:celery") is worker.celery and isinstance(worker.celery, Celery)


def test_a_bare_module_name_would_find_the_flask_app(worker):
    found = find_app("configurator.worker")
    assert found is worker.app and isinstance(found, Flask) and not isinstance(found, Celery)


def test_the_celery_app_is_made_from_the_environment_with_at_least_once_delivery(worker):
    conf = worker.celery.conf
    assert worker.app.config["JOB_BACKEND"] == "celery"
    assert (conf.task_acks_late, conf.task_reject_on_worker_lost, conf.worker_prefetch_multiplier) == (True, True, 1)
    assert conf.task_default_queue == "cordwain-worker-test"
    assert (conf.task_soft_time_limit, conf.task_time_limit) == (60, 77)
    assert conf.broker_transport_options["visibility_timeout"] == worker.app.config["CELERY_VISIBILITY_TIMEOUT_S"]
    assert conf.timezone == "UTC"


def test_beat_has_each_daily_job_at_its_configured_time_and_the_worker_knows_the_task(worker):
    schedule = worker.celery.conf.beat_schedule
    assert set(schedule) == set(DAILY_JOBS)
    for entry, (job, config_key) in DAILY_JOBS.items():
        task = schedule[entry]["task"]
        assert task == f"cordwain.{job}" and task in worker.celery.tasks
        hour, minute = map(int, re.fullmatch(r"(\d+):(\d+)", worker.app.config[config_key]).groups())
        assert (schedule[entry]["schedule"].hour, schedule[entry]["schedule"].minute) == ({hour}, {minute})
    assert schedule["purge expired photos"]["schedule"].hour == {4}          # from the environment
