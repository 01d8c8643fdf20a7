"""Images for the sponsor settings tests, drawn with Pillow in memory."""

from __future__ import annotations

import io
import random

from PIL import Image


def image_bytes(kind: str = "PNG", size: tuple[int, int] = (120, 40)) -> bytes:
    """A small image of ``kind`` (PNG, JPEG, GIF, ...)."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 40, 160)).save(buffer, format=kind)
    return buffer.getvalue()


def oversized_png() -> bytes:
    """A valid PNG of more than 512 KB (noise does not compress), within 2000 pixels a side."""
    buffer = io.BytesIO()
    noise = random.Random(0).randbytes(600 * 600 * 3)
    Image.frombytes("RGB", (600, 600), noise).save(buffer, format="PNG")
    return buffer.getvalue()
