"""OpenAPI documentation helpers that do not depend on the host's REST_FRAMEWORK settings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema


def document(**kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``extend_schema`` on a view method, based on drf-spectacular's AutoSchema.

    ``extend_schema`` otherwise extends ``REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]``, which the
    LMS does not set to drf-spectacular's class.
    """

    def decorator(view_method: Callable[..., Any]) -> Callable[..., Any]:
        view_method.schema = AutoSchema  # type: ignore[attr-defined]
        return extend_schema(**kwargs)(view_method)

    return decorator
