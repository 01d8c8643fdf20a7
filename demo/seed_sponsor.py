"""The demo's site-level sponsor: name, address, contact, NASBA and IACET ids, signer, logo, signature.

The logo and the signature are drawn with Pillow at seed time (no image files to ship), always the
same, so that the demo's certificates look complete (issue #18.4).
"""

from __future__ import annotations

import io
import math
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from attendance_app.api import sponsors
from attendance_app.certificates.fonts import BOLD_FILE, REGULAR_FILE

NAVY = (31, 58, 95)
GOLD = (176, 141, 87)
INK = (20, 30, 70)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def logo_png() -> bytes:
    """A round emblem beside "DemoX Institute", on a transparent background."""
    image = Image.new("RGBA", (720, 200), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, 190, 190), fill=NAVY)
    draw.ellipse((26, 26, 174, 174), outline=GOLD, width=6)
    draw.text((100, 102), "DX", font=ImageFont.truetype(str(BOLD_FILE), 70), fill="white", anchor="mm")
    draw.text((220, 52), "DemoX", font=ImageFont.truetype(str(BOLD_FILE), 72), fill=NAVY)
    draw.text((224, 134), "INSTITUTE", font=ImageFont.truetype(str(REGULAR_FILE), 40), fill=GOLD)
    return _png(image)


def signature_png() -> bytes:
    """A pen stroke that reads as a handwritten signature, with a flourish underneath."""
    image = Image.new("RGBA", (640, 180), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    # A prolate cycloid: loops like joined-up handwriting, slanted, their height fading at the end.
    stroke = []
    for step in range(480):
        angle = step / 12
        height = 34 * (1.1 - step / 700) * (1 + 0.25 * math.sin(angle / 3))
        x = 40 + 13 * angle - 22 * math.sin(angle)
        y = 90 + height * math.cos(angle)
        stroke.append((x + (90 - y) * 0.35, y))
    draw.line(stroke, fill=INK, width=4, joint="curve")
    flourish = [(60 + step * 2.1, 128 + 8 * math.sin(step / 40)) for step in range(240)]
    draw.line(flourish, fill=INK, width=3, joint="curve")
    return _png(image)


def seed_sponsor(admin: Any) -> None:
    """Save the site's sponsor settings (idempotent: the same values every run)."""
    sponsors.save_sponsor(
        admin.id,
        sponsors.Scope(),
        {
            "name": "DemoX Institute",
            "address": "100 Learning Way, Suite 200, Springfield, IL 62701, USA",
            "contact": "cpe@demox.example.com · +1 217 555 0100",
            "sponsor_id": "DX-2026",
            "provider_ids": {"nasba": "112233", "iacet": "IA-4455"},
            "responsible_name": "Ada Lovelace",
            "responsible_title": "Director of Continuing Education",
            "signature_image": signature_png(),
            "logo_image": logo_png(),
        },
    )
