"""Shop-level domain errors and the handlers that show them: JSON for the API, a page for people."""

from flask import jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from fit.errors import FitError


class ShopError(FitError):
    """An error a shopper, fitter or factory can act on: a ``FitError`` with an HTTP ``status``.

    ``code`` is stable for machines, ``message`` says what to do, ``field``
    names the input at fault when there is one.
    """

    def __init__(self, message, *, code, status=400, field=None):
        super().__init__(message, code=code, field=field)
        self.status = status


def required_text(form, name, message):
    """The stripped text of form field ``name``; refused with ``message`` when empty."""
    text = form.get(name, "").strip()
    if not text:
        raise ShopError(message, code="MISSING_MESSAGE", field=name, status=422)
    return text


def wants_json():
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def error_response(code, message, status, field=None):
    if wants_json():
        body = {"code": code, "message": message}
        if field:
            body["field"] = field
        return jsonify(error=body), status
    return render_template("error.html", code=code, message=message, status=status), status


def init_app(app):
    @app.errorhandler(FitError)
    def domain_error(error):
        # A FitError from the library is bad input (422); a ShopError says its own status.
        return error_response(error.code, error.message, getattr(error, "status", 422), error.field)

    @app.errorhandler(HTTPException)
    def http_error(error):
        code = (error.name or "error").upper().replace(" ", "_")
        return error_response(code, error.description or error.name, error.code)

    @app.errorhandler(Exception)
    def unexpected(error):
        app.logger.exception("Unhandled error")
        return error_response("INTERNAL_ERROR",
                              "Something went wrong on our side. Nothing you saved was lost; please try again.", 500)
