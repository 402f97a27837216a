"""Staff accounts: creating one (a real email, a long password, one account per email), and checking a password."""

from email_validator import EmailNotValidError, validate_email
from werkzeug.security import check_password_hash, generate_password_hash

from ..db import db, DbSession
from ..errors import ShopError
from ..models import User

ROLES = ("fitter", "admin")
#: NIST SP 800-63B section 5.1.1.2 asks for at least 8 characters; Cordwain asks 12 of the people who release
#: orders to factories, and accepts a passphrase of any characters up to the length a hash input needs.
MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH = 12, 256
#: Hashed for an unknown email so that the answer takes as long as for a known one (no account enumeration).
_DUMMY_HASH = generate_password_hash("not a password of anyone's")


def create_user(session: DbSession, email: str, name: str, password: str, role: str) -> User:
    """A new staff account with a hashed password. The caller commits.

    Raises ``ShopError``: ``INVALID_EMAIL``, ``WEAK_PASSWORD``, ``EMAIL_TAKEN``, ``INVALID_FIELD`` (name).
    """
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}")
    email = normal_email(email)
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise ShopError(f"The password must have {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters; a "
                        "passphrase of a few words is easy to remember.", code="WEAK_PASSWORD", field="password")
    name = name.strip()
    if not 1 <= len(name) <= 120 or "\x00" in name:
        raise ShopError("The name must have 1 to 120 characters.", code="INVALID_FIELD", field="name")
    if session.scalar(db.select(User.id).where(User.email == email)) is not None:
        raise ShopError(f"There is already a staff account for {email}.", code="EMAIL_TAKEN", field="email")
    user = User(email=email, name=name, role=role, password_hash=generate_password_hash(password))
    session.add(user)
    session.flush()
    return user


def normal_email(email: str) -> str:
    """``email`` checked (RFC 5322 syntax, at most 254 characters) and in its normal, lower-case form.

    Addresses under the reserved ``.test`` domain (RFC 2606) are accepted for demonstration accounts.
    """
    try:
        valid = validate_email(email.strip(), check_deliverability=False, test_environment=True)
    except EmailNotValidError as error:
        raise ShopError(f"{email!r} is not an email address: {error}", code="INVALID_EMAIL", field="email") from None
    return str(valid.normalized).lower()


def authenticate(session: DbSession, email: str, password: str) -> User | None:
    """The account with this email and password, or None; as slow for an unknown email as for a known one."""
    user = session.scalar(db.select(User).where(User.email == email.strip().lower()))
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password):
        return None
    return user


def end_sessions(user: User) -> None:
    """Make every session cookie issued to ``user`` worthless (sign-out). The caller commits."""
    user.session_version += 1
