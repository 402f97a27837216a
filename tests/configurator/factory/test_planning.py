"""Planning CSV: one line per pair, fixed columns, parsed back with the csv module."""

import csv
import io
import sys
from pathlib import Path

import pytest

from configurator.factory.package import PackageError
from configurator.factory.planning import COLUMNS, planning_csv

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_package import sample_order_document  # noqa: E402


def parse(text):
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_one_line_per_pair_sorted_by_due_date():
    later = sample_order_document("CW-7K3P9Q", due_date="2026-12-18")
    sooner = sample_order_document("CW-A2B3C4", due_date="2026-12-04")
    sooner["design"]["options"]["lining"] = {"code": "calf-natural", "label": "Natural calf lining"}
    text = planning_csv([later, sooner])
    assert text.splitlines()[0].split(",") == list(COLUMNS)
    assert text.endswith("\r\n")
    rows = parse(text)
    assert [row["reference"] for row in rows] == ["CW-A2B3C4", "CW-7K3P9Q"]
    row = rows[1]
    assert list(row) == list(COLUMNS)
    assert row["factory"] == "PT-FELG" and row["style"] == "oxford" and row["construction"] == "goodyear_welted"
    assert (row["leather"], row["sole"], row["toe"], row["heel"]) == ("calf-black", "leather", "almond", "25mm")
    assert row["heel_height_mm"] == "25.0" and row["toe_spring_mm"] == "12.0"
    assert (row["eu_left"], row["eu_right"], row["uk_left"]) == ("42", "42", "8")
    assert (row["mondopoint_left"], row["mondopoint_right"]) == ("265/102", "266/102")
    assert (row["last_length_left_mm"], row["last_length_right_mm"]) == ("280.0", "281.5")
    assert (row["ball_girth_left_mm"], row["ball_girth_right_mm"]) == ("242.4", "242.4")
    assert row["due_date"] == "2026-12-18" and row["other_options"] == ""
    assert rows[0]["other_options"] == "lining=calf-natural"


def test_empty_export_has_the_header_only():
    assert parse(planning_csv([])) == []
    assert planning_csv([]) == ",".join(COLUMNS) + "\r\n"


def test_cells_cannot_become_spreadsheet_formulas():
    doc = sample_order_document()
    doc["design"]["style_name"] = "=HYPERLINK(\"http://x\",\"Oxford\")"
    assert parse(planning_csv([doc]))[0]["style_name"].startswith("'=")


def test_invalid_document_is_refused():
    doc = sample_order_document()
    del doc["feet"]["left"]["sizes"]["eu"]
    with pytest.raises(PackageError, match=r"\$\.feet\.left\.sizes\.eu"):
        planning_csv([doc])
