"""Staff sign-in: fitters and admins, with hashed passwords and a session cookie."""

import functools

import click
from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from flask.cli import AppGroup
from werkzeug.security import check_password_hash, generate_password_hash

from .db import db
from .models import User

bp = Blueprint("auth", __name__, url_prefix="/staff")
users_cli = AppGroup("users", help="Staff accounts (fitters and admins).")
ROLES = ("fitter", "admin")


@bp.before_app_request
def load_user():
    user_id = session.get("user_id")
    g.user = db.session.get(User, user_id) if user_id else None


def staff_required(*roles):
    """Views for signed-in staff with one of ``roles`` (default: any staff role)."""
    roles = roles or ROLES

    def decorate(view):
        @functools.wraps(view)
        def wrapped(**kwargs):
            if g.user is None:
                return redirect(url_for("auth.login", next=request.full_path))
            if g.user.role not in roles:
                abort(403, "Your account may not open this page.")
            return view(**kwargs)
        return wrapped
    return decorate


@bp.route("/login", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        email = request.form.get("email", "").strip().lower()
        user = db.session.scalar(db.select(User).where(User.email == email))
        if user is None or not check_password_hash(user.password_hash, request.form.get("password", "")):
            error = "That email and password do not match an account."
        else:
            session.clear()
            session["user_id"] = user.id
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", error=error), (401 if error else 200)


@bp.post("/logout")
def logout():
    session.clear()
    flash("Signed out.")
    return redirect(url_for("auth.login"))


def create_user(session_, email, name, password, role):
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}")
    user = User(email=email.strip().lower(), name=name, role=role,
                password_hash=generate_password_hash(password))
    session_.add(user)
    session_.flush()
    return user


@users_cli.command("add")
@click.argument("email")
@click.option("--name", required=True, help="Name shown to shoppers on approvals.")
@click.option("--role", type=click.Choice(ROLES), default="fitter")
@click.password_option()
def add_user(email, name, role, password):
    """Create a fitter or admin account."""
    create_user(db.session, email, name, password, role)
    db.session.commit()
    click.echo(f"Created {role} {email}.")


def _safe_next(target):
    """Only same-site paths: never redirect a signed-in user to another host."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("fitters.queue")
