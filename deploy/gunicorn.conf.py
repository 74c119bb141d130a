"""gunicorn settings for Wumei (`gunicorn wumei.config.wsgi --config deploy/gunicorn.conf.py`); docs/deploy.md.

Each value may be overridden from the environment file with GUNICORN_* variables read below.
"""

import multiprocessing
import os

# nginx on the same machine proxies to this address; a web machine behind a separate nginx binds its private
# address instead (and lists nginx's address in forwarded_allow_ips).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Synchronous workers: 2 per core plus one. A request is short (documents are rendered by the job worker);
# the exception is a spreadsheet import of thousands of rows, hence the generous timeout.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))
graceful_timeout = 30
# Recycle workers now and then (a slow leak in a library cannot grow forever); jitter avoids all at once.
max_requests = 2000
max_requests_jitter = 200
# The application trusts X-Forwarded-Proto only with WUMEI_HTTPS=1; gunicorn only from these addresses.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"  # to the journal
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
errorlog = "-"
# The sign-in form, uploads and imports stay well under these.
limit_request_line = 8190
