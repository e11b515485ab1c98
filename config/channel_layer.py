"""The Redis channel layer with a connection pool that waits instead of failing.

channels-redis builds a plain redis-py pool, which raises `MaxConnectionsError` the moment more
calls are in flight than it holds: hundreds of tabs closing at once (a drop-in ending, a server
restart) each leave their group together. A `BlockingConnectionPool` of the same size makes the
extra calls wait a moment for a free connection instead. Settings choose the size and the wait.
"""

from channels_redis.core import RedisChannelLayer
from redis.asyncio import BlockingConnectionPool


class WaitingPoolChannelLayer(RedisChannelLayer):
    def create_pool(self, index):
        host = dict(self.hosts[index])
        address = host.pop("address")
        return BlockingConnectionPool.from_url(address, **host)
