"""The platform seam: pick the backend named by ``ATTENDANCE_PLATFORM_BACKEND``."""

from __future__ import annotations

from functools import cache

from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

from attendance_app import conf
from attendance_app.platform.base import PlatformBackend


def load_backend_class(path: str) -> type[PlatformBackend]:
    """Import the backend class at ``path``.

    Raises:
        ImproperlyConfigured: the path does not name a PlatformBackend subclass.
    """
    try:
        backend_class = import_string(path)
    except ImportError as error:
        raise ImproperlyConfigured(
            f"ATTENDANCE_PLATFORM_BACKEND = {path!r} cannot be imported: {error}"
        ) from error
    if not (isinstance(backend_class, type) and issubclass(backend_class, PlatformBackend)):
        raise ImproperlyConfigured(
            f"ATTENDANCE_PLATFORM_BACKEND = {path!r} is not a subclass of "
            "attendance_app.platform.base.PlatformBackend."
        )
    return backend_class


@cache
def get_backend() -> PlatformBackend:
    """The configured platform backend (one instance per process)."""
    return load_backend_class(conf.platform_backend_path())()


def _reset_backend(*, setting: str, **_kwargs: object) -> None:
    if setting == "ATTENDANCE_PLATFORM_BACKEND":
        get_backend.cache_clear()


setting_changed.connect(_reset_backend)
