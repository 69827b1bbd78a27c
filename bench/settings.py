"""Settings of the benchmark's server: the production settings (from the environment, as
bench/run.py sets it) plus the floor view's URL, and no outgoing mail (nothing listens on
port 25 here; the mail is still composed)."""

from cami_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Collected static files go to the benchmark's own folder, not the project's staticfiles/.
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", STATIC_ROOT)  # noqa: F405
