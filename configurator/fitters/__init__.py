"""The fitters' desk: the queue of machine-made fits, and approving, adjusting or returning each one.

Views: ``routes.py`` (its blueprint ``bp``). Services: ``services.py`` (allowances, rebuilding an order's lasts, the queue);
the order's moves themselves are ``orders.moves``. Templates: ``templates/fitters/``.
"""
