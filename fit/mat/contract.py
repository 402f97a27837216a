"""The printed mat as the capture contract defines it (``fit/data/mat-a4-v1.json``).

Mat frame: millimetres, origin at the paper corner left of the heel end, +x along the short
edge, +y along the long edge toward the toes, +z up out of the paper. Each marker is printed
upright with its top edge facing +y, so OpenCV's corner order (top-left, top-right,
bottom-right, bottom-left) maps to ``(-s, +s), (+s, +s), (+s, -s), (-s, -s)`` around its centre.
"""

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import cv2
import numpy as np
import numpy.typing as npt

#: The mat this release prints and measures.
DEFAULT_MAT = "mat-a4-v1"


@dataclass(frozen=True)
class Mat:
    """One printable calibration mat.

    Attributes
    ----------
    name : str
        Contract name printed on the sheet, e.g. ``"mat-a4-v1"``.
    paper_mm : (float, float)
        Sheet width (x) and length (y), mm.
    dictionary : str
        OpenCV ArUco dictionary name.
    marker_size_mm : float
        Marker side including the black border, mm.
    markers : dict
        Marker id -> centre ``(x, y)`` in the mat frame, mm.
    foot_zone_mm : ((float, float), (float, float))
        ``(x_min, x_max), (y_min, y_max)`` of the corridor left free for the foot, mm.
    heel_line_y_mm : float
        The printed line the heel stands on, mm.
    print_check : str
        The ruler check printed for the shopper, verbatim from the contract.
    """

    name: str
    paper_mm: tuple[float, float]
    dictionary: str
    marker_size_mm: float
    markers: dict[int, tuple[float, float]]
    foot_zone_mm: tuple[tuple[float, float], tuple[float, float]]
    heel_line_y_mm: float
    print_check: str

    def __post_init__(self) -> None:
        if self.marker_size_mm <= 0 or min(self.paper_mm) <= 0:
            raise ValueError("Mat.marker_size_mm and Mat.paper_mm must be positive")
        if len(self.markers) < 4:
            raise ValueError("Mat.markers: a pose needs at least 4 markers")

    def aruco_dictionary(self) -> cv2.aruco.Dictionary:
        """The OpenCV ``cv2.aruco.Dictionary`` the markers come from."""
        return cv2.aruco.getPredefinedDictionary(getattr(cv2.aruco, self.dictionary))

    def marker_corners_mm(self, marker_id: int) -> npt.NDArray[np.float64]:
        """Corners ``(4, 3)`` float, mm, mat frame, in OpenCV's detection order (z = 0)."""
        cx, cy = self.markers[marker_id]
        s = self.marker_size_mm / 2.0
        return np.array([[cx - s, cy + s, 0.0], [cx + s, cy + s, 0.0],
                         [cx + s, cy - s, 0.0], [cx - s, cy - s, 0.0]])


def load_mat(name: str = DEFAULT_MAT) -> Mat:
    """The mat called ``name`` from the contract files shipped in ``fit/data``.

    Returns
    -------
    Mat
    """
    return _load(name)


@lru_cache(maxsize=4)
def _load(name: str) -> Mat:
    try:
        text = resources.files("fit").joinpath("data", f"{name}.json").read_text()
    except FileNotFoundError:
        raise ValueError(f"Unknown mat {name!r}") from None
    raw = json.loads(text)
    zone = raw["foot_zone_mm"]
    paper_x, paper_y = raw["paper_mm"]
    return Mat(name=raw["name"], paper_mm=(paper_x, paper_y), dictionary=raw["aruco_dictionary"],
               marker_size_mm=float(raw["marker_size_mm"]),
               markers={int(m["id"]): (float(m["center_mm"][0]), float(m["center_mm"][1])) for m in raw["markers"]},
               foot_zone_mm=((zone["x"][0], zone["x"][1]), (zone["y"][0], zone["y"][1])),
               heel_line_y_mm=float(raw["heel_line_y_mm"]),
               print_check=raw["print_check"])
