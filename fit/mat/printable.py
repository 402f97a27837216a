"""The mat as a print-ready page, drawn from the contract: PDF (vector) and PNG (300 dpi).

One layout (``mat_layout``) feeds both files and the scene renderer in the tests, so what the
shopper prints is what the measurer expects. Everything printed besides the markers stays out of
the marker columns; the words go in the margins at the ends of the corridor, where a foot up to
270 mm long does not reach (heel line at 12 mm).
"""

import io
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image

from .contract import Mat, load_mat

#: 300 dots per inch, as pixels per millimetre (PNG).
PNG_PX_PER_MM = 300 / 25.4
SCALE_BAR_MM = 100.0
_TEXT_FONT = cv2.FONT_HERSHEY_SIMPLEX


@dataclass(frozen=True)
class Box:
    """A filled black rectangle, mm, mat frame: ``x0 <= x <= x1``, ``y0 <= y <= y1``."""

    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Text:
    """A line of black text: left end of its baseline at ``(x, y)`` mm, cap height ``size_mm``."""

    x: float
    y: float
    text: str
    size_mm: float
    centred: bool = True


def mat_layout(mat: Mat | None = None) -> tuple[list[Box], list[Text]]:
    """Everything printed on ``mat``: black boxes (markers' cells, heel line, scale bar) and texts.

    Returns
    -------
    boxes : list of Box
    texts : list of Text
    """
    mat = mat or load_mat()
    boxes: list[Box] = []
    cell = mat.marker_size_mm / 6.0  # 4x4 bits plus a one-cell black border
    for marker_id, (cx, cy) in mat.markers.items():
        bits = cv2.aruco.generateImageMarker(mat.aruco_dictionary(), marker_id, 6)
        for row, col in zip(*np.nonzero(bits < 128)):
            x0 = cx - mat.marker_size_mm / 2 + col * cell
            y1 = cy + mat.marker_size_mm / 2 - row * cell  # image row 0 is the marker's top (+y)
            boxes.append(Box(x0, y1 - cell, x0 + cell, y1))
    (zx0, zx1), _ = mat.foot_zone_mm
    h = mat.heel_line_y_mm
    boxes.append(Box(zx0, h - 0.4, zx1, h + 0.4))
    top = mat.paper_mm[1]
    bar_x0 = (mat.paper_mm[0] - SCALE_BAR_MM) / 2 - 6.0
    bar_y0, bar_y1 = top - 14.0, top - 11.5
    for k in range(0, 10, 2):  # alternate 10 mm black and white segments, outlined
        boxes.append(Box(bar_x0 + 10.0 * k, bar_y0, bar_x0 + 10.0 * (k + 1), bar_y1))
    for y in (bar_y0 - 0.15, bar_y1 - 0.15):
        boxes.append(Box(bar_x0, y, bar_x0 + SCALE_BAR_MM, y + 0.3))
    for x in (bar_x0 - 0.15, bar_x0 + SCALE_BAR_MM - 0.15):
        boxes.append(Box(x, bar_y0 - 1.0, x + 0.3, bar_y1 + 1.0))
    texts = [
        Text(bar_x0 + SCALE_BAR_MM + 2.0, bar_y0, "100 mm", 2.2, centred=False),
        Text(mat.paper_mm[0] / 2, top - 8.5, f"Ruler check: {mat.print_check}.", 1.9),
        Text(mat.paper_mm[0] / 2, 4.5, f"{mat.name}   Print at 100 % / actual size (not 'fit to page').", 2.4),
    ]
    return boxes, texts


def render_mat(px_per_mm: float = PNG_PX_PER_MM, mat: Mat | None = None) -> npt.NDArray[np.uint8]:
    """The printed page as a grey image.

    Returns
    -------
    (H, W) uint8
        255 = paper, 0 = ink; row 0 is the toe end (y = paper length), column 0 is x = 0.
    """
    mat = mat or load_mat()
    w_mm, h_mm = mat.paper_mm
    page = np.full((int(round(h_mm * px_per_mm)), int(round(w_mm * px_per_mm))), 255, np.uint8)
    boxes, texts = mat_layout(mat)

    def px(x: float, y: float) -> tuple[float, float]:
        return x * px_per_mm, (h_mm - y) * px_per_mm

    s = 16  # fixed-point bits for sub-pixel edges
    for b in boxes:
        (x0, y0), (x1, y1) = px(b.x0, b.y1), px(b.x1, b.y0)
        quad = np.round(np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]]) * s - 0.5 * s).astype(np.int32)
        cv2.fillConvexPoly(page, quad, 0, lineType=cv2.LINE_AA, shift=4)
    for t in texts:
        scale = t.size_mm * px_per_mm / cv2.getTextSize("H", _TEXT_FONT, 1.0, 1)[0][1]
        thick = max(1, int(round(scale * 1.6)))
        width = cv2.getTextSize(t.text, _TEXT_FONT, scale, thick)[0][0]
        x, y = px(t.x, t.y)
        x = x - width / 2 if t.centred else x
        cv2.putText(page, t.text, (int(round(x)), int(round(y))), _TEXT_FONT, scale, 0, thick, cv2.LINE_AA)
    return page


def mat_png(mat: Mat | None = None) -> bytes:
    """The mat as PNG bytes at 300 dpi (the file carries its dpi so it prints at actual size)."""
    out = io.BytesIO()
    Image.fromarray(render_mat(PNG_PX_PER_MM, mat)).save(out, format="PNG", dpi=(300, 300), optimize=True)
    return out.getvalue()


def mat_pdf(mat: Mat | None = None) -> bytes:
    """The mat as a one-page PDF, vector, page size = the contract's paper."""
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    mat = mat or load_mat()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(mat.paper_mm[0] * mm, mat.paper_mm[1] * mm))
    pdf.setTitle(f"{mat.name}: print at 100 % / actual size")
    boxes, texts = mat_layout(mat)
    pdf.setFillGray(0.0)
    for b in boxes:
        pdf.rect(b.x0 * mm, b.y0 * mm, (b.x1 - b.x0) * mm, (b.y1 - b.y0) * mm, stroke=0, fill=1)
    for t in texts:
        size_pt = t.size_mm * mm / 0.72  # Helvetica's cap height is 0.72 of its size
        pdf.setFont("Helvetica", size_pt)
        draw = pdf.drawCentredString if t.centred else pdf.drawString
        draw(t.x * mm, t.y * mm, t.text)
    pdf.showPage()
    pdf.save()
    return out.getvalue()
