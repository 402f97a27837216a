"""Files on disk under STORAGE_DIR, addressed by keys the app makes itself (never by user file names)."""

import os
import re
from pathlib import Path
from typing import TypeGuard

from flask import current_app

_KEY = re.compile(r"^[A-Za-z0-9_-]+(/[A-Za-z0-9_.-]+)*$")


def path(key: str) -> Path:
    """Absolute path of ``key``; refuses keys that could leave STORAGE_DIR."""
    if not _KEY.match(key) or ".." in key:
        raise ValueError(f"unsafe storage key {key!r}")
    return Path(current_app.config["STORAGE_DIR"]) / key


def save(key: str, data: bytes) -> str:
    """Write ``data`` (bytes) under ``key`` atomically; return the key."""
    target = path(key)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)
    return key


def copy(source: str, key: str) -> str:
    """Give ``key`` the bytes of ``source``; return ``key``.

    A hard link where the disk allows it: stored files are never changed in place (``save`` replaces
    the name), so the two keys can share the bytes, and deleting one leaves the other.
    """
    target = path(key)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    try:
        os.link(path(source), target)
    except OSError:
        save(key, load(source))
    return key


def load(key: str) -> bytes:
    return path(key).read_bytes()


def exists(key: str | None) -> TypeGuard[str]:
    """Whether a file is stored under ``key`` (False for no key)."""
    return key is not None and path(key).exists()


def delete(key: str | None) -> None:
    if key:
        path(key).unlink(missing_ok=True)
