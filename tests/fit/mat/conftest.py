import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # the mat scene renderer: ``import mat_scenes``
sys.path.insert(0, str(HERE.parent / "photo"))  # its foot meshes, floors and encoder: ``import scenes``
