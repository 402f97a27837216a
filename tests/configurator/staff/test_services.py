"""staff.services: accounts with hashed passwords."""

import time

import pytest

from configurator.db import db
from configurator.errors import ShopError
from configurator.staff.services import authenticate, create_user


def test_create_user_stores_only_a_hash_and_authenticates(app):
    with app.app_context():
        user = create_user(db.session, " Ana@Cordwain.test ", "Ana", "correct horse", "fitter")
        assert user.email == "ana@cordwain.test" and "correct horse" not in user.password_hash
        assert authenticate(db.session, "ANA@cordwain.test", "correct horse") == user
        assert authenticate(db.session, "ana@cordwain.test", "wrong") is None
        assert authenticate(db.session, "nobody@cordwain.test", "correct horse") is None


def test_roles_are_fitter_or_admin(app):
    with app.app_context(), pytest.raises(ValueError):
        create_user(db.session, "x@cordwain.test", "X", "pw", "owner")


@pytest.mark.parametrize("email, password, code", [
    ("ana@cordwain.test", "", "WEAK_PASSWORD"),
    ("ana@cordwain.test", "x", "WEAK_PASSWORD"),
    ("ana@cordwain.test", "eleven char", "WEAK_PASSWORD"),
    ("notanemail", "correct horse battery", "INVALID_EMAIL"),
    ("a b@cordwain.test", "correct horse battery", "INVALID_EMAIL"),
    ("a" * 250 + "@cordwain.test", "correct horse battery", "INVALID_EMAIL"),
])
def test_accounts_need_a_real_email_and_a_long_password(app, email, password, code):
    with app.app_context(), pytest.raises(ShopError) as refused:
        create_user(db.session, email, "Ana", password, "fitter")
    assert refused.value.code == code


def test_one_account_per_email_whatever_its_case(app):
    with app.app_context():
        create_user(db.session, "ana@cordwain.test", "Ana", "correct horse battery", "fitter")
        with pytest.raises(ShopError) as refused:
            create_user(db.session, "ANA@cordwain.test", "Ana Two", "another long passphrase", "admin")
        assert refused.value.code == "EMAIL_TAKEN"


def test_an_unknown_email_takes_as_long_to_refuse_as_a_wrong_password(app):
    """Both answers hash a password, so timing does not tell whether an account exists."""
    with app.app_context():
        create_user(db.session, "ana@cordwain.test", "Ana", "correct horse battery", "fitter")
        known = min(_seconds(authenticate, db.session, "ana@cordwain.test", "wrong") for _ in range(5))
        unknown = min(_seconds(authenticate, db.session, "nobody@cordwain.test", "wrong") for _ in range(5))
    assert unknown > 0.5 * known, (unknown, known)


def _seconds(function, *args):
    """CPU seconds of one call: the hashing is the work compared, and other processes on a busy
    machine (a parallel test worker) stretch the wall clock of one call but not the other's."""
    started = time.process_time()
    function(*args)
    return time.process_time() - started
