"""An organisation's service-to-service connection, made through Microsoft's admin consent.

A user of the organisation (their user token names it, gateway/acting.py) starts; the
browser goes to the identity platform's `/v2.0/adminconsent` with the app's client id,
BC's `.default` scope, a `state` and the callback. A tenant admin signs in there and
grants the app's application permissions for the whole tenant; Microsoft sends the
browser back with `admin_consent=True&tenant=<tid>&state=…`, or `error=…`.

That `tenant` travels through the browser, so the user who started may have rewritten
it: to another tenant that consented to the app before (another customer's, or one
consented for another deployment), whose Business Central a client-credentials token
would then open, since such a token proves only that the app is consented there.
Microsoft's admin consent documentation says as much: the tenant in the response is
not to be trusted, confirm it with a sign-in. So the same browser is sent on through an
OpenID Connect sign-in (authorization code with PKCE and a nonce, scope `openid`, to the
same callback); the tenant is taken from the `tid` of the ID token, verified
(gateway/oauth/id_tokens.py), and must equal the consent's. When the ID token lists the
user's directory roles (`wids`), they must include one that may grant admin consent.
Only then does the app take a token by client credentials in that tenant, discovery
pick the environment, and the connection get stored under the organisation's key.

Consent first, sign-in second (rather than the other way round): a tenant admin who
just consented is signed in at Microsoft, so the confirming sign-in usually passes
without a page, and their sign-in needs no consent of its own (the admin consent
granted the app's permissions, `openid` with them); signing in first would show an
admin two consent prompts. Either order is equally safe: what is stored is always the
tenant of a verified ID token from this browser's sign-in.

Each leg's state is kept as the user connect flow keeps it (gateway/oauth/flow.py):
single-use, short-lived, in the store under its hash, tied by a cookie to the browser
that started. Without that, an attacker could start consent for their own
organisation and have a victim admin finish it, attaching the victim's Business
Central to the attacker's organisation.

A tenant connected to one organisation is also refused to any other: belt and braces,
for an app whose ID tokens carry no roles (then any signed-in member of a tenant that
consented earlier would pass the tenant check).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

import httpx

from gateway.acting import org_key, organisation_of_key
from gateway.connections import Connection, ConnectionStore
from gateway.oauth.app_connections import app_connection
from gateway.oauth.config import OAuthConfig
from gateway.oauth.discovery import DiscoveryError
from gateway.oauth.flow import ConnectError, Started, cookie_name
from gateway.oauth.id_tokens import IdTokenError, IdTokenVerifier
from gateway.oauth.identity import IdentityClient, IdentityError

_TITLE = "Organisation not connected"


@dataclass(frozen=True)
class Starter:
    """Who starts admin consent, and for which organisation."""

    user_id: str
    organisation: str


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


class AdminConsentFlow:
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
        self._id_tokens = IdTokenVerifier(config, http, clock=clock)
        self._connected: list[Callable[[str], None]] = []

    def on_connected(self, listener: Callable[[str], None]) -> None:
        """Called with the organisation's key after each stored connection."""
        self._connected.append(listener)

    async def issue_ticket(self, starter: Starter) -> str:
        """A single-use ticket for a browser navigation (which cannot carry the user token)."""
        ticket = secrets.token_urlsafe(32)
        value = json.dumps({"user_id": starter.user_id, "organisation": starter.organisation})
        await self._store.stash(
            f"consent-ticket:{_digest(ticket)}", value.encode(), self.config.ticket_ttl_seconds
        )
        return ticket

    async def redeem_ticket(self, ticket: str) -> Starter | None:
        value = await self._store.take(f"consent-ticket:{_digest(ticket)}")
        return None if value is None else Starter(**json.loads(value))

    async def start(self, starter: Starter, *, redirect_uri: str, tenant: str = "") -> Started:
        state = secrets.token_urlsafe(32)
        browser_key = secrets.token_urlsafe(32)
        pending = {
            "user_id": starter.user_id,
            "organisation": starter.organisation,
            "redirect_uri": redirect_uri,
            "browser_key_hash": _digest(browser_key),
            "created_at": self._clock(),
        }
        await self._store.stash(
            f"consent-state:{_digest(state)}",
            json.dumps(pending).encode(),
            self.config.state_ttl_seconds,
        )
        query = urlencode(
            {
                "client_id": self.config.client_id,
                "scope": self.config.app_scope,
                "redirect_uri": redirect_uri,
                "state": state,
            }
        )
        url = f"{self.config.admin_consent_endpoint(tenant)}?{query}"
        return Started(url, cookie_name(state), browser_key)

    async def finish(
        self, query: Mapping[str, str], cookies: Mapping[str, str]
    ) -> Connection | Started:
        """The callback, for either leg. After consent: the sign-in that confirms the tenant
        (`Started`). After that sign-in: the app token, discovery, and the organisation's
        connection, stored (nothing is stored before)."""
        state = query.get("state", "")
        consented = await self._take("consent-state", state)
        pending = consented or await self._take("consent-signin", state)
        if pending is None:
            raise ConnectError(
                _TITLE,
                "This consent link is invalid, was already used, or has expired. "
                "Start connecting the organisation again from the app.",
            )
        if not hmac.compare_digest(
            _digest(cookies.get(cookie_name(state), "")), str(pending["browser_key_hash"])
        ):
            raise ConnectError(
                _TITLE,
                "This consent was started in another browser or by another user. "
                "Start connecting the organisation again from the app.",
            )
        if consented is not None:
            return await self._confirm(pending, _consented_tenant(query))
        tenant = str(pending["tenant"])
        await self._check_sign_in(pending, tenant, query)
        key = org_key(str(pending["organisation"]))
        previous = await self._store.get(key)
        try:
            connection = await app_connection(
                self.config,
                self._identity,
                self._http,
                tenant,
                key=key,
                previous=previous,
                clock=self._clock,
            )
        except IdentityError as exc:
            raise _identity_refused(exc, tenant) from exc
        except DiscoveryError as exc:
            raise _bc_refused(exc) from exc
        await self._refuse_a_tenant_of_another_organisation(connection)
        stored = await self._store.put(connection)
        for listener in self._connected:
            listener(stored.user_id)
        return stored

    async def _confirm(self, consented: dict[str, object], tenant: str) -> Started:
        """The sign-in whose ID token must name `tenant`, in the browser that consented."""
        state = secrets.token_urlsafe(32)
        code_verifier = secrets.token_urlsafe(64)
        nonce = secrets.token_urlsafe(32)
        browser_key = secrets.token_urlsafe(32)
        redirect_uri = str(consented["redirect_uri"])
        pending = {
            "user_id": consented["user_id"],
            "organisation": consented["organisation"],
            "redirect_uri": redirect_uri,
            "browser_key_hash": _digest(browser_key),
            "created_at": self._clock(),
            "tenant": tenant,
            "code_verifier": code_verifier,
            "nonce": nonce,
        }
        await self._store.stash(
            f"consent-signin:{_digest(state)}",
            json.dumps(pending).encode(),
            self.config.state_ttl_seconds,
        )
        url = self._identity.authorize_url(
            state=state,
            code_verifier=code_verifier,
            redirect_uri=redirect_uri,
            # openid for the ID token; BC's .default so that nothing new is asked of the
            # admin (it is what they just consented to).
            scope=f"openid profile {self.config.app_scope}",
            nonce=nonce,
        )
        return Started(url, cookie_name(state), browser_key)

    async def _check_sign_in(
        self, pending: dict[str, object], tenant: str, query: Mapping[str, str]
    ) -> None:
        """The confirming sign-in's ID token, verified, names `tenant` and (when it lists
        roles) an admin who may consent; otherwise the refusal."""
        if "error" in query or not query.get("code"):
            raise ConnectError(
                _TITLE,
                "The sign-in that confirms the tenant did not complete, so nothing was "
                "connected. Start connecting the organisation again from the app.",
                detail=f"{query.get('error', '')}: {query.get('error_description', '')}".strip(
                    ": "
                ),
            )
        try:
            tokens = await self._identity.exchange_code(
                query["code"], str(pending["code_verifier"]), str(pending["redirect_uri"])
            )
        except IdentityError as exc:
            if exc.transient or exc.error == "invalid_client":
                raise _identity_refused(exc, tenant) from exc
            raise ConnectError(
                _TITLE,
                "Microsoft did not accept the sign-in that confirms the tenant (it may have "
                "been used already). Start connecting the organisation again from the app.",
                detail=exc.error,
            ) from exc
        if tokens.id_token is None:
            raise ConnectError(_TITLE, "The sign-in returned no ID token.", status=502)
        try:
            signed = await self._id_tokens.verify(tokens.id_token, nonce=str(pending["nonce"]))
        except IdTokenError as exc:
            raise ConnectError(
                _TITLE,
                f"The sign-in could not be verified: {exc.message}",
                status=502 if exc.transient else 400,
            ) from exc
        if signed.tenant_id != tenant:
            raise ConnectError(
                "Tenant not confirmed",
                f"Consent came back for tenant {tenant}, but {signed.username} signed in "
                f"to tenant {signed.tenant_id}. Nothing was connected: an admin of the "
                "tenant being connected must consent and sign in.",
                status=403,
            )
        if signed.may_consent is False:
            raise ConnectError(
                "Consent not given",
                f"{signed.username} is not an administrator of tenant {tenant}, so the "
                "organisation's Business Central was not connected. A tenant admin must "
                "accept the app's permissions and sign in.",
                status=403,
            )

    async def _refuse_a_tenant_of_another_organisation(self, connection: Connection) -> None:
        # A scan of the store: consent is rare, and the store has no index by tenant.
        for other in await self._store.list():
            if (
                other.tenant_id == connection.tenant_id
                and other.user_id != connection.user_id
                and organisation_of_key(other.user_id) is not None
            ):
                raise ConnectError(
                    _TITLE,
                    f"Tenant {connection.tenant_id} is already connected to another "
                    "organisation. It must be disconnected there first.",
                    status=409,
                )

    async def _take(self, kind: str, state: str) -> dict[str, object] | None:
        raw = await self._store.take(f"{kind}:{_digest(state)}") if state else None
        if raw is None:
            return None
        pending: dict[str, object] = json.loads(raw)
        created_at = pending.get("created_at")
        if not isinstance(created_at, int | float) or (
            self._clock() - created_at > self.config.state_ttl_seconds
        ):
            return None
        return pending


def _consented_tenant(query: Mapping[str, str]) -> str:
    """The tenant whose admin consented, or the refusal Microsoft sent back."""
    if "error" in query:
        error = query["error"]
        detail = f"{error}: {query.get('error_description', '')}".strip(": ")
        if error in ("access_denied", "consent_required"):
            raise ConnectError(
                "Consent not given",
                "The administrator did not grant the app's permissions, so the organisation's "
                "Business Central was not connected. A tenant admin must accept them.",
                status=403,
                detail=detail,
            )
        raise ConnectError(
            _TITLE,
            "Microsoft's admin consent returned an error, so nothing was connected.",
            detail=detail,
        )
    tenant = query.get("tenant", "")
    if query.get("admin_consent", "").lower() != "true" or not tenant:
        raise ConnectError(_TITLE, "Microsoft's answer says no admin consent was given.")
    return tenant


def _identity_refused(exc: IdentityError, tenant: str) -> ConnectError:
    if exc.transient:
        return ConnectError(
            _TITLE,
            "The identity provider could not be reached; try again shortly.",
            status=502,
            detail=exc.error,
        )
    return ConnectError(
        _TITLE,
        f"Microsoft refused the app a token in tenant {tenant}: the consent may not have "
        "taken effect yet, the app may have been removed from the tenant, or its client "
        "secret may have expired.",
        status=502,
        detail=f"{exc.error}: {exc.description}" if exc.description else exc.error,
    )


def _bc_refused(exc: DiscoveryError) -> ConnectError:
    if exc.status in (401, 403):
        return ConnectError(
            "Business Central refused the app",
            "Consent was given, but Business Central does not accept the app: an admin must "
            "add it on Business Central's Microsoft Entra Applications page, set it to "
            "Enabled and give it permission sets, then connect again.",
            status=403,
            detail=str(exc),
        )
    return ConnectError(_TITLE, str(exc), status=502)
