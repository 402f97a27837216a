"""Factories: their API (/api/v1/factory), tokens, and the documents they build from.

Views: ``routes.py`` (its blueprint ``bp``) (with ``idempotency.py`` for replayed POSTs). Services: ``tokens``, ``document``
(the order-v1 document, package and planning rows of an order), ``package`` (the zip), ``planning``
(the CSV), ``workticket`` (the PDF). The published schema is ``schemas/order-v1.json``.
"""
