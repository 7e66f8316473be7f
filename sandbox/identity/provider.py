"""The emulated Microsoft identity platform, assembled: what the sandbox app mounts."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable

from sandbox.directory import DEV_CLIENT_ID
from sandbox.identity.admin_consent import AdminConsentEndpoint
from sandbox.identity.app_consents import AppConsents
from sandbox.identity.authorize import AuthorizeEndpoint
from sandbox.identity.codes import CodeStore
from sandbox.identity.consent import ConsentSeal
from sandbox.identity.discovery import Discovery
from sandbox.identity.environments import Environments
from sandbox.identity.grants import Grants
from sandbox.identity.keys import SigningKey
from sandbox.identity.refresh_tokens import RefreshTokenStore
from sandbox.identity.routes import identity_routes
from sandbox.identity.scopes import BC_DEFAULT_SCOPE, DelegatedScopes, app_roles
from sandbox.identity.token_endpoint import TokenEndpoint
from sandbox.identity.tokens import TokenMinter
from sandbox.identity.verifier import TokenVerifier
from sandbox.settings import SandboxSettings

# Issuer host for tokens minted outside a request when no public URL is configured.
_FALLBACK_BASE_URL = "http://localhost"


class IdentityProvider:
    """Routes for the browser and the app, a verifier for the API, and two helpers for tests.

    `conn` is shared with the entity store; every table here is prefixed `idp_`.
    """

    def __init__(
        self,
        settings: SandboxSettings,
        conn: sqlite3.Connection,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._settings = settings
        key = SigningKey.load_or_create(conn, clock(), settings.signing_key_pem)
        codes = CodeStore(conn, clock)
        self._refresh_tokens = RefreshTokenStore(
            conn, clock, settings.refresh_token_lifetime_seconds
        )
        self._minter = TokenMinter(key, settings.access_token_lifetime_seconds, clock)
        self.verifier = TokenVerifier(
            key, settings.directory, public_url=settings.public_url, clock=clock
        )
        self.consents = AppConsents(conn, settings.directory, clock)
        grants = Grants(
            settings.directory, codes, self._refresh_tokens, self._minter, self.consents, clock
        )
        seal = ConsentSeal(key.derive_secret("consent"), clock)
        self.routes = identity_routes(
            AuthorizeEndpoint(settings, codes, seal),
            TokenEndpoint(settings, grants, clock),
            Discovery(settings, key, clock),
            Environments(settings, self.verifier),
            AdminConsentEndpoint(settings, self.consents, seal),
        )

    def revoke_refresh_tokens(self, user_id: str) -> int:
        """Revokes the live refresh tokens of a user (object id or username); returns how many."""
        user = self._settings.directory.user_by_name(user_id)
        return self._refresh_tokens.revoke_user(user.id if user is not None else user_id)

    def issue_access_token(
        self,
        *,
        user: str | None = None,
        tenant: str | None = None,
        client_id: str = DEV_CLIENT_ID,
        scope: str = BC_DEFAULT_SCOPE,
        issuer_base: str | None = None,
    ) -> str:
        """A token as the token endpoint would issue it, without the browser.

        `user` (object id or username) gives a delegated token for the user's tenant;
        `tenant` (id or domain) gives an app token, as client credentials would.
        Raises ValueError for what Entra would refuse to issue.
        """
        directory = self._settings.directory
        base = issuer_base or self._settings.public_url or _FALLBACK_BASE_URL
        client = directory.client(client_id)
        if client is None:
            raise ValueError(f"unknown client {client_id!r}")
        if (user is None) == (tenant is None):
            raise ValueError("give exactly one of user (delegated token) or tenant (app token)")
        if user is not None:
            found = directory.user(user) or directory.user_by_name(user)
            if found is None:
                raise ValueError(f"unknown user {user!r}")
            scopes = DelegatedScopes.parse(scope)
            return self._minter.user_access_token(
                issuer_base=base, client_id=client_id, user=found, scp=scopes.scp
            )
        assert tenant is not None  # narrowed by the exactly-one check above
        named = directory.tenant(tenant)
        if named is None or not self.consents.granted(client_id, named.id):
            raise ValueError(f"client {client_id!r} has no admin consent in tenant {tenant!r}")
        return self._minter.app_access_token(
            issuer_base=base, tenant_id=named.id, client_id=client_id, roles=app_roles(scope)
        )
