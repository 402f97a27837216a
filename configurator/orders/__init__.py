"""Orders: placing one, its lifecycle (states, moves, timeline), and the shopper's order page.

Views: ``routes.py`` (its blueprint ``bp``). Services: ``placing``, ``lifecycle`` (the rules), ``moves`` (release, cancel,
return, refit, help), ``lookup``. Templates: ``templates/orders/``.
"""
