"""The connect flow's logic, apart from HTTP: start a sign-in, finish it, or refuse it.

A `state` is 256 random bits, single-use and short-lived, kept server-side (in the
connection store, so any replica can finish what another started) under its hash.
It names the user who started, the PKCE verifier, the redirect URI, and a hash of a
browser key set as a cookie at start: the callback must come from that same browser,
or an attacker could start a connect as themselves and have a victim finish it,
attaching the victim's Business Central to the attacker's user (RFC 6749 §10.12).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import httpx

from gateway.connections import Connection, ConnectionStore
from gateway.oauth.config import OAuthConfig
from gateway.oauth.discovery import DiscoveryError, discover
from gateway.oauth.identity import IdentityClient, IdentityError, unverified_claims

COOKIE_PREFIX = "bcgraph_connect_"


class ConnectError(Exception):
    """A connect attempt that failed; `title` and `message` are safe to show the user."""

    def __init__(self, title: str, message: str, *, status: int = 400, detail: str = "") -> None:
        super().__init__(message)
        self.title = title
        self.message = message
        self.status = status
        self.detail = detail


@dataclass(frozen=True)
class Started:
    authorize_url: str
    cookie_name: str
    cookie_value: str


@dataclass(frozen=True)
class Pending:
    user_id: str
    code_verifier: str
    redirect_uri: str
    browser_key_hash: str
    created_at: float


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def cookie_name(state: str) -> str:
    # One cookie per sign-in, so two tabs connecting at once do not undo each other.
    return COOKIE_PREFIX + _digest(state)[:16]


class ConnectFlow:
    def __init__(
        self,
        config: OAuthConfig,
        store: ConnectionStore,
        identity: IdentityClient,
        http: httpx.AsyncClient,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.config = config
        self._store = store
        self._identity = identity
        self._http = http
        self._clock = clock
        self._connected: list[Callable[[str], None]] = []

    def on_connected(self, listener: Callable[[str], None]) -> None:
        """Called with the user id after each stored sign-in (the token cache listens)."""
        self._connected.append(listener)

    async def issue_ticket(self, user_id: str) -> str:
        """A single-use, one-minute ticket that lets a browser navigation start the flow.

        A browser cannot send the user token on a top-level navigation; the frontend
        gets a ticket with the token (POST) and then navigates with the ticket.
        """
        ticket = secrets.token_urlsafe(32)
        await self._store.stash(
            f"connect-ticket:{_digest(ticket)}", user_id.encode(), self.config.ticket_ttl_seconds
        )
        return ticket

    async def redeem_ticket(self, ticket: str) -> str | None:
        value = await self._store.take(f"connect-ticket:{_digest(ticket)}")
        return None if value is None else value.decode()

    async def start(
        self, user_id: str, *, redirect_uri: str, login_hint: str | None = None
    ) -> Started:
        state = secrets.token_urlsafe(32)
        code_verifier = secrets.token_urlsafe(64)  # 86 characters: RFC 7636 allows 43-128
        browser_key = secrets.token_urlsafe(32)
        pending = {
            "user_id": user_id,
            "code_verifier": code_verifier,
            "redirect_uri": redirect_uri,
            "browser_key_hash": _digest(browser_key),
            "created_at": self._clock(),
        }
        await self._store.stash(
            f"connect-state:{_digest(state)}",
            json.dumps(pending).encode(),
            self.config.state_ttl_seconds,
        )
        url = self._identity.authorize_url(
            state=state,
            code_verifier=code_verifier,
            redirect_uri=redirect_uri,
            login_hint=login_hint,
        )
        return Started(url, cookie_name(state), browser_key)

    async def finish(self, query: Mapping[str, str], cookies: Mapping[str, str]) -> Connection:
        """The callback: check state and browser, redeem the code, discover, store.

        Nothing is stored unless every step succeeds.
        """
        state = query.get("state", "")
        pending = await self._take(state)
        browser_key = cookies.get(cookie_name(state), "")
        if not hmac.compare_digest(_digest(browser_key), pending.browser_key_hash):
            raise ConnectError(
                "Connection not completed",
                "This sign-in was started in another browser or by another user. "
                "Start connecting again from the app.",
            )
        if "error" in query:
            if query["error"] == "access_denied":
                raise ConnectError(
                    "Connection cancelled",
                    "Access to Business Central was not granted, so nothing was connected.",
                    detail=query.get("error_description", ""),
                )
            raise ConnectError(
                "Connection not completed",
                "The Microsoft sign-in returned an error, so nothing was connected.",
                detail=f"{query['error']}: {query.get('error_description', '')}",
            )
        code = query.get("code")
        if not code:
            raise ConnectError("Connection not completed", "The sign-in returned no code.")
        try:
            tokens = await self._identity.exchange_code(
                code, pending.code_verifier, pending.redirect_uri
            )
        except IdentityError as exc:
            raise ConnectError(
                "Connection not completed",
                "Microsoft did not accept this sign-in (it may have been used already). "
                "Start connecting again from the app.",
                status=502 if exc.transient else 400,
                detail=exc.error,
            ) from exc
        tenant_id = str(unverified_claims(tokens.access_token).get("tid") or "")
        if not tenant_id:
            raise ConnectError(
                "Connection not completed", "The access token names no tenant.", status=502
            )
        try:
            found = await discover(
                self._http,
                bc_api_base_url=self.config.bc_api_base_url,
                tenant_id=tenant_id,
                access_token=tokens.access_token,
                preferred_environment=self.config.environment,
            )
        except DiscoveryError as exc:
            raise ConnectError("Connection not completed", str(exc), status=502) from exc
        now = self._clock()
        previous = await self._store.get(pending.user_id)
        default_company = found.companies[0].id if found.companies else None
        created_at = now
        if previous is not None and previous.api_root == found.api_root:
            created_at = previous.created_at
            # Reconnecting to the same environment keeps the company the user chose.
            if previous.default_company_id in {c.id for c in found.companies}:
                default_company = previous.default_company_id
        connection = Connection(
            user_id=pending.user_id,
            tenant_id=tenant_id,
            environment=found.environment,
            api_root=found.api_root,
            access_token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            expires_at=now + tokens.expires_in,
            issued_at=now,
            default_company_id=default_company,
            companies=found.companies,
            scopes=tokens.scopes,
            created_at=created_at,
            updated_at=now,
        )
        stored = await self._store.put(connection)
        for listener in self._connected:
            listener(stored.user_id)
        return stored

    async def _take(self, state: str) -> Pending:
        invalid = ConnectError(
            "Connection not completed",
            "This sign-in link is invalid, was already used, or has expired. "
            "Start connecting again from the app.",
        )
        if not state:
            raise invalid
        raw = await self._store.take(f"connect-state:{_digest(state)}")
        if raw is None:
            raise invalid
        pending = Pending(**json.loads(raw))
        # The store's TTL is the first guard; this is the one the flow's clock decides.
        if self._clock() - pending.created_at > self.config.state_ttl_seconds:
            raise invalid
        return pending
