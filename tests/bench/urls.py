"""The test URLconf plus the bench's baseline views (tests/bench/views.py)."""

from django.urls import path

from tests.bench import views
from tests.urls import urlpatterns as test_urlpatterns

urlpatterns = [
    path("bench/insert/", views.insert),
    path("bench/drf-insert/", views.DrfInsert.as_view()),
    path("bench/bare/", views.bare),
    path("bench/floor/", views.floor),
    *test_urlpatterns,
]
