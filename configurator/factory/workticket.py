"""The printable work ticket of an order: a PDF the factory prints and pins to the lasts.

Page 1 (A4 portrait, continued on more A4 pages when long): reference, style,
construction, options, due date, a QR code of the reference, size labels, the foot
measurements with their source, the allowances, and the last measurements (target
vs measured back from the mesh).

Then one page per foot with the last's bottom outline at 1:1. A last is the foot
plus allowances, so an adult last is 250-400 mm long and often does not fit on A4
(297 mm) with margins; splitting an outline over sheets invites taping errors, so
each outline page is the smallest ISO A page, portrait, that holds the outline
whole: A4 for short lasts, A3 for most adult ones (up to ~340 mm), A2 above. The
page says which size to print on. Each outline page has two solid black 100 mm x
4 mm bars, one horizontal and one vertical, to check the print scale on both axes;
the outline is drawn in navy so it stands apart from text and bars.

Deterministic: reportlab's invariant mode (fixed dates and document id), no page
compression (so the bytes do not depend on the zlib build), the QR code drawn as
vector squares, standard fonts only.
"""

import io
from collections.abc import Mapping, Sequence
from typing import Any

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A0, A1, A2, A3, A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from fit.foot import MEASUREMENT_NAMES, SIDES, label

MARGIN_MM = 12.0
SCALE_BAR_MM = (100.0, 4.0)                # length, thickness of each black check bar
OUTLINE_COLOUR = Color(0.0, 0.0, 0.55)     # navy: prints near-black, easy to tell from text
_PAGE_SIZES = (("A4", A4), ("A3", A3), ("A2", A2), ("A1", A1), ("A0", A0))
_HEADER_MM = 24.0                          # text block at the top of an outline page
_FOOTER_MM = 18.0                          # horizontal bar and its label at the bottom
_SIDE_BAR_MM = 12.0                        # vertical bar and its label at the right
_LABEL_PAD_MM = 7.0                        # room for "TOE"/"HEEL" above and below the outline
_LAST_ORDER = ("length_mm", "ball_girth_mm", "ball_width_mm", "instep_girth_mm", "heel_width_mm")


def work_ticket_pdf(doc: Mapping[str, Any]) -> bytes:
    """The work ticket of order document ``doc`` (order-v1) as PDF bytes; same doc, same bytes."""
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=A4, invariant=1, pageCompression=0)
    c.setTitle(f"Work ticket {doc['reference']}")
    c.setAuthor("Cordwain")
    c.setCreator("Cordwain")
    c.setSubject(f"{doc['design']['style_name']} for order {doc['reference']}")
    _summary_pages(c, doc)
    for side in SIDES:
        _outline_page(c, doc, side)
    c.save()
    return buffer.getvalue()


def outline_page_size(extent_mm: tuple[float, float]) -> tuple[str, tuple[float, float]]:
    """(name, (width, height) in pt) of the smallest portrait A page that holds an outline of ``extent_mm``.

    ``extent_mm`` is (across, along) the outline's bounding box in mm.
    """
    across, along = extent_mm
    for name, (width, height) in _PAGE_SIZES:
        if (along + 2 * _LABEL_PAD_MM <= height / mm - 2 * MARGIN_MM - _HEADER_MM - _FOOTER_MM
                and across <= width / mm - 2 * MARGIN_MM - _SIDE_BAR_MM):
            return name, (width, height)
    return _PAGE_SIZES[-1]


def ticket_outline(doc: Mapping[str, Any], side: str) -> tuple[list[list[float]] | None, str, str]:
    """(points, title, note) for the outline page of ``side``: the last's bottom, else the footprint, else none."""
    foot, side_name = doc["feet"][side], side.upper()
    if foot["last"].get("bottom_outline_mm"):
        return foot["last"]["bottom_outline_mm"], f"{side_name} last: bottom outline at 1:1", "Last bottom outline"
    if foot.get("outline_mm"):
        return (foot["outline_mm"], f"{side_name} FOOT: footprint at 1:1 (not the last)",
                "FOOT footprint outline (the order has no last outline; the last is larger)")
    return None, f"{side_name} last: no outline", \
        "This order carries no outline for this foot: take the shape from the 3MF/STL last file."


# -- page 1: the summary ---------------------------------------------------------------------------------------

class _Sheet:
    """A cursor moving down A4 summary pages, starting a new page when one is full."""

    def __init__(self, c: Canvas, reference: str) -> None:
        self.c, self.reference, self.page = c, reference, 1
        self.y = A4[1] - MARGIN_MM * mm

    def need(self, height: float) -> None:
        if self.y - height < MARGIN_MM * mm:
            self.c.showPage()
            self.c.setPageSize(A4)
            self.page += 1
            self.y = A4[1] - MARGIN_MM * mm
            self.text(f"{self.reference} work ticket (continued, page {self.page})", font=("Helvetica-Bold", 11))

    def text(self, value: str, font: tuple[str, float] = ("Helvetica", 9), leading: float = 1.45,
             width_mm: float = A4[0] / mm - 2 * MARGIN_MM) -> None:
        self.need(font[1] * leading)
        self.y -= font[1] * leading
        self.c.setFont(*font)
        self.c.setFillColor(black)
        self.c.drawString(MARGIN_MM * mm, self.y, _fit(self.c, value, width_mm * mm, *font))

    def paragraph(self, value: str, font: tuple[str, float] = ("Helvetica", 9)) -> None:
        for line in simpleSplit(value, font[0], font[1], A4[0] - 2 * MARGIN_MM * mm):
            self.text(line, font=font)

    def table(self, title: str, header: list[str], rows: list[list[Any]], widths_mm: Sequence[float]) -> None:
        """A ruled table; the first column left-aligned, the others right-aligned."""
        self.gap(3)
        self.text(title, font=("Helvetica-Bold", 10))
        for index, row in enumerate([header] + rows):
            self.need(5 * mm)
            self.y -= 5 * mm
            x = MARGIN_MM * mm
            self.c.setFont("Helvetica-Bold" if index == 0 else "Helvetica", 8.5)
            for value, width in zip(row, widths_mm):
                cell = _fit(self.c, str(value), width * mm - 4, "Helvetica-Bold" if index == 0 else "Helvetica", 8.5)
                if x == MARGIN_MM * mm:
                    self.c.drawString(x + 2, self.y + 1.5 * mm, cell)
                else:
                    self.c.drawRightString(x + width * mm - 2, self.y + 1.5 * mm, cell)
                x += width * mm
            self.c.setLineWidth(0.8 if index == 0 else 0.3)
            self.c.line(MARGIN_MM * mm, self.y, MARGIN_MM * mm + sum(widths_mm) * mm, self.y)

    def gap(self, height_mm: float) -> None:
        self.y -= height_mm * mm


def _summary_pages(c: Canvas, doc: Mapping[str, Any]) -> None:
    design, feet = doc["design"], doc["feet"]
    sheet = _Sheet(c, doc["reference"])
    _qr_code(c, doc["reference"], x=A4[0] - (MARGIN_MM + 32) * mm, y=A4[1] - (MARGIN_MM + 32) * mm, size=32 * mm)
    sheet.text("Cordwain work ticket", font=("Helvetica", 10))
    sheet.text(doc["reference"], font=("Helvetica-Bold", 24), leading=1.2)
    sheet.gap(2)
    sheet.text(f"Due {doc['due_date']}", font=("Helvetica-Bold", 14))
    sheet.gap(1)
    approval = doc["approval"]
    for line in (
        f"Style: {design['style_name']} ({design['style']})    Construction: {_words(design['construction'])}",
        f"Factory: {doc['factory']}    Placed: {doc['placed_at']}    Customer: {doc['customer']['reference']}",
        f"Lasts approved by {approval['approved_by']} at {approval['approved_at']}",
    ):
        sheet.text(line, font=("Helvetica", 9.5), width_mm=148)
    if approval.get("notes"):
        sheet.paragraph(f"Fitter's notes: {approval['notes']}", font=("Helvetica-Oblique", 9.5))
    options = [[option.get("group_label") or _words(group).capitalize(), option["label"], option["code"]]
               for group, option in design["options"].items()]
    sheet.table("Options", ["Group", "Choice", "Code"], options, (40, 95, 45))
    size_names = (("eu", "EU"), ("uk", "UK"), ("us_men", "US men"), ("us_women", "US women"),
                  ("mondopoint", "Mondopoint"), ("width", "Width"))
    sheet.table("Size labels (reference only: the lasts are made to measure)", ["Size", "Left", "Right"],
                [[title] + [feet[s]["sizes"][key] for s in SIDES] for key, title in size_names], (40, 35, 35))
    sheet.table("Lasts (mm): target from the allowances, measured back from the mesh in this package",
                ["Measurement", "L target", "L measured", "L diff", "R target", "R measured", "R diff"],
                _last_rows(feet), (40, 23, 23, 20, 23, 23, 20))
    if all(feet[s]["last"].get("measurement_sheet") for s in SIDES):
        sheet.table("Measurement sheet (mm), measured back from the mesh in this package", ["Last", "Left", "Right"],
                    _sheet_rows(feet), (55, 30, 30))
    sheet.table("Feet (mm): value, source, one-sigma uncertainty", ["Measurement", "Left", "Right"],
                _foot_rows(feet), (40, 55, 55))
    sheet.table("Allowances applied", ["Rule", "Left", "Right", "Source"], _rule_rows(feet), (55, 22, 22, 81))
    sheet.gap(3)
    sheet.text(f"Last frame: {feet['left']['last']['frame']}", font=("Helvetica", 8))
    sheet.text("Bottom outlines at 1:1 follow, one page per foot: print them at 100 % (actual size).",
               font=("Helvetica-Bold", 9))
    c.showPage()


def _last_rows(feet: Mapping[str, Any]) -> list[list[Any]]:
    names = [n for n in _LAST_ORDER if any(n in feet[s]["last"]["target"] or n in feet[s]["last"]["measured"]
                                            for s in SIDES)]
    names += sorted({n for s in SIDES for part in ("target", "measured") for n in feet[s]["last"][part]} - set(names))
    rows: list[list[Any]] = []
    for name in names:
        row = [label(name)]
        for side in SIDES:
            target, measured = feet[side]["last"]["target"].get(name), feet[side]["last"]["measured"].get(name)
            diff = f"{measured - target:+.1f}" if target is not None and measured is not None else ""
            row += [_mm(target), _mm(measured), diff]
        rows.append(row)
    for key, title in (("heel_height_mm", "Heel height"), ("toe_spring_mm", "Toe spring")):
        rows.append([title, "", _mm(feet["left"]["last"][key]), "", "", _mm(feet["right"]["last"][key]), ""])
    return rows


def _sheet_rows(feet: Mapping[str, Any]) -> list[list[Any]]:
    """One row per measurement-sheet value, in the sheet's order (both feet's sheets have the same names)."""
    names = list(feet["left"]["last"]["measurement_sheet"])
    return [[_words(name.removesuffix("_mm")).capitalize()]
            + [_mm(feet[side]["last"]["measurement_sheet"].get(name)) for side in SIDES] for name in names]


def _foot_rows(feet: Mapping[str, Any]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for name in MEASUREMENT_NAMES:
        cells: list[str] = []
        for side in SIDES:
            m = feet[side]["measurements"].get(name)
            if m is None:
                cells.append("not known")
                continue
            spread = f" ±{m['uncertainty_mm']:.1f}" if m.get("uncertainty_mm") is not None else ""
            cells.append(f"{m['value_mm']:.1f}{spread} ({m['source']})")
        if any(cell != "not known" for cell in cells):
            rows.append([label(name)] + cells)
    return rows


def _rule_rows(feet: Mapping[str, Any]) -> list[list[Any]]:
    rules: dict[str, dict[str, str]] = {}
    for side in SIDES:
        for rule in feet[side]["rules_applied"]:
            entry = rules.setdefault(rule["name"], {"source": rule["source"]})
            entry[side] = f"{rule['value']:g} {rule['unit']}"
    return [[name, entry.get("left", ""), entry.get("right", ""), entry["source"]] for name, entry in rules.items()]


def _qr_code(c: Canvas, text: str, x: float, y: float, size: float) -> None:
    """QR code of ``text`` as one filled vector path, ``size`` pt square, lower-left at (x, y) pt."""
    code = qrcode.QRCode(border=0, error_correction=ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    module = size / len(matrix)
    path = c.beginPath()
    for row, modules in enumerate(matrix):
        col = 0
        while col < len(modules):
            if not modules[col]:
                col += 1
                continue
            start = col
            while col < len(modules) and modules[col]:
                col += 1
            path.rect(x + start * module, y + size - (row + 1) * module, (col - start) * module, module)
    c.setFillColor(black)
    c.drawPath(path, stroke=0, fill=1)
    c.setFont("Helvetica", 7)
    c.drawCentredString(x + size / 2, y - 9, text)


# -- one page per foot: the outline at 1:1 ---------------------------------------------------------------------

def _outline_page(c: Canvas, doc: Mapping[str, Any], side: str) -> None:
    points, title, note = ticket_outline(doc, side)
    if points is None:
        extent = (0.0, 0.0)
    else:
        xs, ys = [float(p[0]) for p in points], [float(p[1]) for p in points]
        extent = (max(xs) - min(xs), max(ys) - min(ys))
    paper, (width, height) = outline_page_size(extent)
    c.setPageSize((width, height))
    top = height - MARGIN_MM * mm
    c.setFillColor(black)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(MARGIN_MM * mm, top - 14, f"{doc['reference']}  {title}")
    c.setFont("Helvetica-Bold", 10)
    c.drawString(MARGIN_MM * mm, top - 29, f"Print on {paper} at 100 % / actual size, not 'fit to page'. "
                                           "Both black bars must measure 100 mm.")
    if points is not None:
        note = (f"{note}, seen from above, toes up; {extent[1]:.1f} mm long, {extent[0]:.1f} mm wide. "
                f"{doc['design']['style_name']}, heel {doc['feet'][side]['last']['heel_height_mm']:g} mm.")
        _draw_outline(c, points, width, height)
    c.setFont("Helvetica", 9)
    for index, line in enumerate(simpleSplit(note, "Helvetica", 9, width - 2 * MARGIN_MM * mm)[:2]):
        c.drawString(MARGIN_MM * mm, top - 43 - 11 * index, line)
    _scale_bars(c, width)
    c.showPage()


def _draw_outline(c: Canvas, points: Sequence[Sequence[float]], width: float, height: float) -> None:
    xs, ys = [float(p[0]) for p in points], [float(p[1]) for p in points]
    x0_mm = MARGIN_MM + (width / mm - 2 * MARGIN_MM - _SIDE_BAR_MM - (max(xs) - min(xs))) / 2 - min(xs)
    area_bottom = MARGIN_MM + _FOOTER_MM
    area_height = height / mm - 2 * MARGIN_MM - _HEADER_MM - _FOOTER_MM
    y0_mm = area_bottom + (area_height - (max(ys) - min(ys))) / 2 - min(ys)

    def page(x: float, y: float) -> tuple[float, float]:
        return (x0_mm + x) * mm, (y0_mm + y) * mm

    c.setStrokeColor(Color(0.6, 0.6, 0.6))     # the last axis (x = 0), dashed grey
    c.setLineWidth(0.4)
    c.setDash(3, 3)
    if min(xs) < 0 < max(xs):
        c.line(*page(0, min(ys)), *page(0, max(ys)))
    c.setDash()
    path = c.beginPath()
    path.moveTo(*page(xs[0], ys[0]))
    for x, y in zip(xs[1:], ys[1:]):
        path.lineTo(*page(x, y))
    path.close()
    c.setStrokeColor(OUTLINE_COLOUR)
    c.setLineWidth(0.8)
    c.drawPath(path, stroke=1, fill=0)
    c.setFillColor(black)
    c.setFont("Helvetica-Bold", 9)
    middle = (min(xs) + max(xs)) / 2
    c.drawCentredString(*page(middle, max(ys) + 3), "TOE")
    c.drawCentredString(page(middle, 0)[0], page(0, min(ys) - 6)[1], "HEEL")
    c.setStrokeColor(black)


def _scale_bars(c: Canvas, width: float) -> None:
    """Two solid black 100 x 4 mm bars: along the bottom (x) and up the right edge (y)."""
    length, thick = SCALE_BAR_MM
    c.setFillColor(black)
    c.rect(MARGIN_MM * mm, (MARGIN_MM + 6) * mm, length * mm, thick * mm, stroke=0, fill=1)
    c.setFont("Helvetica", 8)
    c.drawString(MARGIN_MM * mm, (MARGIN_MM + 1) * mm, "100 mm: measure this bar to check the print scale")
    right = width / mm - MARGIN_MM
    c.rect((right - thick) * mm, (MARGIN_MM + _FOOTER_MM) * mm, thick * mm, length * mm, stroke=0, fill=1)
    c.saveState()
    c.translate((right - thick - 2) * mm, (MARGIN_MM + _FOOTER_MM) * mm)
    c.rotate(90)
    c.drawString(0, 0, "100 mm")
    c.restoreState()


# -- small helpers ---------------------------------------------------------------------------------------------

def _mm(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _words(code: str) -> str:
    return code.replace("_", " ").replace("-", " ")


def _fit(c: Canvas, text: str, width: float, font: str, size: float) -> str:
    """``text`` cut with an ellipsis to ``width`` pt."""
    if c.stringWidth(text, font, size) <= width:
        return text
    while text and c.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"
