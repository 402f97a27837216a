"""The work ticket PDF: rendered with poppler's pdftoppm, the outlines and scale bars measured in pixels."""

import shutil
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from configurator.factory.workticket import outline_page_size, work_ticket_pdf

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_package import last_outline_mm, sample_order_document  # noqa: E402

DPI = 100
PX_PER_MM = DPI / 25.4
SCALE_BAR_PX = 100 * PX_PER_MM        # 393.7 px
A4_PX, A3_PX = (827, 1169), (1169, 1654)

needs_poppler = pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils (pdftoppm) not installed")


def render(pdf, tmp_path, dpi=DPI):
    """Pages of ``pdf`` as (rows, cols, 3) uint8 RGB arrays, rendered by pdftoppm at ``dpi``."""
    (tmp_path / "ticket.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "ticket.pdf", "page"], cwd=tmp_path, check=True)
    return [np.asarray(Image.open(p).convert("RGB")) for p in sorted(tmp_path.glob("page-*.png"))]


def page_text(pdf, tmp_path, page):
    (tmp_path / "text.pdf").write_bytes(pdf)
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", "text.pdf", "-"],
                          cwd=tmp_path, check=True, capture_output=True, text=True).stdout


def longest_runs(mask):
    """Longest run of True along each row of ``mask`` ((rows, cols) bool), (rows,) int."""
    padded = np.pad(mask.astype(np.int8), ((0, 0), (1, 1)))
    runs = np.zeros(mask.shape[0], dtype=int)
    for row, (starts, ends) in enumerate(zip(*_edges(padded))):
        if len(starts):
            runs[row] = int((ends - starts).max())
    return runs


def _edges(padded):
    steps = np.diff(padded, axis=1)
    starts = [np.flatnonzero(s == 1) for s in steps]
    ends = [np.flatnonzero(s == -1) for s in steps]
    return starts, ends


def bar_length_px(black):
    """Length in px of the solid bar in ``black`` ((rows, cols) bool): the median long run of its rows."""
    runs = longest_runs(black)
    bar_rows = runs[runs > 300]
    assert 13 <= len(bar_rows) <= 18, f"expected a 4 mm (15.7 px) thick bar, found {len(bar_rows)} rows"
    return float(np.median(bar_rows))


def is_black(page):
    return (page < 100).all(axis=2)


def is_navy(page):
    """The outline's colour (0, 0, 0.55) and its anti-aliased edges: blue well above red."""
    red, blue = page[..., 0].astype(int), page[..., 2].astype(int)
    return (blue - red > 50) & (red < 200)


@pytest.fixture(scope="module")
def doc():
    return sample_order_document()


@pytest.fixture(scope="module")
def pdf(doc):
    return work_ticket_pdf(doc)


def test_ticket_is_deterministic(doc, pdf):
    assert work_ticket_pdf(sample_order_document()) == pdf
    assert pdf.startswith(b"%PDF-") and b"CreationDate" in pdf


@needs_poppler
def test_pages_and_paper_sizes(pdf, tmp_path):
    pages = render(pdf, tmp_path)
    assert len(pages) == 3
    assert abs(pages[0].shape[1] - A4_PX[0]) <= 1 and abs(pages[0].shape[0] - A4_PX[1]) <= 1
    for page in pages[1:]:                            # 280 mm lasts: A3 portrait
        assert abs(page.shape[1] - A3_PX[0]) <= 1 and abs(page.shape[0] - A3_PX[1]) <= 1


@needs_poppler
@pytest.mark.parametrize("page_number, side", [(2, "left"), (3, "right")])
def test_outline_pages_are_one_to_one(doc, pdf, tmp_path, page_number, side):
    page = render(pdf, tmp_path)[page_number - 1]
    black = is_black(page)
    assert abs(bar_length_px(black) - SCALE_BAR_PX) <= 1.5          # horizontal bar: x scale
    assert abs(bar_length_px(black.T) - SCALE_BAR_PX) <= 1.5        # vertical bar: y scale
    outline = np.asarray(doc["feet"][side]["last"]["bottom_outline_mm"])
    length_mm, width_mm = np.ptp(outline[:, 1]), np.ptp(outline[:, 0])
    rows, cols = np.nonzero(is_navy(page))
    line_px = 0.8 / 72 * DPI                                         # the outline's stroke width
    assert abs(rows.max() - rows.min() + 1 - line_px - length_mm * PX_PER_MM) <= 2.0
    assert abs(cols.max() - cols.min() + 1 - line_px - width_mm * PX_PER_MM) <= 2.0
    text = page_text(pdf, tmp_path, page_number)
    assert "Print on A3 at 100 % / actual size" in text and f"{side.upper()} last" in text


@needs_poppler
def test_summary_page_has_reference_qr_and_tables(doc, pdf, tmp_path):
    page = render(pdf, tmp_path, dpi=150)[0]
    decoded, _, _ = cv2.QRCodeDetector().detectAndDecode(cv2.cvtColor(page, cv2.COLOR_RGB2BGR))
    assert decoded == "CW-7K3P9Q"
    text = page_text(pdf, tmp_path, 1)
    for expected in ("CW-7K3P9Q", "Due 2026-12-18", "Oxford", "goodyear welted", "Black box calf", "265/102",
                     "Ball girth", "242.1", "242.4", "265.0 ±1.5 (photo)", "Toe allowance", "Ana Ferreira"):
        assert expected in text, expected


@pytest.mark.parametrize("extent_mm, paper", [
    ((80, 200), "A4"), ((100, 280), "A3"), ((104, 340), "A3"), ((110, 360), "A2"), ((115, 420), "A2"),
])
def test_outline_page_is_the_smallest_a_size_that_fits(extent_mm, paper):
    assert outline_page_size(extent_mm)[0] == paper


@needs_poppler
def test_long_last_stays_one_to_one_on_a2(doc, tmp_path):
    doc = sample_order_document()
    doc["feet"]["left"]["last"]["bottom_outline_mm"] = last_outline_mm(360.0, 120.0, "left")
    pdf = work_ticket_pdf(doc)
    page = render(pdf, tmp_path, dpi=50)[1]
    assert abs(page.shape[0] - 594 / 25.4 * 50) <= 1                 # A2 portrait is 594 mm tall
    rows, _ = np.nonzero(is_navy(page))
    assert abs(rows.max() - rows.min() + 1 - 360 * 50 / 25.4) <= 2.0
    assert "Print on A2" in page_text(pdf, tmp_path, 2)


@needs_poppler
def test_footprint_or_nothing_when_the_last_has_no_outline(tmp_path):
    doc = sample_order_document()
    del doc["feet"]["left"]["last"]["bottom_outline_mm"]
    doc["feet"]["left"]["outline_mm"] = last_outline_mm(265.0, 101.5, "left")
    del doc["feet"]["right"]["last"]["bottom_outline_mm"]
    pdf = work_ticket_pdf(doc)
    assert "FOOT footprint outline" in page_text(pdf, tmp_path, 2)
    right = page_text(pdf, tmp_path, 3)
    assert "no outline" in right and "3MF/STL" in right
    page = render(pdf, tmp_path)[2]
    assert not is_navy(page).any()
    assert abs(bar_length_px(is_black(page)) - SCALE_BAR_PX) <= 1.5


@needs_poppler
def test_summary_page_lists_the_measurement_sheet_when_the_lasts_have_one(doc, tmp_path):
    sheet = {"stick_length_mm": 281.4, "short_heel_girth_mm": 331.2, "toe_thickness_mm": 24.6}
    for side in ("left", "right"):
        doc["feet"][side]["last"]["measurement_sheet"] = sheet
    text = page_text(work_ticket_pdf(doc), tmp_path, 1)
    for expected in ("Measurement sheet", "Stick length", "281.4", "Short heel girth", "331.2", "Toe thickness"):
        assert expected in text, expected
