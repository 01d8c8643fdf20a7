"""Authentication for the REST API: the LMS session, and JWT where edx-drf-extensions is installed."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
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


class JwtAuthenticationScheme(OpenApiAuthenticationExtension):
    """Documents edx-drf-extensions' JWT authentication in the OpenAPI schema, where it is installed.

    drf-spectacular resolves ``target_class`` lazily and ignores it when it cannot be imported.
    """

    target_class = "edx_rest_framework_extensions.auth.jwt.authentication.JwtAuthentication"
    name = "jwtAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "An Open edX JWT, sent as `JWT <token>`.",
        }
