"""Django's built-in Redis cache backend, with one client object per connection pool.

The built-in client builds a new `redis.Redis` object for every cache operation (its
constructor fills a table of some 200 response callbacks each time), which costs more than
the round trip to Redis itself on a cached read. The client object is thread-safe and holds
no connection of its own (the pool does, and the pool reconnects after a fork), so one per
pool is enough. Everything else is Django's backend unchanged."""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _ReusingClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusingClient
