"""storage: files under STORAGE_DIR by keys the app makes, never outside it."""

from pathlib import Path

import pytest

from configurator import storage


def test_save_load_exists_delete(app):
    with app.app_context():
        key = storage.save("designs/abc/left.stl", b"solid")
        assert storage.load(key) == b"solid" and storage.exists(key)
        assert storage.path(key).is_relative_to(Path(app.config["STORAGE_DIR"]))
        assert not list(storage.path(key).parent.glob("*.tmp"))       # written atomically
        storage.delete(key)
        assert not storage.exists(key)
        storage.delete(key)                # deleting twice is fine
        assert not storage.exists(None)


@pytest.mark.parametrize("key", ["../secret", "designs/../../etc/passwd", "/etc/passwd", "a b", ""])
def test_keys_that_could_leave_the_folder_are_refused(app, key):
    with app.app_context(), pytest.raises(ValueError):
        storage.path(key)


def test_a_copy_keeps_its_bytes_when_the_original_is_replaced_or_deleted(app):
    with app.app_context():
        original = storage.save("designs/abc/left.stl", b"solid one")
        copy = storage.copy(original, "orders/R1/left.stl")
        assert storage.load(copy) == b"solid one"
        storage.save(original, b"solid two")                      # a rebuild replaces the design's file
        assert storage.load(copy) == b"solid one" and storage.load(original) == b"solid two"
        storage.delete(original)
        assert storage.load(copy) == b"solid one"
        assert storage.load(storage.copy(copy, copy.replace("R1", "R2"))) == b"solid one"
