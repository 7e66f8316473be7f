"""TokenManager: a valid BC access token for a connection, refreshed once however many ask.

A token is refreshed a leeway before it expires (at most half its lifetime, so a
short-lived token is not refreshed on every call). The refresh runs under a
per-connection asyncio lock, and — when the store is shared by several replicas —
also under a lease in that store, so exactly one refresh happens across all of them.
Everyone re-reads the connection after each lock: whoever waited finds the token the
winner stored. The rotated refresh token is written with compare-and-set.

A refresh refused with `invalid_grant` (revoked, expired, consent withdrawn) marks
the connection `needs_consent`; from then on it raises NOT_CONNECTED at once, without
asking the identity provider again, until the user connects anew. An organisation's
app connection (client credentials, no refresh token) is marked the same way when the
identity provider refuses the app for good (consent revoked, app removed from the
tenant, secret expired): every user of it then gets NOT_CONNECTED saying that an admin
must consent again, with the consent link, until one does.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import secrets
import time
import weakref
from collections import OrderedDict
from collections.abc import Awaitable, Callable

from gateway.connections import Connection, ConnectionKind, ConnectionStatus, ConnectionStore
from gateway.errors import NotConnected, UpstreamError, UpstreamUnavailable
from gateway.oauth.config import OAuthConfig
from gateway.oauth.identity import IdentityClient, IdentityError, TokenSet

logger = logging.getLogger(__name__)

DisconnectHook = Callable[[Connection], Awaitable[None]]

# Reasons in NOT_CONNECTED errors (extensions.reason), and a connection's status_reason.
NO_CONNECTION = "not_connected"
NEEDS_CONSENT = "needs_consent"


class TokenManager:
    def __init__(
        self,
        config: OAuthConfig,
        store: ConnectionStore,
        identity: IdentityClient,
        *,
        clock: Callable[[], float] = time.time,
        cache_seconds: float = 5.0,
        cache_size: int = 10_000,
    ) -> None:
        """`cache_seconds`: how long a connection read from the store is reused on this
        replica. Every GraphQL request and BC call needs it, and a store read with a
        decrypt cost ~8% of a small query's CPU (bench/REPORT.md). A disconnect or a
        refresh on another replica is seen here at most this much later; the tokens
        cached meanwhile are still valid ones."""
        self._config = config
        self._store = store
        self._identity = identity
        self._clock = clock
        self._cache_seconds = cache_seconds
        self._cache_size = cache_size
        self._cache: OrderedDict[str, tuple[float, Connection]] = OrderedDict()
        # Locks live as long as someone holds or waits on them: no growth per user ever seen.
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        self._disconnect_hooks: list[DisconnectHook] = []
        self._explain_missing: Callable[[str], NotConnected | None] = lambda key: None

    async def access_token(self, connection_or_user_id: Connection | str) -> str:
        """A valid access token, or NotConnected / UpstreamUnavailable / UpstreamError.

        Given a Connection just read, a fresh token costs no store round trip.
        """
        if isinstance(connection_or_user_id, Connection):
            connection = connection_or_user_id
        else:
            connection = await self._load(connection_or_user_id)
        self._check_usable(connection)
        if self._fresh(connection):
            return connection.access_token
        return (await self._renew(connection.user_id)).access_token

    async def connection(self, user_id: str) -> Connection:
        """The user's connection, usable (its token may still need a refresh), or NotConnected."""
        connection = await self._load(user_id)
        self._check_usable(connection)
        return connection

    def forget(self, user_id: str) -> None:
        """Drop this replica's cached copy after a write elsewhere in the process (a new
        sign-in, a new default company), so the next call reads the store."""
        self._cache.pop(user_id, None)

    def explain_missing(self, explain: Callable[[str], NotConnected | None]) -> None:
        """What NOT_CONNECTED says for a key with no connection, when `explain` knows
        better than "not connected" (gateway/organisations.py: a user of an organisation)."""
        self._explain_missing = explain

    def add_disconnect_hook(self, hook: DisconnectHook) -> None:
        """Runs before a connection is deleted, e.g. to delete its webhook subscriptions."""
        self._disconnect_hooks.append(hook)

    async def disconnect(self, user_id: str) -> bool:
        self._cache.pop(user_id, None)
        connection = await self._store.get(user_id)
        if connection is None:
            # A record the store refused (tampered, or from another BC host) reads as
            # None but may still sit in the row: the user asked for it to go.
            await self._store.delete(user_id)
            return False
        for hook in self._disconnect_hooks:
            try:
                await hook(connection)
            except Exception:
                # Disconnecting must not fail on cleanup elsewhere: the user asked to go.
                logger.exception("disconnect hook failed for a connection; deleting it anyway")
        return await self._store.delete(user_id)

    def not_connected(self, reason: str, connection: Connection | None = None) -> NotConnected:
        if connection is not None and connection.kind is ConnectionKind.APP:
            return NotConnected(
                "The organisation's Business Central consent is no longer valid: an admin of "
                f"tenant {connection.tenant_id} must consent again "
                f"({connection.status_reason or 'refused'}).",
                consentUrl=self._config.consent_url,
                reason=reason,
            )
        message = (
            "Business Central needs the user's consent again: connect once more."
            if reason == NEEDS_CONSENT
            else "The user has not connected Business Central."
        )
        return NotConnected(message, connectUrl=self._config.connect_url, reason=reason)

    async def _load(self, user_id: str, *, from_store: bool = False) -> Connection:
        if not from_store and (cached := self._cache.get(user_id)) is not None:
            read_at, remembered = cached
            if self._clock() - read_at < self._cache_seconds:
                return remembered
        connection = await self._store.get(user_id)
        if connection is None:
            self._cache.pop(user_id, None)
            raise self._explain_missing(user_id) or self.not_connected(NO_CONNECTION)
        self._remember(connection)
        return connection

    def _remember(self, connection: Connection) -> None:
        # Only usable connections: one that needs consent is read anew each time, so a
        # fresh sign-in heals it at once.
        if self._cache_seconds <= 0 or connection.status is not ConnectionStatus.ACTIVE:
            self._cache.pop(connection.user_id, None)
            return
        self._cache[connection.user_id] = (self._clock(), connection)
        self._cache.move_to_end(connection.user_id)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    def _check_usable(self, connection: Connection) -> None:
        if connection.status is ConnectionStatus.NEEDS_CONSENT:
            raise self.not_connected(NEEDS_CONSENT, connection)

    def _fresh(self, connection: Connection) -> bool:
        lifetime = connection.expires_at - connection.issued_at
        leeway = min(self._config.refresh_leeway_seconds, max(lifetime, 0.0) / 2)
        return self._clock() < connection.expires_at - leeway

    def _lock(self, user_id: str) -> asyncio.Lock:
        lock = self._locks.get(user_id)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[user_id] = lock
        return lock

    async def _renew(self, user_id: str) -> Connection:
        async with self._lock(user_id):
            connection, fresh = await self._reread(user_id)
            if fresh:
                return connection
            if not self._store.shared:
                return await self._refresh(connection)
            return await self._renew_under_lease(user_id)

    async def _reread(self, user_id: str) -> tuple[Connection, bool]:
        """After a wait: someone else may have refreshed (or disconnected) meanwhile."""
        connection = await self._load(user_id, from_store=True)
        self._check_usable(connection)
        return connection, self._fresh(connection)

    async def _renew_under_lease(self, user_id: str) -> Connection:
        name = f"refresh:{user_id}"
        owner = secrets.token_hex(16)
        lease_seconds = self._config.refresh_lock_seconds
        # A holder that died releases nothing, but its lease runs out: waiting longer
        # than two leases means something else is wrong.
        deadline = time.monotonic() + 2 * lease_seconds
        delay = 0.02
        while not await self._store.acquire_lease(name, owner, lease_seconds):
            await asyncio.sleep(delay)
            delay = min(delay * 2, 0.25)
            connection, fresh = await self._reread(user_id)
            if fresh:
                return connection
            if time.monotonic() > deadline:
                raise UpstreamUnavailable("Timed out waiting for another replica's token refresh.")
        try:
            connection, fresh = await self._reread(user_id)
            return connection if fresh else await self._refresh(connection)
        finally:
            await self._store.release_lease(name, owner)

    async def _refresh(self, connection: Connection) -> Connection:
        try:
            if connection.kind is ConnectionKind.APP:
                tokens = await self._identity.client_credentials(connection.tenant_id)
            elif connection.refresh_token:
                tokens = await self._identity.refresh(
                    connection.tenant_id, connection.refresh_token
                )
            else:
                raise IdentityError("invalid_grant", "the connection has no refresh token")
        except IdentityError as exc:
            if exc.invalid_grant and connection.kind is ConnectionKind.DELEGATED:
                return await self._needs_consent(connection, exc)
            if connection.kind is ConnectionKind.APP and not exc.transient:
                # No refresh token to lose: the app itself was refused in the tenant.
                return await self._needs_consent(connection, exc)
            logger.warning("token refresh failed for a connection: %s", exc.error)
            if exc.transient:
                raise UpstreamUnavailable(
                    "The identity provider is unavailable; try again shortly."
                ) from exc
            raise UpstreamError(
                "The identity provider refused to renew the Business Central token.",
                reason=exc.error,
            ) from exc
        return await self._store_tokens(connection, tokens)

    async def _store_tokens(self, connection: Connection, tokens: TokenSet) -> Connection:
        now = self._clock()
        renewed = dataclasses.replace(
            connection,
            access_token=tokens.access_token,
            # Entra rotates refresh tokens; if one ever comes back without, keep the old.
            refresh_token=tokens.refresh_token or connection.refresh_token,
            expires_at=now + tokens.expires_in,
            issued_at=now,
            updated_at=now,
        )
        stored = await self._store.compare_and_set(renewed)
        if stored is not None:
            self._remember(stored)
            return stored
        # Someone wrote in between despite the locks (a new sign-in, a disconnect, a lease
        # that ran out). Theirs stands; this caller may still use the token it just got.
        await self._load(connection.user_id, from_store=True)
        return renewed

    async def _needs_consent(self, connection: Connection, error: IdentityError) -> Connection:
        logger.info("refresh refused (%s): connection marked needs_consent", error.error)
        self._cache.pop(connection.user_id, None)
        marked = dataclasses.replace(
            connection,
            status=ConnectionStatus.NEEDS_CONSENT,
            status_reason=error.error,
            updated_at=self._clock(),
        )
        if await self._store.compare_and_set(marked) is None:
            # A new sign-in may have replaced the connection meanwhile: it decides.
            current, fresh = await self._reread(connection.user_id)
            if fresh:
                return current
        raise self.not_connected(NEEDS_CONSENT, marked)
