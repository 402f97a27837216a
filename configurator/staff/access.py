"""Who is signed in (``g.user``), and the guard for staff-only views."""

import functools
from collections.abc import Callable
from typing import Any

from flask import abort, g, redirect, request, session, url_for

from ..db import db
from ..models import User
from .services import ROLES


def load_user() -> None:
    """``g.user``: the signed-in account, if the session's version is still the account's (not signed out)."""
    user_id = session.get("user_id")
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    g.user = user if user is not None and session.get("user_version") == user.session_version else None


def staff_required(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Views for signed-in staff with one of ``roles`` (default: any staff role)."""
    allowed = roles or ROLES

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapped(**kwargs: Any) -> Any:
            if g.user is None:
                return redirect(url_for("staff.login", next=request.full_path))
            if g.user.role not in allowed:
                abort(403, "Your account may not open this page.")
            return view(**kwargs)
        return wrapped
    return decorate
