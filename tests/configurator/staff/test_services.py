"""staff.services: accounts with hashed passwords."""

import pytest

from configurator.db import db
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
