"""The web shell's one error shape, and the handlers that show it: JSON for API clients, a page for people.

``ShopError`` is the shell's own error (a refused order move, a bad form field, an unknown token).
Errors from the ``fit`` library (``FitError``: bad measurements, an unreadable photo) are bad input:
``from_fit_error`` maps them to the same shape with status 422, so no view shows a library type.
"""

from collections.abc import Mapping

from flask import Flask, Response, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException

from fit.errors import FitError


class ShopError(Exception):
    """An error a shopper, fitter or factory can act on.

    ``code`` is stable for machines, ``message`` says what to do, ``field``
    names the input at fault when there is one, ``status`` is the HTTP status.
    """

    def __init__(self, message: str, *, code: str, status: int = 400, field: str | None = None) -> None:
        super().__init__(message)
        self.message, self.code, self.status, self.field = message, code, status, field

    def to_dict(self) -> dict[str, str]:
        body = {"code": self.code, "message": self.message}
        if self.field:
            body["field"] = self.field
        return body

    @classmethod
    def from_fit_error(cls, error: FitError, *, field: str | None = None, status: int = 422) -> "ShopError":
        """The library's error as the shell's: the same code and message; bad input, so 422 by default."""
        return cls(error.message, code=error.code, status=status, field=field or error.field)


class FormErrors(ShopError):
    """Every problem of one form at once: ``errors`` maps each field at fault to its message.

    Pages show each message next to its field; the JSON shape stays the one error shape (the first
    field, and a message that says every problem).
    """

    def __init__(self, errors: Mapping[str, str], *, code: str = "INVALID_FORM", status: int = 422) -> None:
        first_field, first_message = next(iter(errors.items()))
        count = len(errors)
        message = first_message if count == 1 else f"{count} fields need correcting: " + " ".join(errors.values())
        super().__init__(message, code=code, status=status, field=first_field)
        self.errors = dict(errors)


def required_text(form: Mapping[str, str], name: str, message: str) -> str:
    """The stripped text of form field ``name``; refused with ``message`` when empty."""
    text = form.get(name, "").strip()
    if not text:
        raise ShopError(message, code="MISSING_MESSAGE", field=name, status=422)
    return text


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def json_error(error: ShopError) -> Response:
    """``error`` as ``{"error": {"code", "message", "field"?}}`` with its status."""
    response = jsonify(error=error.to_dict())
    response.status_code = error.status
    return response


def error_response(error: ShopError) -> tuple[Response | str, int]:
    """``error`` as JSON for API clients, or the error page for people."""
    if wants_json():
        return json_error(error), error.status
    return render_template("error.html", code=error.code, message=error.message, status=error.status), error.status


def init_app(app: Flask) -> None:
    @app.errorhandler(ShopError)
    def shop_error(error: ShopError) -> tuple[Response | str, int]:
        return error_response(error)

    @app.errorhandler(FitError)
    def library_error(error: FitError) -> tuple[Response | str, int]:
        return error_response(ShopError.from_fit_error(error))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[Response, int]:
        code = (error.name or "error").upper().replace(" ", "_")
        response, status = error_response(ShopError(error.description or error.name, code=code,
                                                    status=error.code or 500))
        response = make_response(response, status)
        for name, value in error.get_headers():       # Allow on a 405, Retry-After on a 429, WWW-Authenticate
            if name.lower() != "content-type":
                response.headers[name] = value
        return response, status

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> tuple[Response | str, int]:
        app.logger.exception("Unhandled error")
        return error_response(ShopError("Something went wrong on our side. Nothing you saved was lost; please "
                                        "try again.", code="INTERNAL_ERROR", status=500))
