"""Command-line interface: ``flask catalog``, ``flask fit``, ``flask orders``, ``flask photos``."""

import json
import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from fit.errors import FitError

from .db import db

catalog_cli = AppGroup("catalog", help="The product catalog.")
fit_cli = AppGroup("fit", help="Feet and lasts, without the web.")
orders_cli = AppGroup("orders", help="Orders and their factory packages.")
photos_cli = AppGroup("photos", help="Foot photos (personal data).")


@catalog_cli.command("seed")
def seed_catalog():
    """Load the demo catalog (idempotent: updates styles that exist)."""
    from .catalog import seed_demo_catalog
    from .demo_catalog import DEMO_CATALOG

    seed_demo_catalog(db.session, DEMO_CATALOG)
    db.session.commit()
    click.echo(f"Demo catalog loaded: {len(DEMO_CATALOG)} styles.")


@fit_cli.command("last")
@click.option("--measurements", "measurements_file", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Measurements file (JSON with 'left' and 'right', see shared/capture/measurements.md).")
@click.option("--style", required=True, help="Style key: oxford, derby, sneaker or chelsea.")
@click.option("--toe-shape", default=None, help="round, almond, square or pointed (default: the style's).")
@click.option("--heel-height-mm", type=float, default=None, help="Heel height in mm (default: the style's).")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Output folder.")
def fit_last(measurements_file, style, toe_shape, heel_height_mm, out_dir):
    """Build a left and right last from a measurements file."""
    from fit.foot import read_measurements
    from fit.pipeline import fit_pair, write_pair
    from fit.style import rules_for

    try:
        data = json.loads(Path(measurements_file).read_text())
        fits = fit_pair(read_measurements(data), rules_for(style, toe_shape=toe_shape, heel_height_mm=heel_height_mm))
    except json.JSONDecodeError as error:
        _fail("INVALID_JSON", f"{measurements_file} is not valid JSON ({error.msg}, line {error.lineno}).")
    except FitError as error:
        _fail(error.code, error.message)
    for path in write_pair(fits, Path(out_dir)):
        click.echo(path)


@fit_cli.command("measure")
@click.argument("images", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--paper", type=click.Choice(["auto", "a4", "letter"]), default="auto")
@click.option("--side", type=click.Choice(["left", "right"]), default=None)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per image.")
def fit_measure(images, paper, side, as_json):
    """Measure a foot on each photo (one JSON object per image); exits non-zero if any failed."""
    from fit.photo import measure_foot_photo

    failed = False
    for image in images:
        try:
            body = measure_foot_photo(Path(image).read_bytes(), paper=paper, side=side).to_dict()
        except FitError as error:
            body, failed = {"error": {"code": error.code, "message": error.message}}, True
        if as_json:
            click.echo(json.dumps({"image": image, **body}))
        elif "error" in body:
            click.echo(f"{image}: {body['error']['code']}: {body['error']['message']}")
        else:
            click.echo(f"{image}: {body['side']} foot, length {body['foot_length_mm']:.1f} mm, "
                       f"ball width {body['ball_width_mm']:.1f} mm")
    if failed:
        sys.exit(1)


@orders_cli.command("export")
@click.argument("order_id")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Output folder.")
def export_order(order_id, out_dir):
    """Write the manufacturing package of a released order (by reference or id) as a zip."""
    from .errors import ShopError
    from .manufacturing import order_package
    from .models import Order
    from .package import package_filename

    order = db.session.scalar(db.select(Order).where(db.or_(Order.reference == order_id.upper(),
                                                             Order.public_id == order_id)))
    if order is None:
        _fail("NOT_FOUND", f"There is no order {order_id!r}; give its reference (CW-...) or id.")
    try:
        data = order_package(order)
    except ShopError as error:
        _fail(error.code, error.message)
    path = Path(out_dir) / package_filename({"reference": order.reference})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    click.echo(path)


@orders_cli.command("planning")
@click.option("--status", default="released", help="Orders in this status (default: released).")
def planning(status):
    """Print the production-planning CSV of the orders in a status, one line per pair."""
    from .manufacturing import planning_rows
    from .models import Order

    orders = db.session.scalars(db.select(Order).where(Order.status == status).order_by(Order.id)).all()
    click.echo(planning_rows(orders), nl=False)


@photos_cli.command("purge")
def purge_photos():
    """Delete raw photos whose retention period has passed."""
    from .models import Photo, utcnow
    from .photos import delete_photo

    expired = db.session.scalars(db.select(Photo).where(Photo.delete_after < utcnow())).all()
    for photo in expired:
        delete_photo(photo)
    db.session.commit()
    click.echo(f"Deleted {len(expired)} photos past their retention period.")


def _fail(code, message):
    click.echo(json.dumps({"error": {"code": code, "message": message}}), err=True)
    sys.exit(2)


def init_app(app):
    from .auth import users_cli
    from .factories import factory_cli

    for group in (catalog_cli, fit_cli, orders_cli, photos_cli, users_cli, factory_cli):
        app.cli.add_command(group)
