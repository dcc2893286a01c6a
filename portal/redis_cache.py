"""Django's RedisCache, keeping one Redis client per connection pool.

Django's backend builds a new `redis.Redis` client for every cache call, and building
one fills a table of some 170 response callbacks: on a local Redis that costs more
than the round trip itself. A client is a thin, thread-safe wrapper around its pool,
so one per pool serves every call.
"""

from django.core.cache.backends import redis
from redis import exceptions as redis_errors


class ReusedClientRedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient


# What a cache call raises when Redis cannot be reached, stops answering in time, or
# refuses a command (out of memory, a replica that is read-only after a failover).
UNREACHABLE = (redis_errors.RedisError, OSError)
