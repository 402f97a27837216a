"""shop.captures: capture evidence kept beside the feet, valid while the values still come from it."""

from configurator.shop.captures import capture_of, is_uncertain, keep_capture
from configurator.models import Design

PHOTO_FOOT = {"foot_length_mm": 260.0, "ball_width_mm": 100.0, "heel_width_mm": 68.0,
              "sources": {"foot_length_mm": "photo", "ball_width_mm": "photo", "heel_width_mm": "estimated"}}
TYPED_FOOT = {"foot_length_mm": 260.0, "ball_width_mm": 100.0, "sources": {"foot_length_mm": "typed"}}


def test_two_sigma_beyond_four_mm_is_uncertain():
    assert is_uncertain(2.1) and not is_uncertain(2.0) and not is_uncertain(None)


def test_evidence_holds_while_the_values_come_from_its_capture():
    design = Design()
    keep_capture(design, "left", {"method": "photo", "warnings": ["The leg hides the heel."]})
    keep_capture(design, "right", {"method": "mat", "warnings": []})
    assert capture_of(design.captures, {"left": PHOTO_FOOT}, "left")["warnings"] == ["The leg hides the heel."]
    assert capture_of(design.captures, {"left": TYPED_FOOT}, "left") is None       # typed since
    assert capture_of(design.captures, {"right": PHOTO_FOOT}, "right") is None     # not a 3D foot
    assert capture_of(None, {"left": PHOTO_FOOT}, "left") is None
