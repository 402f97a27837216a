"""How each foot's accepted values were captured (one photo, or the mat's 3D foot), kept beside the feet.

The evidence is what a fitter must see to trust a machine measurement: the photo's warnings, each
value's uncertainty, the outline picture or the 3D foot. It stays valid while the stored values
still come from that capture; typed values replace it.
"""

from fit.photo.uncertainty import UNCERTAIN_2SIGMA_MM

from ..models import Design

#: The value sources each capture method produces (``fit.foot.Foot.sources``).
MEASURED_SOURCES = {"photo": {"photo"}, "mat": {"photo 3D"}}

#: The evidence's stored files an order copies for itself: the 3D foot (as measured, in the foot frame, preview).
CAPTURE_FILES = ("mesh_key", "foot_mesh_key", "preview_key")


def keep_capture(design: Design, side: str, evidence: dict) -> None:
    """Store how ``side``'s values were captured, beside the feet (replacing an earlier capture)."""
    design.captures = {**(design.captures or {}), side: evidence}


def capture_of(captures: dict | None, feet: dict | None, side: str) -> dict | None:
    """``side``'s capture evidence, if its stored values still come from that capture (not typed since)."""
    evidence = (captures or {}).get(side)
    foot = (feet or {}).get(side) or {}
    sources = set((foot.get("sources") or {}).values())
    if evidence is None or not sources & MEASURED_SOURCES.get(evidence.get("method"), set()):
        return None
    return evidence


def is_uncertain(sigma_mm: float | None) -> bool:
    """Whether a value with this one-sigma is shown as uncertain: two sigma beyond about one size step."""
    return sigma_mm is not None and 2.0 * float(sigma_mm) > UNCERTAIN_2SIGMA_MM
