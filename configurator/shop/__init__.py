"""The shopper's path: catalog, designs, typed or photographed feet, and the lasts built from them.

Views: ``routes.py`` (its blueprint ``bp``). Services: ``catalog``, ``designs``, ``feet``, ``photos``, ``lasts``.
Templates: ``templates/shop/``.
"""
