"""Staff sign-in: fitters and admins, with hashed passwords and a session cookie.

Views: ``routes.py`` (its blueprint ``bp``). Services: ``services.py`` (accounts). ``access.staff_required`` guards
staff views in other areas. Templates: ``templates/staff/``.
"""
