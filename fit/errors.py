"""Domain errors: a stable machine-readable ``code`` and a ``message`` for a person.

Views turn these into a flash message or a JSON error body; nothing shows a traceback.
"""

from typing import Any


class FitError(Exception):
    """Base of every error ``fit`` raises on purpose.

    Parameters
    ----------
    code : str
        Stable upper-case identifier, e.g. ``"INVALID_SPEC"``.
    message : str
        What went wrong and what to do, written for a shopper or fitter.
    field : str or None
        The input field at fault, when there is one.
    """

    code = "FIT_ERROR"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.field = field

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.field:
            body["field"] = self.field
        return body


class InvalidSpec(FitError):
    """A measurement or style parameter is out of range or inconsistent."""

    code = "INVALID_SPEC"


class PhotoError(FitError):
    """A photo cannot be measured; ``code`` says why (NO_PAPER, TOO_DARK, ...)."""

    code = "PHOTO_ERROR"


class ImplausibleFoot(FitError):
    """A measurement no foot can have (``fit.plausibility``); ``code`` says which check failed:
    IMPLAUSIBLE_LENGTH, IMPLAUSIBLE_WIDTH, HEEL_WIDER_THAN_BALL, OUTLINE_NOT_FOOT."""

    code = "IMPLAUSIBLE_FOOT"
