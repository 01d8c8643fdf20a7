"""REST permission classes. They only ask :mod:`attendance_app.permissions`."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request


class IsAuthenticatedUser(IsAuthenticated):
    """The base every endpoint starts from: a logged-in, active user."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(super().has_permission(request, view) and request.user.is_active)
