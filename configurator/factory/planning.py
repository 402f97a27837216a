"""Production planning export: released orders as CSV, one line per pair.

Columns are fixed so a planner's spreadsheet keeps working from one export to the
next. Options are given by code for the catalog's groups (leather, sole, toe,
heel; the demo catalog sells colour as part of the leather); any other group goes
to ``other_options`` as ``group=code`` pairs. Sorted by due date, then reference.
"""

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from ..shop.catalog import OPTION_GROUPS as OPTION_COLUMNS
from .package import validate_order_document

COLUMNS = (
    "reference", "factory", "placed_at", "due_date", "style", "style_name", "construction",
    *OPTION_COLUMNS, "other_options",
    "heel_height_mm", "toe_spring_mm",
    "eu_left", "eu_right", "uk_left", "uk_right", "mondopoint_left", "mondopoint_right",
    "width_left", "width_right",
    "last_length_left_mm", "last_length_right_mm", "ball_girth_left_mm", "ball_girth_right_mm",
    "approved_by", "approved_at",
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")      # spreadsheet formula injection


def planning_csv(docs: Sequence[Mapping[str, Any]]) -> str:
    """CSV text (RFC 4180, header first, CRLF) of order documents ``docs`` (order-v1), one line per pair.

    Raises ``package.PackageError`` (ORDER_DOCUMENT_INVALID) if a document is invalid.
    """
    for doc in docs:
        validate_order_document(doc)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for doc in sorted(docs, key=lambda d: (d["due_date"], d["reference"])):
        row = _row(doc)
        writer.writerow([_safe(row[name]) for name in COLUMNS])
    return buffer.getvalue()


def _row(doc: Mapping[str, Any]) -> dict[str, Any]:
    design, feet = doc["design"], doc["feet"]
    left, right = feet["left"], feet["right"]
    options = design["options"]
    row = {
        "reference": doc["reference"], "factory": doc["factory"], "placed_at": doc["placed_at"],
        "due_date": doc["due_date"], "style": design["style"], "style_name": design["style_name"],
        "construction": design["construction"],
        "other_options": ";".join(f"{g}={o['code']}" for g, o in sorted(options.items()) if g not in OPTION_COLUMNS),
        "heel_height_mm": _pair(left["last"]["heel_height_mm"], right["last"]["heel_height_mm"]),
        "toe_spring_mm": _pair(left["last"]["toe_spring_mm"], right["last"]["toe_spring_mm"]),
        "approved_by": doc["approval"]["approved_by"], "approved_at": doc["approval"]["approved_at"],
    }
    row.update({group: options[group]["code"] if group in options else "" for group in OPTION_COLUMNS})
    for side, foot in (("left", left), ("right", right)):
        for size in ("eu", "uk", "mondopoint", "width"):
            row[f"{size}_{side}"] = foot["sizes"][size]
        row[f"last_length_{side}_mm"] = f"{foot['last']['measured']['length_mm']:.1f}"
        row[f"ball_girth_{side}_mm"] = f"{foot['last']['measured']['ball_girth_mm']:.1f}"
    return row


def _pair(left: float, right: float) -> str:
    """One number when both lasts agree (the usual case), else ``left/right``."""
    return f"{left:.1f}" if left == right else f"{left:.1f}/{right:.1f}"


def _safe(value: object) -> str:
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text
