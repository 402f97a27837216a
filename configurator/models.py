"""Database models (SQLAlchemy 2, typed mappings). Behaviour that belongs to a row lives on its class."""

import secrets
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .clock import utcnow
from .db import db

if TYPE_CHECKING:          # Flask-SQLAlchemy's db.Model is made at run time; its base is typed
    from .db import Base as Model
else:
    Model = db.Model


def new_public_id() -> str:
    """An unguessable identifier for URLs (128 bits)."""
    return secrets.token_urlsafe(16)


class Style(Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text, default="")
    construction: Mapped[str] = mapped_column(String(40))
    base_price_cents: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    position: Mapped[int] = mapped_column(default=0)
    # loaded with the style in one more query each (selectin): pricing and placing read every option
    groups: Mapped[list["OptionGroup"]] = relationship(
        back_populates="style", order_by="OptionGroup.position", cascade="all, delete-orphan", lazy="selectin")

    def group(self, key: str) -> "OptionGroup | None":
        return next((g for g in self.groups if g.key == key), None)


class OptionGroup(Model):
    __table_args__ = (UniqueConstraint("style_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    style_id: Mapped[int] = mapped_column(ForeignKey("style.id"))
    key: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(default=0)
    style: Mapped[Style] = relationship(back_populates="groups")
    options: Mapped[list["Option"]] = relationship(
        back_populates="group", order_by="Option.position", cascade="all, delete-orphan", lazy="selectin")

    def option(self, code: str | None) -> "Option | None":
        return next((o for o in self.options if o.code == code), None)


class Option(Model):
    __table_args__ = (UniqueConstraint("group_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("option_group.id"))
    code: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(80))
    price_delta_cents: Mapped[int] = mapped_column(default=0)
    position: Mapped[int] = mapped_column(default=0)
    # Extra facts: {"toe_shape": "pointed"}, {"heel_height_mm": 25},
    # {"conflicts": [{"group": "sole", "code": "rubber-cup", "reason": "..."}]}.
    attrs: Mapped[dict] = mapped_column(JSON, default=dict)
    group: Mapped[OptionGroup] = relationship(back_populates="options")


class Design(Model):
    """A shopper's customised shoe: style, chosen options and both feet."""

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    style_id: Mapped[int] = mapped_column(ForeignKey("style.id"))
    choices: Mapped[dict] = mapped_column(JSON)        # {group key: option code}
    price_cents: Mapped[int]
    # {"left": Foot.to_dict(), "right": ...}: values with their sources; None until given.
    feet: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    # The typed form as entered ({"units": "in", "values": {"left_foot_length_mm": "10.3", ...}}), to show it
    # again in the shopper's units; None after photos or the API.
    feet_entered: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    # {side: how its accepted values were captured: photo warnings, uncertainties, mesh key}
    captures: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    style: Mapped[Style] = relationship()
    lasts: Mapped[list["Last"]] = relationship(back_populates="design", cascade="all, delete-orphan",
                                               order_by="Last.side")
    photos: Mapped[list["Photo"]] = relationship(back_populates="design", cascade="all, delete-orphan",
                                                 order_by="Photo.id")

    def last(self, side: str) -> "Last | None":
        return next((last for last in self.lasts if last.side == side), None)


class Last(Model):
    """One foot's built last: files in storage, the fit report as JSON."""

    __table_args__ = (UniqueConstraint("design_id", "side"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    design_id: Mapped[int] = mapped_column(ForeignKey("design.id"))
    side: Mapped[str] = mapped_column(String(5))
    report: Mapped[dict] = mapped_column(JSON)          # fit.report.LastReport.to_dict()
    table: Mapped[list] = mapped_column(JSON)           # FootFit.table(): foot value, allowance, last value
    files: Mapped[dict] = mapped_column(JSON)           # {"stl": storage key, "3mf": ..., "glb": ...}
    plan_outline_mm: Mapped[list] = mapped_column(JSON, default=list)   # the last seen from above, [[x, y], ...]
    inputs_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)   # what it was built from
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    design: Mapped[Design] = relationship(back_populates="lasts")


class Photo(Model):
    """A foot photo uploaded by a shopper; stored without metadata, deleted after the retention period."""

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    design_id: Mapped[int] = mapped_column(ForeignKey("design.id"))
    side: Mapped[str] = mapped_column(String(5))
    storage_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    overlay_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="uploaded")   # uploaded, measured, failed, accepted
    result: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    error_code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    error_message: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delete_after: Mapped[datetime | None] = mapped_column(nullable=True)
    design: Mapped[Design] = relationship(back_populates="photos")


class MatCapture(Model):
    """One foot photographed from around on the printed mat: its shots, the 3D measurement job and its result."""

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    design_id: Mapped[int] = mapped_column(ForeignKey("design.id"))
    side: Mapped[str] = mapped_column(String(5))
    # collecting, queued, reconstructing, measured, failed, accepted
    status: Mapped[str] = mapped_column(String(20), default="collecting")
    shots: Mapped[dict] = mapped_column(JSON, default=dict)      # {shot name: {"key": storage key, "report": {...}}}
    result: Mapped[dict | None] = mapped_column(JSON, nullable=True)   # MatMeasurement.to_dict()
    mesh_key: Mapped[str | None] = mapped_column(String(200), nullable=True)       # foot mesh, PLY, mat frame
    foot_mesh_key: Mapped[str | None] = mapped_column(String(200), nullable=True)  # the same in the foot frame
    preview_key: Mapped[str | None] = mapped_column(String(200), nullable=True)    # foot mesh, GLB, last frame
    error_code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    error_message: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delete_after: Mapped[datetime | None] = mapped_column(nullable=True)
    design: Mapped[Design] = relationship()


#: At most one live (not cancelled) order per design, enforced by the database so concurrent requests cannot
#: place a design twice. Both SQLite and PostgreSQL support partial indexes.
_LIVE = text("status <> 'cancelled'")


class Order(Model):
    """A placed order: a frozen snapshot of the design, feet and lasts at the time of order.

    Two identities: ``public_id`` is the order's id for factories, fitters and ``order.json``; the shopper's
    page opens only with ``shopper_token``, a secret of its own that a factory never sees (revoke = rotate).
    """

    __table_args__ = (Index("uq_order_live_design", "design_id", unique=True,
                            sqlite_where=_LIVE, postgresql_where=_LIVE),)
    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    shopper_token: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    # The client's Idempotency-Key (API) or the order form's one-time key, and what was asked with it.
    idempotency_key: Mapped[str | None] = mapped_column(String(200), unique=True, nullable=True)
    request_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    design_id: Mapped[int] = mapped_column(ForeignKey("design.id"))
    status: Mapped[str] = mapped_column(String(30), default="placed")
    customer_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(Text)
    country: Mapped[str] = mapped_column(String(2))
    snapshot: Mapped[dict] = mapped_column(JSON)
    placed_at: Mapped[datetime] = mapped_column(default=utcnow)
    due_date: Mapped[date | None] = mapped_column(nullable=True)
    factory_id: Mapped[int | None] = mapped_column(ForeignKey("factory.id"), nullable=True)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    approved_at: Mapped[datetime | None] = mapped_column(nullable=True)
    # A shopper asked for a person: shown at the top of the fitters' queue until answered.
    help_requested: Mapped[bool] = mapped_column(default=False)
    tracking_number: Mapped[str | None] = mapped_column(String(80), nullable=True)
    design: Mapped[Design] = relationship()
    factory: Mapped["Factory | None"] = relationship()
    approved_by: Mapped["User | None"] = relationship()
    events: Mapped[list["OrderEvent"]] = relationship(back_populates="order", cascade="all, delete-orphan",
                                                      order_by="OrderEvent.id")

    def rotate_shopper_token(self) -> str:
        """Revoke the shopper's link by giving the order a new one; returns it."""
        self.shopper_token = new_public_id()
        return self.shopper_token


class OrderEvent(Model):
    """One step of an order's timeline: who moved it where, when, and why."""

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("order.id"))
    from_status: Mapped[str | None] = mapped_column(String(30), nullable=True)
    to_status: Mapped[str] = mapped_column(String(30))
    kind: Mapped[str] = mapped_column(String(20), default="transition")   # transition, message, refit, lasts
    actor: Mapped[str] = mapped_column(String(20))      # shopper, fitter, admin, factory, system
    # Who really acted: a fitter's name, a factory's code; empty for the shopper (personal data) and the system.
    actor_name: Mapped[str] = mapped_column(String(120), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    order: Mapped[Order] = relationship(back_populates="events")


class User(Model):
    """A member of staff who signs in: a fitter or an admin."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))       # fitter, admin
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Sessions carry the version they were signed in with; signing out raises it, so old cookies stop working.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")


class Factory(Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    tokens: Mapped[list["ApiToken"]] = relationship(back_populates="factory", cascade="all, delete-orphan")


class ApiToken(Model):
    """A factory's API token, stored as its SHA-256 only; shown once when created."""

    id: Mapped[int] = mapped_column(primary_key=True)
    factory_id: Mapped[int] = mapped_column(ForeignKey("factory.id"))
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))     # first characters, to tell tokens apart
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(nullable=True)
    factory: Mapped[Factory] = relationship(back_populates="tokens")


class IdempotentRequest(Model):
    """The answer given to a factory's request with an Idempotency-Key, replayed for the same key."""

    __table_args__ = (UniqueConstraint("factory_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    factory_id: Mapped[int] = mapped_column(ForeignKey("factory.id"))
    key: Mapped[str] = mapped_column(String(200))
    request_sha256: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int]
    response: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CaptureToken(Model):
    """A phone's right to upload foot photos for one design, for a short time (stored as SHA-256 only)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    design_id: Mapped[int] = mapped_column(ForeignKey("design.id", ondelete="CASCADE"))
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None] = mapped_column(nullable=True)
    design: Mapped[Design] = relationship()


class Job(Model):
    """Slow work done outside a request (building a design's lasts), with the state the shopper sees.

    ``inputs_sha256`` keys the work by what it is built from, so the same inputs are built once: a job run twice
    (a worker killed after finishing, a retry) leaves one result.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    kind: Mapped[str] = mapped_column(String(40))                  # build_lasts
    design_id: Mapped[int | None] = mapped_column(ForeignKey("design.id", ondelete="CASCADE"), nullable=True)
    inputs_sha256: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(20), default="queued")   # queued, running, done, failed
    attempts: Mapped[int] = mapped_column(default=0)
    error_code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    error_message: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(nullable=True)
