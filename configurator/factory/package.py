"""The manufacturing package a factory pulls for a released order: one deterministic zip.

Same order document and last files in, same bytes out, so the package can be
checksummed, cached and rebuilt at any time. Contents, in this order::

    order.json        the order document (schema order-v1), sorted keys, indent 2
    left.3mf          left last, millimetres
    left.stl          left last, binary STL, millimetres
    right.3mf, right.stl
    left_bottom.dxf, left_bottom.svg, left_curves.dxf, left_sections.svg, and the right's: the last's
                      drawings (bottom pattern 1:1, featherline and centre line, section sheet), when
                      the lasts were built with them (``order.json`` names them under ``last.files``)
    work-ticket.pdf   the printable ticket (see ``workticket``)
    manifest.json     SHA-256 and size of every other entry

Determinism: entries are STORED (not deflated) so the bytes do not depend on the
zlib build; every entry has the order's ``placed_at`` as its timestamp, mode 0644
and a Unix "made by"; the PDF is built with reportlab's invariant mode. The last
files are copied as given: pass the stored bytes, not a fresh export (a trimesh
3MF export differs from run to run).

Plain functions; ``PackageError`` is a ``ShopError``, so the web layer shows it
like any other (a JSON error under /api/).
"""

import functools
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from importlib.resources import files
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError

from fit.foot import SIDES

from ..errors import ShopError
from .workticket import work_ticket_pdf

ORDER_SCHEMA_VERSION = "order-v1"
#: The last formats a factory mills from (of ``shop.lasts.LAST_FORMATS``; glb is only the shop's preview).
PACKAGE_FORMATS = ("3mf", "stl")
#: The last's drawings a factory gets (of ``shop.lasts.DRAWING_FILES``), by their key in ``order.json``.
PACKAGE_DRAWINGS = {"bottom.dxf": "bottom_dxf", "bottom.svg": "bottom_svg", "curves.dxf": "curves_dxf",
                    "sections.svg": "sections_svg"}

_REFERENCE = re.compile(r"^CW-[0-9A-Z]{6,12}$")
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)       # earliest time a zip entry can carry
_ENTRY_MODE = 0o100644                    # regular file, rw-r--r--
_UNIX = 3                                 # zip "version made by" host system


class PackageError(ShopError):
    """An order document or last file the package cannot be built from.

    ``problems`` lists every schema problem found; ``field`` is the JSON path of the first.
    """

    def __init__(self, message: str, *, code: str, status: int = 422, field: str | None = None,
                 problems: Iterable[str] = ()) -> None:
        super().__init__(message, code=code, status=status, field=field)
        self.problems = list(problems)


def order_schema() -> dict[str, Any]:
    """The published JSON Schema of the order document (``/api/v1/schemas/order-v1.json``)."""
    text = files(__package__).joinpath("schemas", f"{ORDER_SCHEMA_VERSION}.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def validate_order_document(doc: Any) -> None:
    """Check ``doc`` against the order-v1 schema.

    Raises
    ------
    PackageError
        Code ``ORDER_DOCUMENT_INVALID``; the message names the JSON path of the
        first problem (e.g. ``$.feet.left.sizes.eu``) and ``problems`` lists all.
    """
    problems = sorted((_describe(error) for error in _validator().iter_errors(doc)), key=lambda p: p[0])
    if not problems:
        return
    path, what = problems[0]
    more = f" ({len(problems) - 1} more problem{'s' if len(problems) > 2 else ''})" if len(problems) > 1 else ""
    raise PackageError(f"The order document is invalid at {path}: {what}{more}.", code="ORDER_DOCUMENT_INVALID",
                       field=path, problems=[f"{p}: {w}" for p, w in problems])


def package_filename(doc: Any) -> str:
    """File name of the package for ``doc``: ``"CW-7K3P9Q-package.zip"``."""
    reference = doc.get("reference") if isinstance(doc, dict) else None
    if not isinstance(reference, str) or not _REFERENCE.match(reference):
        raise PackageError(f"The order reference {reference!r} is not of the form CW-XXXXXX.",
                           code="ORDER_DOCUMENT_INVALID", field="$.reference")
    return f"{reference}-package.zip"


def build_package(doc: dict[str, Any], lasts: Mapping[str, Mapping[str, bytes]]) -> bytes:
    """The manufacturing package of one order, as zip bytes.

    Parameters
    ----------
    doc : dict
        The order document (order-v1); validated here.
    lasts : dict
        ``{"left": {"3mf": bytes, "stl": bytes, "bottom.dxf": bytes, ...}, "right": {...}}``: the stored
        last files, mm; each drawing ``order.json`` names (``PACKAGE_DRAWINGS``) must be there.

    Returns
    -------
    bytes
        The zip; the same inputs give the same bytes.
    """
    validate_order_document(doc)
    entries = {"order.json": order_json_bytes(doc)}
    for side in SIDES:
        for fmt in PACKAGE_FORMATS:
            entries[doc["feet"][side]["last"]["files"][fmt]] = _last_file(lasts, side, fmt)
    for side in SIDES:
        for name, key in PACKAGE_DRAWINGS.items():
            if key in doc["feet"][side]["last"]["files"]:
                entries[doc["feet"][side]["last"]["files"][key]] = _drawing(lasts, side, name)
    entries["work-ticket.pdf"] = work_ticket_pdf(doc)
    entries["manifest.json"] = _manifest(doc, entries)
    timestamp = _zip_time(doc["placed_at"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=timestamp)
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = _UNIX
            info.external_attr = _ENTRY_MODE << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def order_json_bytes(doc: Mapping[str, Any]) -> bytes:
    """``order.json`` as written in the package: UTF-8, sorted keys, indent 2, trailing newline."""
    return (json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")


def _manifest(doc: Mapping[str, Any], entries: Mapping[str, bytes]) -> bytes:
    body = {
        "schema": ORDER_SCHEMA_VERSION,
        "reference": doc["reference"],
        "files": {name: {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                  for name, data in entries.items()},
    }
    return (json.dumps(body, sort_keys=True, indent=2) + "\n").encode("utf-8")


def _last_file(lasts: Any, side: str, fmt: str) -> bytes:
    data = (lasts.get(side) or {}).get(fmt) if isinstance(lasts, dict) else None
    if not isinstance(data, (bytes, bytearray)) or not data:
        raise PackageError(f"The {side} last has no {fmt.upper()} file; rebuild the lasts before releasing.",
                           code="LAST_FILE_MISSING", field=f"{side}.{fmt}")
    data = bytes(data)
    if fmt == "stl" and (len(data) < 84 or len(data) != 84 + 50 * int.from_bytes(data[80:84], "little")):
        raise PackageError(f"The {side} last's STL is not a binary STL (its size does not match its triangle count).",
                           code="LAST_FILE_INVALID", field=f"{side}.stl")
    if fmt == "3mf" and not data.startswith(b"PK\x03\x04"):
        raise PackageError(f"The {side} last's 3MF is not a 3MF (zip) file.", code="LAST_FILE_INVALID",
                           field=f"{side}.3mf")
    return data


def _drawing(lasts: Any, side: str, name: str) -> bytes:
    data = (lasts.get(side) or {}).get(name) if isinstance(lasts, dict) else None
    if not isinstance(data, (bytes, bytearray)) or not data:
        raise PackageError(f"The {side} last's drawing {name} is missing; regenerate the lasts before releasing.",
                           code="LAST_FILE_MISSING", field=f"{side}.{name}")
    return bytes(data)


def _zip_time(placed_at: str) -> tuple[int, int, int, int, int, int]:
    placed = datetime.fromisoformat(placed_at).astimezone(timezone.utc)
    year, month, day, hour, minute, second = placed.timetuple()[:6]
    return max(_ZIP_EPOCH, (year, month, day, hour, minute, second))


@functools.cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(order_schema(), format_checker=FormatChecker())


def _describe(error: ValidationError) -> tuple[str, str]:
    """(JSON path, sentence) of one schema error, pointing at the property at fault."""
    path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    instance = error.instance
    if error.validator == "required" and isinstance(instance, dict):
        missing = [name for name in error.validator_value if name not in instance]
        return f"{path}.{missing[0]}", "is required"
    if error.validator == "additionalProperties" and isinstance(instance, dict):
        known = set(error.schema.get("properties", {}))
        extra = sorted(name for name in instance if name not in known)
        if extra:
            return f"{path}.{extra[0]}", "is not allowed here"
    return path, error.message
