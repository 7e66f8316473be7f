"""Service-to-service: a connection for a whole tenant, on the app's own permissions.

No user signs in: the app asks the tenant's token endpoint for a token with client
credentials (BC reference §9: application permission API.ReadWrite.All, admin
consent, and the app registered on BC's Microsoft Entra Applications page). There is
no refresh token; the token manager asks again when the token runs out.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

import httpx

from gateway.connections import Connection, ConnectionKind, ConnectionStore
from gateway.errors import UpstreamError, UpstreamUnavailable
from gateway.oauth.config import OAuthConfig
from gateway.oauth.discovery import DiscoveryError, discover
from gateway.oauth.identity import IdentityClient, IdentityError, unverified_claims


def app_user_id(tenant_id: str) -> str:
    """The default key of a tenant's app connection: what a user token's `sub` names."""
    return f"app:{tenant_id}"


def app_refusal(connection: Connection) -> str:
    """What BC's 401 to a valid app token means, for the client: BC does not let the app in.
    Blank for a user's connection, where a 401 means something else (gateway/bc/errors.py)."""
    if connection.kind is not ConnectionKind.APP:
        return ""
    return (
        "Business Central does not let the organisation's app in: an admin must add it on "
        f"Business Central's Microsoft Entra Applications page (environment "
        f"{connection.environment} of tenant {connection.tenant_id}), set its State to "
        "Enabled and give it permission sets."
    )


async def app_connection(
    config: OAuthConfig,
    identity: IdentityClient,
    http: httpx.AsyncClient,
    tenant_id: str,
    *,
    key: str,
    previous: Connection | None = None,
    clock: Callable[[], float] = time.time,
) -> Connection:
    """A tenant's app connection under `key`, not yet stored: an app token by client
    credentials, then discovery with it. Raises IdentityError (the identity provider
    refused the app) or DiscoveryError (BC refused it, or has no environment).

    Replacing `previous` on the same environment keeps its default company and creation time.
    """
    tokens = await identity.client_credentials(tenant_id)
    # The answer's `tid` is the canonical tenant id, also when a domain was given.
    # Read without verification: see unverified_claims for why that is fine here.
    tid = str(unverified_claims(tokens.access_token).get("tid") or tenant_id)
    found = await discover(
        http,
        bc_api_base_url=config.bc_api_base_url,
        tenant_id=tid,
        access_token=tokens.access_token,
        preferred_environment=config.environment,
    )
    now = clock()
    default_company = found.companies[0].id if found.companies else None
    created_at = now
    if previous is not None and previous.api_root == found.api_root:
        created_at = previous.created_at
        if previous.default_company_id in {c.id for c in found.companies}:
            default_company = previous.default_company_id
    return Connection(
        user_id=key,
        tenant_id=tid,
        environment=found.environment,
        api_root=found.api_root,
        access_token=tokens.access_token,
        expires_at=now + tokens.expires_in,
        issued_at=now,
        default_company_id=default_company,
        companies=found.companies,
        scopes=(config.app_scope,),
        kind=ConnectionKind.APP,
        created_at=created_at,
        updated_at=now,
    )


async def connect_app(
    config: OAuthConfig,
    store: ConnectionStore,
    identity: IdentityClient,
    http: httpx.AsyncClient,
    tenant_id: str,
    *,
    user_id: str | None = None,
    clock: Callable[[], float] = time.time,
) -> Connection:
    """Creates (or replaces) the app connection for `tenant_id` (an id or verified domain)."""
    try:
        connection = await app_connection(
            config, identity, http, tenant_id, key=user_id or "", clock=clock
        )
    except IdentityError as exc:
        error = UpstreamUnavailable if exc.transient else UpstreamError
        raise error(
            "The identity provider refused an app token for this tenant.", reason=exc.error
        ) from exc
    except DiscoveryError as exc:
        raise UpstreamError(str(exc)) from exc
    if not user_id:
        connection = dataclasses.replace(connection, user_id=app_user_id(connection.tenant_id))
    return await store.put(connection)
