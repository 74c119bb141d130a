import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wumei.config.settings")
application = get_wsgi_application()

# gunicorn and runserver load this module: a real installation does not serve with the development key.
from wumei.config.web_security import refuse_development_key  # noqa: E402

refuse_development_key(settings)
