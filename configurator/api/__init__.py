"""The shopper's JSON API, version 1 (/api/v1), and its OpenAPI description.

Views: ``routes.py`` (its blueprint ``bp``). ``serializers.py`` turns rows into the published bodies, ``openapi.py``
builds the OpenAPI document, ``body.py`` reads a JSON request body (the factory API uses it too).
Errors are ``{"error": {"code": ..., "message": ..., "field": ...}}`` with a 4xx status.
"""
