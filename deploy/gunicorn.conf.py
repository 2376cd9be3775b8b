"""gunicorn settings for Tissage behind nginx (docs/deployment.md).

    gunicorn -c deploy/gunicorn.conf.py tissage.wsgi

Every value can be overridden by an environment variable (the systemd unit reads them from
/etc/tissage/tissage.env) or by gunicorn's command-line options, which win over this file.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


wsgi_app = "tissage.wsgi:application"
# A unix socket that only nginx reaches; GUNICORN_BIND=127.0.0.1:8001 for a TCP port instead.
bind = [os.environ.get("GUNICORN_BIND", "unix:/run/tissage/gunicorn.sock")]

# Synchronous workers, 4 × CPU + 1 rather than the classic 2 × CPU + 1: an annual report page
# takes a second or more of CPU, and with five workers on two cores a few of them filled every
# worker while short requests waited in the queue (load test, 20 clients, SQLite: the health
# page's p95 went from 94 ms to 26 ms with nine, saving an intervention from 264 to 202 ms).
# Preloading (below) keeps the memory of the extra workers small. Each worker
# holds one database connection, which sizes the pooler (docs/deployment.md, "PgBouncer").
workers = _int("GUNICORN_WORKERS", _int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 4 + 1))
threads = _int("GUNICORN_THREADS", 1)

# A report for a whole network is built in the request (a few seconds, PDF included); nginx's
# proxy_read_timeout (deploy/nginx/tissage.conf) is a little longer than this.
timeout = _int("GUNICORN_TIMEOUT", 120)
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then: a long-lived process gives back the memory of a big import.
max_requests = 2000
max_requests_jitter = 200
# The heartbeat files on memory, not on the disk (a slow disk would kill busy workers).
_SHM = "/dev/shm"  # noqa: S108 — gunicorn's documented heartbeat folder, not a temporary file
worker_tmp_dir = _SHM if os.path.isdir(_SHM) else None

# Logs carry no personal data: the access log has the path without its query string (a search
# for a person's name travels in ?q=…), no user name, no referrer, no user agent.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
capture_output = False

# nginx sets X-Forwarded-Proto; Django reads it (TISSAGE_BEHIND_PROXY=1), gunicorn trusts it
# only from the proxy in front of it.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "tissage"
# No runtime control socket (gunicornc): systemd starts, reloads (HUP) and stops the server.
control_socket_disable = True

# Load the application once in the master, then fork: a worker started or recycled (above)
# begins warm — Django, the URL configuration and every view module, matplotlib included,
# already imported — instead of spending its first requests on imports, and the workers share
# that memory. GUNICORN_PRELOAD=0 turns it off (e.g. to reload code with HUP).
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"


def when_ready(server: object) -> None:
    """In the master, after loading the application and before the first fork."""
    if not preload_app:
        return
    from django.db import connections
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 — imports every view module
    connections.close_all()  # no database connection may cross a fork
