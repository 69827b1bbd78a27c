"""gunicorn settings for the CAMI Portal: `gunicorn -c gunicorn.conf.py`.

Everything can be changed from the environment (docs/deployment.md):

GUNICORN_BIND        address to listen on                   127.0.0.1:8000
WEB_CONCURRENCY      worker processes                       2 x CPU cores + 1
GUNICORN_THREADS     threads per worker (gthread if > 1)    1 (sync workers)
GUNICORN_TIMEOUT     seconds before a stuck worker is killed 120
GUNICORN_MAX_REQUESTS  recycle a worker after so many requests (0: never)  2000
FORWARDED_ALLOW_IPS  proxies whose X-Forwarded-Proto is trusted      127.0.0.1,::1
API_NUM_PROXIES      proxies in front, for the client address in the access log (as the
                     portal's rate limits and lockouts read it)  0: the connection's address
GUNICORN_ACCESSLOG   access log file, "-" for standard output  "-"
GUNICORN_CONTROL_SOCKET  path of gunicorn's control socket (off unless set)

The portal runs behind a reverse proxy (nginx, a load balancer) that terminates TLS and
buffers slow clients; gunicorn then serves short requests with sync workers.
"""

import gc
import multiprocessing
import os

from gunicorn.glogging import Logger

from core.addresses import client_address, proxies_from_environment

wsgi_app = "cami_portal.wsgi:application"

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"

# A request that takes longer is a bug or a stuck query: the worker is replaced. A sync worker
# streaming a response counts as busy: the CSV export of every report must fit (see
# docs/performance.md), hence more than gunicorn's 30 s.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5

# Recycling workers now and then bounds the memory any one of them can accumulate.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10 if max_requests else 0

# Bounded requests: a long request line or header block is refused before Django sees it.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proxy_allow_ips = forwarded_allow_ips

accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'


class AccessLogger(Logger):
    """The access log's client (`%(h)s`) by the portal's one rule (core/addresses.py): an
    X-Forwarded-For written by the client is never logged as its address."""

    proxies = proxies_from_environment()

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["h"] = client_address(environ, self.proxies) or "-"
        return atoms


logger_class = AccessLogger

# Python's cyclic garbage collector walks every object a worker holds, from time to time:
# the modules, the URL patterns, the compiled templates and queries, some hundred thousand
# objects that live as long as the worker. Frozen (`gc.freeze()`), they are left out of its
# walks, which then cost a fraction (docs/performance.md: about a tenth of the CPU of the
# activities list). Frozen once the application is loaded, and once more after the first
# requests, which load and compile what is made on first use. Garbage is collected before
# each freeze, so that none is kept for the worker's life.
FREEZE_AFTER_REQUESTS = 100


def freeze_what_lasts():
    gc.collect()
    gc.freeze()


def post_worker_init(worker):
    freeze_what_lasts()


def post_request(worker, req, environ, resp):
    if worker.nr == FREEZE_AFTER_REQUESTS:
        freeze_what_lasts()


# /dev/shm keeps the workers' heartbeat files off a slow or full disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
