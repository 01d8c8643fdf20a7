"""The bench server's WSGI application (gunicorn tests.bench.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.bench.settings")
application = get_wsgi_application()
