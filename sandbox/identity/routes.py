"""The identity provider's URL map: on the sandbox's own host, as Entra's is on its own."""

from __future__ import annotations

from starlette.routing import BaseRoute, Route

from sandbox.identity.admin_consent import AdminConsentEndpoint
from sandbox.identity.authorize import AuthorizeEndpoint
from sandbox.identity.discovery import Discovery
from sandbox.identity.environments import Environments
from sandbox.identity.token_endpoint import TokenEndpoint


def identity_routes(
    authorize: AuthorizeEndpoint,
    token: TokenEndpoint,
    discovery: Discovery,
    environments: Environments,
    admin_consent: AdminConsentEndpoint,
) -> list[BaseRoute]:
    return [
        # POST carries the consent page's answer back to the same URL.
        Route("/{tenant}/oauth2/v2.0/authorize", authorize.handle, methods=["GET", "POST"]),
        Route("/{tenant}/oauth2/v2.0/token", token.handle, methods=["POST"]),
        # Both versions: the v1.0 form takes no scope (it consents to everything registered).
        Route("/{tenant}/adminconsent", admin_consent.v1, methods=["GET", "POST"]),
        Route("/{tenant}/v2.0/adminconsent", admin_consent.v2, methods=["GET", "POST"]),
        Route(
            "/{tenant}/v2.0/.well-known/openid-configuration",
            discovery.openid_configuration,
            methods=["GET"],
        ),
        Route("/{tenant}/discovery/v2.0/keys", discovery.keys, methods=["GET"]),
        Route("/environments/v1.2", environments.list, methods=["GET"]),
    ]
