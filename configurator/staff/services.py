"""Staff accounts: creating one, and checking a password."""

from werkzeug.security import check_password_hash, generate_password_hash

from ..db import db, DbSession
from ..models import User

ROLES = ("fitter", "admin")


def create_user(session: DbSession, email: str, name: str, password: str, role: str) -> User:
    """A new staff account with a hashed password. The caller commits."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}")
    user = User(email=email.strip().lower(), name=name, role=role, password_hash=generate_password_hash(password))
    session.add(user)
    session.flush()
    return user


def authenticate(session: DbSession, email: str, password: str) -> User | None:
    """The account with this email and password, or None."""
    user = session.scalar(db.select(User).where(User.email == email.strip().lower()))
    if user is None or not check_password_hash(user.password_hash, password):
        return None
    return user
