"""plugin_settings in an LMS or Studio settings module, before and after edx-platform derives it.

edx-platform is not installed here, so ``openedx.core.lib.derived`` is replaced at the import
boundary by a small module with the same contract: ``Derived(calculate_value)`` holds a function
of the settings module, and ``derive_settings(module_name)`` replaces every ``Derived`` among the
module's setting names (and inside their lists and dicts) with its calculated value.
"""

from __future__ import annotations

import sys
from types import ModuleType

import pytest

from attendance_app.assets import asset_dir
from attendance_app.settings import common, production
from tests.attendance_app.fake_derived import FakeDerived, fake_derive_settings

LOCALE_DIR = str(asset_dir("locale"))
STATIC_DIR = str(asset_dir("static"))


@pytest.fixture
def lms_settings(monkeypatch):
    """An empty settings module registered under its name, as ``derive_settings`` expects."""
    module = ModuleType("fake_lms_settings")
    monkeypatch.setitem(sys.modules, module.__name__, module)
    return module


def test_derived_locale_paths_are_extended_not_evaluated(derived_module, lms_settings):
    lms_settings.REPO_ROOT = "/edx/app/edxapp/edx-platform"
    lms_settings.LOCALE_PATHS = FakeDerived(lambda settings: [settings.REPO_ROOT + "/conf/locale"])

    common.plugin_settings(lms_settings)

    assert isinstance(lms_settings.LOCALE_PATHS, FakeDerived)
    # A later settings file changes what the platform's paths are derived from.
    lms_settings.REPO_ROOT = "/openedx/edx-platform"
    fake_derive_settings(lms_settings.__name__)
    assert lms_settings.LOCALE_PATHS == ["/openedx/edx-platform/conf/locale", LOCALE_DIR]


def test_derived_staticfiles_dirs_get_the_checkout_folder_after_derivation(derived_module, lms_settings):
    lms_settings.STATICFILES_DIRS = FakeDerived(lambda settings: ["/openedx/staticfiles-extra"])

    common.plugin_settings(lms_settings)
    fake_derive_settings(lms_settings.__name__)

    # The tests run from a source checkout, where the app's static folder sits beside the package.
    assert lms_settings.STATICFILES_DIRS == ["/openedx/staticfiles-extra", STATIC_DIR]


def test_older_callable_derived_settings_stay_callable(lms_settings):
    lms_settings.REPO_ROOT = "/edx/app/edxapp/edx-platform"
    lms_settings.LOCALE_PATHS = lambda settings: [settings.REPO_ROOT + "/conf/locale"]

    common.plugin_settings(lms_settings)

    assert lms_settings.LOCALE_PATHS(lms_settings) == ["/edx/app/edxapp/edx-platform/conf/locale", LOCALE_DIR]


def test_list_settings_get_the_folder_once(lms_settings):
    lms_settings.LOCALE_PATHS = ("/openedx/locale",)

    common.plugin_settings(lms_settings)
    common.plugin_settings(lms_settings)

    assert lms_settings.LOCALE_PATHS == ["/openedx/locale", LOCALE_DIR]


def test_defaults_do_not_override_the_operator(derived_module, lms_settings):
    lms_settings.ATTENDANCE_HEARTBEAT_SECONDS = 30

    common.plugin_settings(lms_settings)

    assert lms_settings.ATTENDANCE_HEARTBEAT_SECONDS == 30
    assert lms_settings.ATTENDANCE_TOKEN_MAX_AGE_SECONDS == 6 * 3600


def test_production_keeps_the_yaml_values_without_env_tokens(lms_settings):
    common.plugin_settings(lms_settings)
    # lms/envs/production.py puts the YAML's keys into the settings module, then runs the plugins.
    vars(lms_settings).update({"ATTENDANCE_HEARTBEAT_SECONDS": 20})

    production.plugin_settings(lms_settings)

    assert not hasattr(lms_settings, "ENV_TOKENS")
    assert lms_settings.ATTENDANCE_HEARTBEAT_SECONDS == 20
