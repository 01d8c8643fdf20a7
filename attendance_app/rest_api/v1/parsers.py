"""The REST views' JSON parser: DRF's, with the nesting depth bounded (see ``api.json_input``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from attendance_app.api import json_input
from attendance_app.exceptions import PayloadTooLarge


class BoundedJSONParser(JSONParser):
    """``application/json`` bodies, refused with a translated 400 when malformed or too deeply nested,
    and with a 413 past ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (the DRF of edx-platform's pins reads the
    stream without Django's own size check)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = (stream.read() if limit is None else stream.read(limit + 1)) if stream is not None else b""
        if limit is not None and len(raw) > limit:
            raise PayloadTooLarge()
        try:
            return json_input.loads(raw)
        except json_input.InvalidJSON as error:
            raise ParseError(error.message) from error
