"""Authentication for the REST API: the LMS session, and JWT where edx-drf-extensions is installed."""

from __future__ import annotations

from rest_framework.authentication import BaseAuthentication, SessionAuthentication


def authentication_classes() -> list[type[BaseAuthentication]]:
    """JWT first when available (mobile apps, services), then the browser session with CSRF."""
    classes: list[type[BaseAuthentication]] = []
    try:
        from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
    except ImportError:
        pass
    else:
        classes.append(JwtAuthentication)
    classes.append(SessionAuthentication)
    return classes
