"""Which cache production uses, read from its environment alone: Redis when REDIS_URL is set
(sessions, rate limits and cached reads go there), else the database (docs/deployment.md)."""

import json
import subprocess
import sys

import pytest

from .test_security_headers import ROOT, production_env

READ = (
    "import json, django; django.setup(); from django.conf import settings; "
    "from django.core.cache import caches; "
    "print(json.dumps({'backend': settings.CACHES['default']['BACKEND'], "
    "'location': settings.CACHES['default'].get('LOCATION'), "
    "'sessions': settings.SESSION_ENGINE, 'cache_class': type(caches['default']).__name__}))"
)


def production_settings(**extra):
    env = production_env(**extra)
    for name in ("REDIS_URL", "CACHE_BACKEND"):
        if name not in extra:
            env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-c", READ], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_with_redis_url_uses_redis_for_the_cache_and_sessions():
    found = production_settings(REDIS_URL="redis://127.0.0.1:6379/3")
    assert found == {
        "backend": "core.cache.RedisCache",
        "location": "redis://127.0.0.1:6379/3",
        "sessions": "django.contrib.sessions.backends.cached_db",
        "cache_class": "RedisCache",
    }


def test_production_without_redis_falls_back_to_the_database():
    found = production_settings()
    assert found["backend"] == "django.core.cache.backends.db.DatabaseCache"
    assert found["location"] == "cami_cache"
    assert found["cache_class"] == "DatabaseCache"
    assert found["sessions"] == "django.contrib.sessions.backends.db"


def test_the_redis_backend_is_django_redis():
    from django_redis.cache import RedisCache as LibraryRedisCache

    from core.cache import RedisCache

    assert issubclass(RedisCache, LibraryRedisCache)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"CACHE_BACKEND": "redis"}, "CACHE_BACKEND=redis needs REDIS_URL"),
        ({"CACHE_BACKEND": "memcached"}, "CACHE_BACKEND must be redis, database or locmem."),
    ],
)
def test_a_cache_that_cannot_be_set_up_stops_the_start_with_a_reason(extra, message):
    env = production_env(**extra)
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", READ], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert result.returncode != 0
    assert message in result.stderr
