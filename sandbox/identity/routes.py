"""The identity provider's URL map: on the sandbox's own host, as Entra's is on its own."""

from __future__ import annotations

from starlette.routing import BaseRoute, Route

from sandbox.identity.authorize import AuthorizeEndpoint
from sandbox.identity.discovery import Discovery
from sandbox.identity.environments import Environments
from sandbox.identity.token_endpoint import TokenEndpoint


def identity_routes(
    authorize: AuthorizeEndpoint,
    token: TokenEndpoint,
    discovery: Discovery,
    environments: Environments,
) -> list[BaseRoute]:
    return [
        # POST carries the consent page's answer back to the same URL.
        Route("/{tenant}/oauth2/v2.0/authorize", authorize.handle, methods=["GET", "POST"]),
        Route("/{tenant}/oauth2/v2.0/token", token.handle, methods=["POST"]),
        Route(
            "/{tenant}/v2.0/.well-known/openid-configuration",
            discovery.openid_configuration,
            methods=["GET"],
        ),
        Route("/{tenant}/discovery/v2.0/keys", discovery.keys, methods=["GET"]),
        Route("/environments/v1.2", environments.list, methods=["GET"]),
    ]
