"""Settings of the benchmark's server: the production settings (from the environment, as
bench/run.py sets it) plus the floor view's URL, and no outgoing mail (nothing listens on
port 25 here; the mail is still composed), except for the fault phases' server
(BENCH_OUTBOX=1, bench/faults.py): the real outbox, sent by its worker to the bench's own
mail servers."""

from cami_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
if os.environ.get("BENCH_OUTBOX") != "1":  # noqa: F405
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Collected static files go to the benchmark's own folder, not the project's staticfiles/.
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", STATIC_ROOT)  # noqa: F405
