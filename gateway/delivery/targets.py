"""Where a connection's events go: its own webhook (set with `setEventsWebhook`) or the
gateway's (BCGRAPH_EVENTS_WEBHOOK_URL), and the checks a connection's own URL passes.

A user names the URL, and the gateway posts to it from inside its network: unless
`allow_private_targets`, a URL whose host is (or resolves to) a loopback, private,
link-local or otherwise non-public address is refused, when it is set and again before
each POST (a name may resolve elsewhere later).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from gateway.connections.crypto import TokenCipher
from gateway.delivery.config import DeliveryConfig, check_url, secret_key
from gateway.delivery.queue import DeliveryQueue, StoredTarget
from gateway.errors import BadUserInput


@dataclass(frozen=True)
class Target:
    url: str
    secret: str = field(repr=False)
    # The connection's own (set by its user), as opposed to the gateway's.
    own: bool


class Targets:
    def __init__(self, config: DeliveryConfig, queue: DeliveryQueue, cipher: TokenCipher) -> None:
        self._config = config
        self._queue = queue
        self._cipher = cipher

    @property
    def configured(self) -> bool:
        """Whether the gateway has a webhook of its own for every connection."""
        return bool(self._config.url)

    async def own(self, user_id: str) -> Target | None:
        stored = await self._queue.target(user_id)
        if stored is None:
            return None
        secret = self._cipher.decrypt(stored.secret).decode()
        return Target(stored.url, secret, own=True)

    async def of(self, user_id: str) -> Target | None:
        """Where this connection's events go now; None: nowhere."""
        own = await self.own(user_id)
        if own is not None:
            return own
        if self._config.url:
            return Target(self._config.url, self._config.secret, own=False)
        return None

    async def set(self, user_id: str, url: str | None, secret: str | None) -> Target | None:
        """Sets (or, with url None, removes) the connection's own webhook; BadUserInput
        naming the argument when the URL or the secret will not do."""
        if url is None:
            await self._queue.set_target(user_id, None)
            return await self.of(user_id)
        try:
            check_url(url)
        except ValueError as error:
            raise BadUserInput(str(error), field="url") from None
        if not secret:
            raise BadUserInput("A webhook URL needs its secret (whsec_…).", field="secret")
        try:
            secret_key(secret)
        except ValueError as error:
            raise BadUserInput(str(error), field="secret") from None
        if not self._config.allow_private_targets:
            try:
                await check_public(url)
            except ValueError as error:
                raise BadUserInput(str(error), field="url") from None
        stored = StoredTarget(url, self._cipher.encrypt(secret.encode()))
        await self._queue.set_target(user_id, stored)
        return Target(url, secret, own=True)

    async def check_before_post(self, target: Target) -> None:
        """ValueError when a connection's own URL now leads somewhere it may not."""
        if target.own and not self._config.allow_private_targets:
            await check_public(target.url)


async def check_public(url: str) -> None:
    host = urlsplit(url).hostname or ""
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(
                host, None, type=socket.SOCK_STREAM
            )
        except OSError:
            raise ValueError(f"the webhook host {host!r} does not resolve") from None
        addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    for address in addresses:
        if not address.is_global:
            raise ValueError(
                f"the webhook host {host!r} is a loopback, private or reserved address; "
                "the gateway posts only to public ones (BCGRAPH_EVENTS_WEBHOOK_ALLOW_PRIVATE)"
            )
