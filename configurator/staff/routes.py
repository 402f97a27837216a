"""Sign-in and sign-out pages for staff."""

from urllib.parse import urlsplit

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for

from ..db import db
from .access import load_user
from .services import authenticate, end_sessions

bp = Blueprint("staff", __name__, url_prefix="/staff", template_folder="templates")

bp.before_app_request(load_user)


@bp.route("/login", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        user = authenticate(db.session, request.form.get("email", ""), request.form.get("password", ""))
        if user is None:
            error = "That email and password do not match an account."
        else:
            session.clear()
            session["user_id"], session["user_version"] = user.id, user.session_version
            return redirect(_safe_next(request.args.get("next")))
    return render_template("staff/login.html", error=error), (401 if error else 200)


@bp.post("/logout")
def logout():
    if g.user is not None:
        end_sessions(g.user)
        db.session.commit()
    session.clear()
    flash("Signed out.")
    return redirect(url_for("staff.login"))


def _safe_next(target: str | None) -> str:
    r"""Only a path on this site: never another host, however disguised.

    Browsers drop tabs and newlines and read a backslash as a slash, so ``/\t/evil.example`` and ``/\evil`` both
    lead to ``//evil.example``: any control character, space or backslash refuses the target.
    """
    if (target and target.startswith("/") and not target.startswith("//")
            and not any(ch <= " " or ch in "\\\x7f" for ch in target)
            and not urlsplit(target).netloc and not urlsplit(target).scheme):
        return target
    return url_for("fitters.queue")
