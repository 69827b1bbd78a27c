"""A Redis connection pool backed by fakeredis, for tests of the code paths that only run on
Redis (pipelines, the read shortcut's single round trip) on machines without a Redis server.

The Redis cache (django-redis) takes it as `OPTIONS["CONNECTION_POOL_CLASS"]`; every pool made
while a test runs talks to the same in-memory server (`SERVER`, replaced per test by the
fixture, which gives each test's Redis an address of its own: django-redis keeps one pool per
address)."""

import fakeredis
import redis

SERVER = fakeredis.FakeServer()


class Pool(redis.ConnectionPool):
    def __init__(self, **kwargs):
        kwargs["connection_class"] = fakeredis.FakeRedisConnection
        kwargs["server"] = SERVER
        super().__init__(**kwargs)
