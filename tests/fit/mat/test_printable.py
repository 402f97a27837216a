"""The printable mat: markers where the contract puts them, the scale bar 100 mm, the words on it."""

import io
import subprocess

import cv2
import numpy as np
import pytest
from PIL import Image

from fit.mat.contract import load_mat
from fit.mat.markers import detect_markers
from fit.mat.printable import PNG_PX_PER_MM, SCALE_BAR_MM, mat_layout, mat_pdf, mat_png


def _centres_mm(gray, px_per_mm, mat):
    found = detect_markers(gray, mat)
    h = gray.shape[0]
    return {i: np.array([q[:, 0].mean() + 0.5, h - (q[:, 1].mean() + 0.5)]) / px_per_mm for i, q in found.items()}


def test_png_prints_at_actual_size_with_every_marker_where_the_contract_says():
    mat = load_mat()
    im = Image.open(io.BytesIO(mat_png()))
    assert im.info["dpi"] == pytest.approx((300, 300), abs=0.01)
    assert im.size == (round(210 * PNG_PX_PER_MM), round(297 * PNG_PX_PER_MM))
    centres = _centres_mm(np.asarray(im.convert("L")), PNG_PX_PER_MM, mat)
    assert sorted(centres) == list(range(10))
    for marker_id, centre in centres.items():
        assert centre == pytest.approx(mat.markers[marker_id], abs=0.2)
    # the ruler check printed on the sheet holds on the printed markers
    assert np.linalg.norm(centres[0] - centres[4]) == pytest.approx(247.0, abs=0.2)
    assert np.linalg.norm(centres[0] - centres[5]) == pytest.approx(166.0, abs=0.2)


def test_scale_bar_spans_100_mm_outside_the_marker_columns_and_the_words_are_there():
    mat = load_mat()
    boxes, texts = mat_layout(mat)
    gray = np.asarray(Image.open(io.BytesIO(mat_png())).convert("L"))
    row = int(round(12.75 * PNG_PX_PER_MM))  # image row 0 is the toe end; through the bar's black and white segments
    label = next(t for t in texts if t.text == "100 mm")
    lo, hi = (int(round(x * PNG_PX_PER_MM)) for x in (mat.foot_zone_mm[0][0], label.x - 0.5))
    ink = lo + np.nonzero(gray[row, lo:hi] < 128)[0]  # between the marker columns, before the label
    # end ticks 0.3 mm wide, centred on 0 and 100 mm
    assert (ink.max() - ink.min() + 1) / PNG_PX_PER_MM - 0.3 == pytest.approx(SCALE_BAR_MM, abs=0.2)
    words = " ".join(t.text for t in texts)
    assert "print at 100 % / actual size".lower() in words.lower()
    assert mat.name in words and mat.print_check in words
    heel = [b for b in boxes if b.y0 < mat.heel_line_y_mm < b.y1 and b.x1 - b.x0 > 100]
    assert heel and heel[0].x0 == mat.foot_zone_mm[0][0]


def test_pdf_is_one_page_of_the_contract_paper_and_renders_the_same_markers(tmp_path):
    mat = load_mat()
    pdf = mat_pdf()
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") >= 1
    path = tmp_path / "mat.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", str(path), str(tmp_path / "page")], check=True)
    page = cv2.imread(str(next(tmp_path.glob("page*.png"))), cv2.IMREAD_GRAYSCALE)
    px_per_mm = 150 / 25.4
    assert page.shape == pytest.approx((297 * px_per_mm, 210 * px_per_mm), abs=1.0)
    centres = _centres_mm(page, px_per_mm, mat)
    assert sorted(centres) == list(range(10))
    for marker_id, centre in centres.items():
        assert centre == pytest.approx(mat.markers[marker_id], abs=0.35)
