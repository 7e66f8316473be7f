"""Whose Business Central a request acts through: the one resolver of principal → connection.

The rule (docs/setup.md, "Who uses an organisation's connection"):

1. A user who connected their own Business Central uses their own connection.
2. Otherwise, a user whose token carries the organisation claim (BCGRAPH_USER_TOKEN_ORG_CLAIM)
   acts through that organisation's service-to-service connection, if an admin made one.
3. Otherwise the user has no connection (NOT_CONNECTED, as before; for a user whose
   organisation has none either, it names the organisation and its `consentUrl`).

The connection store is keyed by the result (`Acting.key`): a user's own connection under
their id, an organisation's under `org:{organisation}`. Everything keyed by a connection
follows from it: the BC session and governor slot, the rate limit bucket, the BC webhook
subscriptions and live events (two users of one organisation share them), events posted
to the app's backend. A user reaches an organisation's connection only through the claim
of a token the gateway verified, so a user of another organisation never does; a user id
that looks like an organisation's key is refused, so no `sub` can name one.

Decisions are cached for as long as the token manager caches connections (a new
organisation connection, or a user's own, is seen at most that much later on other
replicas; on this one at once, through `forget`).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from gateway.auth.principal import Principal
from gateway.connections import ConnectionStore
from gateway.errors import BadUserInput, NotConnected, Unauthenticated

ORG_PREFIX = "org:"
# Longer than any tenant id or slug an app would use, short enough for a store key.
MAX_ORGANISATION_CHARS = 200


def org_key(organisation: str) -> str:
    """The store key of an organisation's service-to-service connection."""
    return ORG_PREFIX + organisation


def organisation_of_key(key: str) -> str | None:
    return key[len(ORG_PREFIX) :] if key.startswith(ORG_PREFIX) else None


@dataclass(frozen=True)
class Acting:
    """`user_id`: the token's `sub`; `key`: the connection the request uses (the store key);
    `organisation`: the token's organisation claim, None without one."""

    user_id: str
    key: str
    organisation: str | None = None

    @property
    def through_organisation(self) -> bool:
        return self.organisation is not None and self.key == org_key(self.organisation)


async def own_connection(principal: Principal) -> Acting:
    """Every user acts through their own connection (where organisations are not wired in)."""
    return Acting(principal.user_id, principal.user_id)


def organisation_claim(principal: Principal, claim: str) -> str | None:
    """The organisation a verified token names under `claim`; None without one. A value that
    is not a short printable string is the token issuer's mistake: refused, not ignored."""
    if not claim:
        return None
    value = principal.claims.get(claim)
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if (
        not isinstance(value, str)
        or len(value) > MAX_ORGANISATION_CHARS
        or not value.isprintable()
        or value != value.strip()
    ):
        raise Unauthenticated(
            f"The user token's '{claim}' claim must be a string naming the organisation.",
            reason="bad_organisation_claim",
        )
    return value


class ActingResolver:
    def __init__(
        self,
        store: ConnectionStore,
        org_claim: str,
        *,
        clock: Callable[[], float] = time.time,
        cache_seconds: float = 5.0,
        cache_size: int = 10_000,
    ) -> None:
        self._store = store
        self.org_claim = org_claim
        self._clock = clock
        self._cache_seconds = cache_seconds
        self._cache_size = cache_size
        self._cache: OrderedDict[tuple[str, str | None], tuple[float, str]] = OrderedDict()
        # User id -> the organisation their last request named, when neither it nor the user
        # had a connection: what their NOT_CONNECTED then points at (`unconnected_organisation`).
        self._unconnected: OrderedDict[str, str] = OrderedDict()

    def organisation(self, principal: Principal) -> str | None:
        return organisation_claim(principal, self.org_claim)

    async def resolve(self, principal: Principal) -> Acting:
        user_id = principal.user_id
        if user_id.startswith(ORG_PREFIX):
            # Otherwise a token whose sub is "org:acme" would be acme's connection itself.
            raise Unauthenticated(
                f"User ids beginning with '{ORG_PREFIX}' are reserved for organisations.",
                reason="reserved_user_id",
            )
        organisation = self.organisation(principal)
        cache_key = (user_id, organisation)
        cached = self._cache.get(cache_key)
        if cached is not None and self._clock() - cached[0] < self._cache_seconds:
            key = cached[1]
        else:
            key = user_id
            if await self._store.get(user_id) is None and organisation is not None:
                if await self._store.get(org_key(organisation)) is not None:
                    key = org_key(organisation)
            self._remember(cache_key, key)
        self._note_unconnected(user_id, organisation if key == user_id else None)
        return Acting(user_id, key, organisation)

    def unconnected_organisation(self, key: str) -> str | None:
        """The organisation a user (by id) last named while acting through their own
        connection: if that connection is missing, so was the organisation's."""
        return self._unconnected.get(key)

    def _note_unconnected(self, user_id: str, organisation: str | None) -> None:
        if organisation is None:
            self._unconnected.pop(user_id, None)
            return
        self._unconnected[user_id] = organisation
        self._unconnected.move_to_end(user_id)
        while len(self._unconnected) > self._cache_size:
            self._unconnected.popitem(last=False)

    def forget(self, key: str | None = None) -> None:
        """After a connection was made or removed here: a user's own (their id), or an
        organisation's (its key, or None), which changes the decision of all its users."""
        if key is None or key.startswith(ORG_PREFIX):
            self._cache.clear()
            return
        for cache_key in [k for k in self._cache if k[0] == key]:
            del self._cache[cache_key]

    def _remember(self, cache_key: tuple[str, str | None], key: str) -> None:
        if self._cache_seconds <= 0:
            return
        self._cache[cache_key] = (self._clock(), key)
        self._cache.move_to_end(cache_key)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)


def organisation_not_connected(
    organisation: str, *, consent_url: str, connect_url: str
) -> NotConnected:
    """NOT_CONNECTED for a user of an organisation that has no connection (nor has the
    user): it says how either can be made, an admin's for everyone first."""
    return NotConnected(
        f"Neither the user nor their organisation '{organisation}' has connected Business "
        "Central: an admin of the organisation's tenant can connect it once for all its "
        "users (consentUrl), or the user can connect their own (connectUrl).",
        reason="not_connected",
        organisation=organisation,
        consentUrl=consent_url,
        connectUrl=connect_url,
    )


def require_organisation(resolver: ActingResolver, principal: Principal) -> str:
    """The organisation a user may connect for: the one their token names."""
    organisation = resolver.organisation(principal)
    if organisation is None:
        claim = resolver.org_claim
        raise BadUserInput(
            f"The user token names no organisation (claim '{claim}')."
            if claim
            else "Organisation connections are off: BCGRAPH_USER_TOKEN_ORG_CLAIM is not set.",
            reason="no_organisation",
        )
    return organisation
