"""Sign-in and sign-out pages for staff."""

from flask import Blueprint, flash, redirect, render_template, request, session, url_for

from ..db import db
from .access import load_user
from .services import authenticate

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
            session["user_id"] = user.id
            return redirect(_safe_next(request.args.get("next")))
    return render_template("staff/login.html", error=error), (401 if error else 200)


@bp.post("/logout")
def logout():
    session.clear()
    flash("Signed out.")
    return redirect(url_for("staff.login"))


def _safe_next(target):
    """Only same-site paths: never redirect a signed-in user to another host."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("fitters.queue")
