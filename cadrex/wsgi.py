"""WSGI entry point for gunicorn: ``gunicorn cadrex.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadrex.settings")
application = get_wsgi_application()
