import hashlib

from configurator.db import db
from configurator.models import ApiToken, Factory
from tests.configurator.factory.test_routes import bearer


def token_from(output):
    return next(line for line in output.splitlines() if line.startswith("cwf_"))


def works(client, token):
    return client.get("/api/v1/factory/orders", headers=bearer(token)).status_code == 200


def test_add_prints_a_token_once_and_stores_only_its_hash(runner, client, app):
    result = runner.invoke(args=["factory", "add", "Felgueiras Lasts & Shoes", "--code", "pt-felg"])
    assert result.exit_code == 0, result.output
    assert "will not be shown again" in result.output
    token = token_from(result.output)
    assert len(token) > 40 and works(client, token)
    with app.app_context():
        factory = db.session.scalar(db.select(Factory))
        stored = db.session.scalar(db.select(ApiToken))
        assert (factory.code, factory.name) == ("PT-FELG", "Felgueiras Lasts & Shoes")
        assert stored.token_sha256 == hashlib.sha256(token.encode()).hexdigest()
        assert token.startswith(stored.prefix) and len(stored.prefix) < 16
        assert token not in repr([getattr(stored, c.key) for c in ApiToken.__table__.columns])
    listing = runner.invoke(args=["factory", "list"]).output
    assert "PT-FELG" in listing and token not in listing and "1 live token" in listing


def test_code_defaults_from_the_name_and_must_be_unique(runner):
    assert runner.invoke(args=["factory", "add", "Northampton Works"]).exit_code == 0
    assert "NORTHAMPTON-WORK" in runner.invoke(args=["factory", "list"]).output
    again = runner.invoke(args=["factory", "add", "Other", "--code", "northampton-work"])
    assert again.exit_code != 0 and "already a factory" in again.output
    bad = runner.invoke(args=["factory", "add", "Other", "--code", "9"])
    assert bad.exit_code != 0 and "capital letters" in bad.output


def test_new_tokens_work_until_revoked(runner, client):
    first = token_from(runner.invoke(args=["factory", "add", "Porto", "--code", "PT-PORTO"]).output)
    result = runner.invoke(args=["factory", "token", "pt-porto"])
    second = token_from(result.output)
    assert result.exit_code == 0 and first != second and works(client, first) and works(client, second)
    result = runner.invoke(args=["factory", "revoke", "PT-PORTO"])
    assert result.exit_code == 0 and "Revoked 2 tokens" in result.output
    for token in (first, second):
        response = client.get("/api/v1/factory/orders", headers=bearer(token))
        assert response.status_code == 401 and response.get_json()["error"]["code"] == "TOKEN_REVOKED"
    third = token_from(runner.invoke(args=["factory", "token", "PT-PORTO"]).output)
    assert works(client, third)
    assert runner.invoke(args=["factory", "token", "NOPE"]).exit_code != 0
