"""Demo URLs: home and sign-in, the plugin's URLs as the LMS mounts them, then the workbench."""

from django.contrib.auth import views as auth_views
from django.urls import include, path
from edx_django_utils.plugins import get_plugin_url_patterns
from workbench import views as workbench_views

from demo import views

urlpatterns = [
    path("", views.home, name="demo-home"),
    path("login/", auth_views.LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("workbench/", workbench_views.index, name="demo-workbench"),
    *get_plugin_url_patterns("lms.djangoapp"),
    path("", include("workbench.urls")),
]
