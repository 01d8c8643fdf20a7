"""The demo's workbench scenarios: the Attendance block's own, and no other installed XBlock's."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from workbench.runtime import WORKBENCH_KVS
from workbench.scenarios import SCENARIOS, Scenario, add_class_scenarios

from attendance_xblock.block import AttendanceXBlock


def attendance_scenarios() -> dict[str, Scenario]:
    """The workbench scenarios of the Attendance block, loaded from its class alone.

    ``workbench.scenarios.get_scenarios`` imports every installed XBlock and stops at the first that
    fails, such as edx-platform's own blocks (they import ``lms``) beside this one under the pins.
    """
    if not any(name.startswith("attendance.") for name in SCENARIOS):
        WORKBENCH_KVS.prep_for_scenario_loading()
        add_class_scenarios("attendance", AttendanceXBlock, fail_silently=False)
    return {name: scenario for name, scenario in SCENARIOS.items() if name.startswith("attendance.")}


def with_attendance_scenarios(view: Callable[..., Any]) -> Callable[..., Any]:
    """A workbench view that lists or renders scenarios, with ours loaded first.

    With them loaded, ``get_scenarios`` never imports every installed XBlock.
    """

    @functools.wraps(view)
    def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
        attendance_scenarios()
        return view(request, *args, **kwargs)

    return wrapped
