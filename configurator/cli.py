"""The command line, every group in one place: ``flask catalog``, ``fit``, ``orders``, ``photos``, ``users``,
``factory``. Commands parse their arguments, call the same services as the views, and commit."""

import json
import sys
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from fit.errors import FitError

from .db import db
from .errors import ShopError
from .factory.document import order_package, planning_rows
from .factory.package import package_filename
from .factory.tokens import code_from_name, create_factory, factory_by_code, issue_token, revoke_tokens
from .models import Factory, Order, User
from .orders import moves, notices
from .orders.lookup import find_order
from .shop.catalog import seed_demo_catalog, styles
from .shop.demo_catalog import DEMO_CATALOG
from .shop.retention import purge_abandoned_designs, purge_expired_photos
from .shop.shoes import seed_shoes
from .staff.services import ROLES, create_user

catalog_cli = AppGroup("catalog", help="The product catalog.")
fit_cli = AppGroup("fit", help="Feet and lasts, without the web.")
orders_cli = AppGroup("orders", help="Orders and their factory packages.")
photos_cli = AppGroup("photos", help="Foot photos (personal data).")
users_cli = AppGroup("users", help="Staff accounts (fitters and admins).")
designs_cli = AppGroup("designs", help="Shoppers' designs.")
factory_cli = AppGroup("factory", help="Factories and their API tokens.")


@catalog_cli.command("seed")
@click.option("--shoes/--no-shoes", default=True, show_default=True,
              help="Also build each style's shoes one option change away from its defaults (the catalog "
                   "pictures are always rendered; stored files are kept, so only missing ones are built).")
def seed_catalog(shoes: bool) -> None:
    """Load the demo catalog (idempotent: updates styles that exist), render its pictures, build its shoes."""
    seed_demo_catalog(db.session, DEMO_CATALOG)
    db.session.commit()
    click.echo(f"Demo catalog loaded: {len(DEMO_CATALOG)} styles.")
    start = time.perf_counter()
    built = sum(seed_shoes(style, variants=shoes, report=click.echo) for style in styles(db.session))
    click.echo(f"Catalog pictures{' and shoes' if shoes else ''}: {built} files built in "
               f"{time.perf_counter() - start:.1f} s.")


@fit_cli.command("last")
@click.option("--measurements", "measurements_file", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Measurements file (JSON with 'left' and 'right', see docs/capture.md).")
@click.option("--style", required=True, help="Style key: oxford, derby, sneaker or chelsea.")
@click.option("--toe-shape", default=None, help="round, almond, square or pointed (default: the style's).")
@click.option("--heel-height-mm", type=float, default=None, help="Heel height in mm (default: the style's).")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Output folder.")
def fit_last(measurements_file, style, toe_shape, heel_height_mm, out_dir):
    """Build a left and right last from a measurements file."""
    from fit.foot import read_measurements
    from fit.pipeline import make_pair, write_pair
    from fit.style import rules_for

    try:
        data = json.loads(Path(measurements_file).read_text())
        pair = make_pair(read_measurements(data), rules_for(style, toe_shape=toe_shape, heel_height_mm=heel_height_mm))
    except json.JSONDecodeError as error:
        _fail("INVALID_JSON", f"{measurements_file} is not valid JSON ({error.msg}, line {error.lineno}).")
    except FitError as error:
        _fail(error.code, error.message)
    for path in write_pair(pair, Path(out_dir)):
        click.echo(path)


@fit_cli.command("measure")
@click.argument("images", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--paper", type=click.Choice(["auto", "a4", "letter"]), default="auto")
@click.option("--side", type=click.Choice(["left", "right"]), default=None)
@click.option("--mat", "on_mat", is_flag=True, help="The images are 6-8 photos of one foot on the printed mat: "
                                                   "measure it in 3D (one JSON object for the foot).")
@click.option("--mesh-out", type=click.Path(dir_okay=False), default=None,
              help="With --mat: write the 3D foot here as PLY (mm, mat frame).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per image (per foot with --mat).")
def fit_measure(images, paper, side, on_mat, mesh_out, as_json):
    """Measure a foot on each photo (one JSON object per image); exits non-zero if any failed."""
    if on_mat:
        _measure_mat(images, side, mesh_out, as_json)
        return
    if mesh_out:
        _fail("MESH_NEEDS_MAT", "--mesh-out needs --mat: one photo on paper gives no 3D foot.")
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


def _measure_mat(images, side, mesh_out, as_json):
    """One foot from its photos on the mat: one JSON object (or an error object and exit 1)."""
    from fit.mat import measure_mat_photos

    try:
        result = measure_mat_photos([Path(image).read_bytes() for image in images], side=side)
    except FitError as error:
        body = {"images": list(images), "error": {"code": error.code, "message": error.message}}
        click.echo(json.dumps(body) if as_json else f"{error.code}: {error.message}")
        sys.exit(1)
    body = {"images": list(images), **result.to_dict()}
    for photo in body["photos"]:
        photo["image"] = images[photo["index"]]
    if mesh_out:
        Path(mesh_out).write_bytes(result.mesh_ply())
    if as_json:
        click.echo(json.dumps(body))
        return
    click.echo(f"{body['side']} foot, length {body['foot_length_mm']:.1f} mm, ball girth "
               f"{body.get('ball_girth_mm', float('nan')):.1f} mm, instep girth "
               f"{body.get('instep_girth_mm', float('nan')):.1f} mm; "
               f"{sum(p['used'] for p in body['photos'])} of {len(images)} photos used")


@orders_cli.command("export")
@click.argument("order_id")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Output folder.")
def export_order(order_id, out_dir):
    """Write the manufacturing package of a released order (by reference or id) as a zip."""
    order = _order_or_fail(order_id)
    data = _or_fail(lambda: order_package(order))
    path = Path(out_dir) / package_filename({"reference": order.reference})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    click.echo(path)


@orders_cli.command("planning")
@click.option("--status", default="released", help="Orders in this status (default: released).")
def planning(status):
    """Print the production-planning CSV of the orders in a status, one line per pair."""
    orders = db.session.scalars(db.select(Order).where(Order.status == status).order_by(Order.id)).all()
    click.echo(planning_rows(orders), nl=False)


@orders_cli.command("release")
@click.argument("order_id")
@click.option("--factory", "factory_code", required=True, help="Code of the factory that will make it.")
@click.option("--fitter", "fitter_email", required=True, help="Email of the fitter who approves the fit.")
@click.option("--note", default="", help="Timeline note (default: 'Fit approved; released to <factory>.').")
def release_order(order_id, factory_code, fitter_email, note):
    """Approve an order's fit and release it to a factory, with its due date (as on the fitters' page)."""
    order, fitter = _order_or_fail(order_id), _staff_or_fail(fitter_email)
    factory = _factory_or_exit(factory_code)
    _or_fail(lambda: moves.release(db.session, order, factory, fitter, note=note))
    db.session.commit()
    click.echo(f"{order.reference} released to {factory.name}, due {order.due_date.isoformat()}.")


@orders_cli.command("cancel")
@click.argument("order_id")
@click.option("--by", "staff_email", required=True, help="Email of the fitter or admin cancelling it.")
@click.option("--note", required=True, help="Why: shown on the order's timeline.")
def cancel_order(order_id, staff_email, note):
    """Cancel an order on a member of staff's authority."""
    order, user = _order_or_fail(order_id), _staff_or_fail(staff_email)
    _or_fail(lambda: moves.cancel(db.session, order, actor=user.role, actor_name=user.name, note=note))
    db.session.commit()
    click.echo(f"{order.reference} cancelled.")


@orders_cli.command("new-link")
@click.argument("order_id")
def new_order_link(order_id: str) -> None:
    """Revoke the shopper's link to an order and email them a new one (the link is not shown here)."""
    order = _order_or_fail(order_id)
    notices.replace_order_link(db.session, order)
    db.session.commit()
    click.echo(f"{order.reference}: the old link no longer works; the new one was emailed to {order.email}.")


@photos_cli.command("purge")
def purge_photos() -> None:
    """Delete raw photos (single and mat photos) whose retention period has passed."""
    count = purge_expired_photos(db.session)
    db.session.commit()
    click.echo(f"Deleted {count} photos past their retention period.")


@designs_cli.command("purge")
@click.option("--days", type=click.IntRange(min=1), default=None,
              help="Delete designs untouched this many days (default: DESIGN_RETENTION_DAYS).")
def purge_designs(days: int | None) -> None:
    """Delete designs never ordered and untouched for the retention period, with their files. Run daily."""
    days = days or current_app.config["DESIGN_RETENTION_DAYS"]
    count = purge_abandoned_designs(db.session, days)
    db.session.commit()
    click.echo(f"Deleted {count} designs never ordered and untouched for {days} days.")


@users_cli.command("add")
@click.argument("email")
@click.option("--name", required=True, help="Name shown to shoppers on approvals.")
@click.option("--role", type=click.Choice(ROLES), default="fitter")
@click.password_option()
def add_user(email, name, role, password):
    """Create a fitter or admin account (a password of 12 characters or more)."""
    try:
        create_user(db.session, email, name, password, role)
    except ShopError as error:
        _fail(error.code, error.message)
    db.session.commit()
    click.echo(f"Created {role} {email}.")


@factory_cli.command("add")
@click.argument("name")
@click.option("--code", default=None, help="Short code, e.g. PT-FELG (default: from the name).")
def add_factory(name, code):
    """Add a factory and print its first API token."""
    try:
        factory = create_factory(db.session, code or code_from_name(name), name)
    except ShopError as error:
        raise click.ClickException(error.message) from None
    _issue_and_show_token(factory)


@factory_cli.command("token")
@click.argument("code")
def new_token(code):
    """Issue another API token for a factory (the old ones keep working until revoked)."""
    _issue_and_show_token(_factory_or_exit(code))


@factory_cli.command("revoke")
@click.argument("code")
def revoke(code):
    """Revoke every API token of a factory."""
    factory = _factory_or_exit(code)
    count = revoke_tokens(db.session, factory)
    db.session.commit()
    click.echo(f"Revoked {count} token{'' if count == 1 else 's'} of {factory.name} ({factory.code}).")


@factory_cli.command("list")
def list_factories():
    """Factories, with their live tokens' prefixes."""
    for factory in db.session.scalars(db.select(Factory).order_by(Factory.code)):
        live = [t.prefix + "…" for t in factory.tokens if t.revoked_at is None]
        click.echo(f"{factory.code}\t{factory.name}\t{len(live)} live token(s) {' '.join(live)}".rstrip())


def _factory_or_exit(code):
    factory = factory_by_code(db.session, code)
    if factory is None:
        raise click.ClickException(f"There is no factory with code {code.upper()}; see 'flask factory list'.")
    return factory


def _issue_and_show_token(factory: Factory) -> None:
    """Issue an API token for ``factory``, commit, and print it: the only time it is shown."""
    token = issue_token(db.session, factory)
    db.session.commit()
    click.echo(f"API token for {factory.name} ({factory.code}):")
    click.echo(token)
    click.echo("Store it now: it is not saved and will not be shown again.")


def _order_or_fail(order_id):
    order = find_order(db.session, order_id)
    if order is None:
        _fail("NOT_FOUND", f"There is no order {order_id!r}; give its reference (CW-...) or id.")
    return order


def _staff_or_fail(email):
    user = db.session.scalar(db.select(User).where(User.email == email.strip().lower()))
    if user is None:
        _fail("NOT_FOUND", f"There is no staff account {email!r}; see 'flask users add'.")
    return user


def _or_fail(action):
    """Run ``action``; a refusal (ShopError) is printed as the one error shape and exits 2."""
    try:
        return action()
    except ShopError as error:
        _fail(error.code, error.message)


def _fail(code, message):
    click.echo(json.dumps({"error": {"code": code, "message": message}}), err=True)
    sys.exit(2)


def init_app(app):
    for group in (catalog_cli, fit_cli, orders_cli, photos_cli, users_cli, factory_cli, designs_cli):
        app.cli.add_command(group)
