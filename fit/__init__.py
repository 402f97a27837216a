"""Cordwain's fitting core: feet in, shoe lasts out.

A pure library: numpy, OpenCV, trimesh, scipy and the standard library only.
It never imports Flask, SQLAlchemy or ``configurator`` (``tests/fit/test_purity.py``
guards this). Lengths are millimetres everywhere and say so in their names.

Modules
-------
errors    domain errors with a stable code and a sentence for a person
foot      ``Foot``: one foot's measurements, where each came from, plausibility checks
foot_mesh measure a 3D foot scan per the capture contract (``measure_foot_mesh``)
estimate  missing girths from length and width (ANSUR II regression), marked "estimated" with +/-
style     ``StyleRules``: allowances, heel height, toe spring per style, with their sources
last      ``LastSpec`` (targets) and ``build_last``: the lofted, watertight last mesh
shape_model  the foot's sections (medial-high, lateral-low) from a 3D foot or the derived model
sections  flat-bottomed rings, grid faces, end caps and tape girths of a lofted last
measure_last  measure a last back by slicing it; the measurement sheet in last-making terms
drawings  featherline, bottom pattern (DXF/SVG 1:1), centre line, section sheet
factory   thimble hole and hinge cut of the physical last
clearance set a 3D foot into its last and measure how far it stands outside, per station
procedural_foot  random test feet built from anatomical landmarks (for tests and benchmarks)
render    side, top, back and section pictures (PNG)
sizes     EU / UK / US / Mondopoint sizes and width letters from the standard formulas
export    STL, 3MF, GLB and OBJ bytes
pipeline  ``fit_foot`` / ``fit_pair`` / ``make_pair`` / ``write_pair``: feet in, lasts, files (bytes), outlines and
          reports out
report    ``LastReport``: the typed report of one last (measurements, rules, dimensions, sheet, sizes)
shoe      ``build_shoe``: sole, heel and a cut upper around a last; GLB and a still picture (``fit/shoe/``)
plausibility  the final gate: no foot leaves ``fit`` with an impossible length, width or outline
photo     one phone photo of a foot on A4/Letter in, ``PhotoMeasurement`` out (``fit/photo/``)
mat       6-8 photos on the printed ArUco mat in, a 3D foot and its girths out (``fit/mat/``)
"""
