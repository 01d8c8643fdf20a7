"""Demo URLs: home and sign-in, the plugin's URLs as the LMS mounts them, then the workbench.

The workbench's routes are listed here rather than included from ``workbench.urls``: that module
ends with ``static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)``, which under DEBUG
serves MEDIA_ROOT at MEDIA_URL — unset, the working directory at ``/``: the repository, its
database (password hashes, callback secrets), settings and virtual environment, to anyone. The
demo has no media, so that route is left out; resetting all state and listing everyone who has
some are for staff only (ADR 0010).
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.staticfiles.urls import staticfiles_urlpatterns
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog
from edx_django_utils.plugins import PluginURLs
from workbench import views as workbench_views

from attendance_app.apps import LMS, AttendanceAppConfig
from demo import views
from demo.scenarios import with_attendance_scenarios

_HANDLER = r"(?P<handler_slug>[^/]*)(?:/(?P<suffix>.*))?$"

# xblock-sdk's workbench/urls.py, same names (its templates and runtime reverse them), minus media.
# The workbench lists and renders only our block's scenarios, so it never imports every installed
# XBlock (with edx-platform's libraries, the platform's own blocks import ``lms``).
index = with_attendance_scenarios(workbench_views.index)
show_scenario = with_attendance_scenarios(workbench_views.show_scenario)

workbench_urlpatterns = [
    re_path(r"^$", index, name="workbench_index"),
    re_path(
        r"^scenario/(?P<scenario_id>[^/]+)/(?P<view_name>[^/]+)/$",
        show_scenario,
        name="scenario",
    ),
    re_path(r"^userlist/$", views.staff_only(workbench_views.user_list), name="userlist"),
    re_path(r"^scenario/(?P<scenario_id>[^/]+)/$", show_scenario, name="workbench_show_scenario"),
    re_path(
        r"^view/(?P<scenario_id>[^/]+)/(?P<view_name>[^/]+)/$",
        show_scenario,
        {"template": "workbench/blockview.html"},
    ),
    re_path(
        r"^view/(?P<scenario_id>[^/]+)/$",
        show_scenario,
        {"template": "workbench/blockview.html"},
    ),
    re_path(
        r"^handler/(?P<usage_id>[^/]+)/" + _HANDLER,
        workbench_views.handler,
        {"authenticated": True},
        name="handler",
    ),
    re_path(
        r"^aside_handler/(?P<aside_id>[^/]+)/" + _HANDLER,
        workbench_views.aside_handler,
        {"authenticated": True},
        name="aside_handler",
    ),
    re_path(
        r"^unauth_handler/(?P<usage_id>[^/]+)/" + _HANDLER,
        workbench_views.handler,
        {"authenticated": False},
        name="unauth_handler",
    ),
    re_path(
        r"^resource/(?P<block_type>[^/]+)/(?P<resource>.*)$",
        workbench_views.package_resource,
        name="package_resource",
    ),
    re_path(r"^reset_state$", views.staff_only(workbench_views.reset_state, post=True), name="reset_state"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    re_path(r"^admin/", admin.site.urls),
]


def _plugin_urls() -> Any:
    """The plugin's URLs as edx-platform mounts them (its ``plugin_app`` URL config), and no other
    plugin's: in an environment with edx-platform's libraries, other plugins' URL modules need apps
    the demo does not install."""
    config = AttendanceAppConfig.plugin_app[PluginURLs.CONFIG][LMS]
    namespace = config[PluginURLs.NAMESPACE]
    module = f"{AttendanceAppConfig.name}.{config[PluginURLs.RELATIVE_PATH]}"
    return re_path(config[PluginURLs.REGEX], include((module, namespace), namespace=namespace))


urlpatterns = [
    path("", views.home, name="demo-home"),
    path("login/", auth_views.LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("workbench/", index, name="demo-workbench"),
    _plugin_urls(),
    *workbench_urlpatterns,
    *staticfiles_urlpatterns(),
]
