"""A file-system storage that can hold a save, so that a test kills the worker at a known point.

Only the kill tests' workers are configured to hold (``tests.celery.worker_settings``): the first
save writes a marker file (the process id, then the file's name), then waits, and the test
SIGKILLs that process while it waits. The task has then done all of its work but the file's save,
the longest step of a real report (an upload to the platform's storage). Once the marker exists,
saves go through: the run that takes the message over saves normally.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage

#: How long a held save waits for its kill; a worker still alive then saves (the test has failed).
HOLD_SECONDS = 120
#: The file, in ``ATTENDANCE_TEST_HOLD_DIR``, that says a save was held: "<process id> <file name>".
MARKER = "holding"


class HoldingStorage(FileSystemStorage):
    """``FileSystemStorage`` whose first save waits, when ``settings.ATTENDANCE_TEST_HOLD_DIR`` is set."""

    def _save(self, name: str, content: Any) -> str:
        hold_dir = getattr(settings, "ATTENDANCE_TEST_HOLD_DIR", "")
        marker = Path(hold_dir, MARKER) if hold_dir else None
        if marker is not None and not marker.exists():
            marker.write_text(f"{os.getpid()} {name}")
            time.sleep(HOLD_SECONDS)
        return super()._save(name, content)
