"""Jobs run in-process by default, and on a real Celery worker with Redis when configured."""

import os
import time

import pytest
import redis

from configurator.jobs import BACKENDS
from tests.configurator.shop.test_designs import FEET_FORM, new_design

REDIS_URL = os.environ.get("TEST_REDIS_URL")


def test_an_unknown_backend_is_refused_at_start(database_url, tmp_path):
    from configurator import create_app
    from tests.conftest import base_config

    with pytest.raises(RuntimeError, match="JOB_BACKEND must be one of"):
        create_app({**base_config(database_url, tmp_path), "JOB_BACKEND": "cron"})
    assert BACKENDS == ("inline", "celery")


@pytest.fixture
def config_overrides():
    if not REDIS_URL:
        message = "the Celery test needs Redis: set TEST_REDIS_URL=redis://127.0.0.1:6379/15 (make test does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError as error:
        pytest.fail(f"TEST_REDIS_URL is set but Redis does not answer: {error}")
    queue = f"cordwain-test-{os.getpid()}"           # one queue per test process: xdist workers stay apart
    return {"JOB_BACKEND": "celery", "CELERY_BROKER_URL": REDIS_URL, "CELERY_QUEUE": queue}


def test_lasts_are_built_by_a_celery_worker(app, client):
    from celery.contrib.testing.worker import start_worker

    celery = app.extensions["celery"]
    with start_worker(celery, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        design_id = new_design(client)
        assert client.post(f"/designs/{design_id}/feet", data=FEET_FORM).status_code == 302
        deadline = time.monotonic() + 60
        response = client.get(f"/designs/{design_id}/review")
        while response.status_code == 202 and time.monotonic() < deadline:
            assert "Building your lasts" in response.get_data(as_text=True)
            time.sleep(0.5)
            response = client.get(f"/designs/{design_id}/review")
    assert response.status_code == 200
    assert response.get_data(as_text=True).count('class="last-preview"') == 2
