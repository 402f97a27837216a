"""Catalog pages: the styles, and one style's options with a live price."""

from flask import Blueprint, redirect, render_template, request, url_for

from . import catalog
from .db import db
from .errors import ShopError

bp = Blueprint("catalog", __name__)


@bp.get("/")
def index():
    return render_template("catalog/index.html", styles=catalog.styles(db.session))


@bp.route("/styles/<key>", methods=["GET", "POST"])
def style(key):
    style = catalog.style_by_key(db.session, key)
    choices = catalog.default_choices(style)
    error = None
    if request.method == "POST":
        choices = {group.key: request.form.get(group.key) for group in style.groups}
        try:
            design = catalog.create_design(db.session, style, choices)
            db.session.commit()
            return redirect(url_for("designs.feet", design_id=design.public_id))
        except ShopError as exc:
            error = exc
    quote = _quote_or_none(style, choices)
    return render_template("catalog/style.html", style=style, choices=choices, quote=quote, error=error), \
        (error.status if error else 200)


def _quote_or_none(style, choices):
    try:
        return catalog.quote(style, choices)
    except ShopError:
        return None
