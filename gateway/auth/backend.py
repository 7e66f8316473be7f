"""User tokens at the HTTP edge: a Starlette authentication backend and its error response."""

from __future__ import annotations

from starlette.authentication import (
    AuthCredentials,
    AuthenticationBackend,
    AuthenticationError,
    BaseUser,
)
from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse, Response

from gateway.auth.principal import Principal
from gateway.auth.verifier import UserTokenVerifier
from gateway.errors import GatewayError, Unauthenticated

AUTHENTICATED_SCOPE = "authenticated"


class UserTokenError(AuthenticationError):
    """Carries the gateway error to `auth_error_response` through Starlette's middleware."""

    def __init__(self, error: GatewayError) -> None:
        super().__init__(error.message)
        self.error = error


class UserTokenBackend(AuthenticationBackend):
    """`Authorization: Bearer <user token>` -> `request.user` is a Principal.

    No header leaves the request anonymous (routes decide whether that is fine, and a
    WebSocket authenticates later, in connection_init); a bad one ends it with 401.
    """

    def __init__(self, verifier: UserTokenVerifier) -> None:
        self._verifier = verifier

    async def authenticate(self, conn: HTTPConnection) -> tuple[AuthCredentials, BaseUser] | None:
        header = conn.headers.get("authorization")
        if header is None:
            return None
        try:
            principal = await self._verifier.verify(bearer_token(header))
        except GatewayError as error:
            raise UserTokenError(error) from error
        return AuthCredentials([AUTHENTICATED_SCOPE]), principal


class OnPaths(AuthenticationBackend):
    """`backend` (None: user tokens are not configured) on the paths starting with one of
    `paths` only. Elsewhere an Authorization header belongs to someone else: in dev mode the
    mounted sandbox's BC API takes BC bearer tokens, which are not user tokens."""

    def __init__(self, backend: AuthenticationBackend | None, paths: tuple[str, ...]) -> None:
        self._backend = backend
        self._paths = paths

    async def authenticate(self, conn: HTTPConnection) -> tuple[AuthCredentials, BaseUser] | None:
        if self._backend is None or not conn.scope["path"].startswith(self._paths):
            return None
        return await self._backend.authenticate(conn)


def bearer_token(header: str) -> str:
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated(
            "The Authorization header must be 'Bearer <user token>'.", reason="malformed_header"
        )
    return token.strip()


def auth_error_response(conn: HTTPConnection, exc: AuthenticationError) -> Response:
    """`on_error` for Starlette's AuthenticationMiddleware: the gateway's error shape, 401."""
    error = exc.error if isinstance(exc, UserTokenError) else Unauthenticated(str(exc))
    return error_response(error)


def error_response(error: GatewayError) -> JSONResponse:
    headers = {"Cache-Control": "no-store"}
    if error.http_status == 401:
        headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    retry_after = error.extensions.get("retryAfter")
    if error.http_status == 429 and retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    return JSONResponse(
        {"errors": [{"message": error.message, "extensions": error.to_extensions()}]},
        status_code=error.http_status,
        headers=headers,
    )


def require_principal(conn: HTTPConnection) -> Principal:
    """The request's principal; Unauthenticated when the middleware found no user token."""
    user = conn.scope.get("user")
    if not isinstance(user, Principal):
        raise Unauthenticated("A user token is required.", reason="missing_token")
    return user
