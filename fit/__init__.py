"""Cordwain's fitting core: feet in, shoe lasts out.

A pure library: numpy, OpenCV, trimesh, scipy and the standard library only.
It never imports Flask, SQLAlchemy or ``configurator`` (``tests/fit/test_purity.py``
guards this). Lengths are millimetres everywhere and say so in their names.

Modules
-------
errors    domain errors with a stable code and a sentence for a person
foot      ``Foot``: one foot's measurements, where each came from, plausibility checks
"""
