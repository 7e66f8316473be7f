"""`/{tenant}/oauth2/v2.0/authorize`: who signs in, and the code the app gets back.

Errors come in two kinds, as at Entra. Until the client and its redirect URI
are known to match, nothing may be sent to that URI (it could be an
attacker's), so the browser gets an error page. After that, every error
travels back to the app on the redirect, with the app's `state`.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from sandbox.directory import Client, Directory, User
from sandbox.identity import errors
from sandbox.identity.authority import Authority
from sandbox.identity.clients import find_client, redirect_allowed
from sandbox.identity.codes import AuthorizationCode, CodeStore
from sandbox.identity.consent import ConsentSeal
from sandbox.identity.errors import OAuthError
from sandbox.identity.pages import consent_page, error_page
from sandbox.identity.scopes import DelegatedScopes
from sandbox.settings import SandboxSettings

# prompt values that ask for a page even when consent would be automatic.
_INTERACTIVE_PROMPTS = frozenset({"login", "consent", "select_account"})
_BASE64URL = frozenset(string.ascii_letters + string.digits + "-_")
_S256_CHALLENGE_LENGTH = 43  # base64url of a SHA-256 digest, unpadded


@dataclass(frozen=True)
class Target:
    """A client and a redirect URI registered for it: from here on, errors may be redirected."""

    authority: Authority
    client: Client
    redirect_uri: str


@dataclass(frozen=True)
class AuthorizationRequest:
    target: Target
    scopes: DelegatedScopes
    state: str | None
    code_challenge: str | None
    nonce: str | None


class AuthorizeEndpoint:
    def __init__(
        self,
        settings: SandboxSettings,
        codes: CodeStore,
        seal: ConsentSeal,
    ) -> None:
        self._settings = settings
        self._directory = settings.directory
        self._codes = codes
        self._seal = seal

    async def handle(self, request: Request) -> Response:
        segment = request.path_params["tenant"]
        if request.method == "POST":
            return await self._consent_answer(request, segment)
        params = dict(request.query_params)
        try:
            target = self._target(segment, params)
        except OAuthError as error:
            return error_page(error)
        try:
            return self._answer(self._request(target, params), segment, params, request.url.path)
        except OAuthError as error:
            return _redirect_error(target, error, params.get("state"))

    def _answer(
        self, auth: AuthorizationRequest, segment: str, params: Mapping[str, str], action: str
    ) -> Response:
        prompt = params.get("prompt", "")
        users = auth.target.authority.users(self._directory)
        hint = (params.get("login_hint") or "").lower()
        hinted = next((u for u in users if u.username.lower() == hint), None)
        if prompt == "none":
            if hinted is None or not self._settings.auto_consent:
                raise errors.login_required()
            return self._issue(auth, hinted)
        if (
            self._settings.auto_consent
            and hinted is not None
            and prompt not in _INTERACTIVE_PROMPTS
        ):
            return self._issue(auth, hinted)
        return consent_page(
            action=action,
            client=auth.target.client,
            permissions=[*auth.scopes.permissions, *sorted(auth.scopes.oidc)],
            users=users,
            selected_user_id=hinted.id if hinted is not None else None,
            hidden=self._seal.seal(segment, params),
        )

    async def _consent_answer(self, request: Request, segment: str) -> Response:
        form = await request.form()
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        try:
            # The sealed parameters passed every check when the page was shown; re-checking is cheap
            # and keeps one code path from parameters to a code.
            params = self._seal.open(segment, fields)
            target = self._target(segment, params)
            auth = self._request(target, params)
        except OAuthError as error:
            return error_page(error)
        if fields.get("action") != "accept":
            return _redirect_error(target, errors.consent_declined(), auth.state)
        user_id = fields.get("user_id", "")
        user = self._directory.user(user_id)
        # The radio choice is the one unsealed field: it must still name a user of this tenant.
        if user is None or not target.authority.admits(user.tenant_id):
            return error_page(errors.user_not_in_tenant(user_id))
        return self._issue(auth, user)

    def _target(self, segment: str, params: Mapping[str, str]) -> Target:
        return resolve_target(self._directory, segment, params)

    def _request(self, target: Target, params: Mapping[str, str]) -> AuthorizationRequest:
        response_type = params.get("response_type")
        if not response_type:
            raise errors.missing_parameter("response_type")
        if response_type != "code":
            raise errors.unsupported_response_type(response_type)
        scopes = DelegatedScopes.parse(params.get("scope", ""))
        challenge = params.get("code_challenge")
        method = params.get("code_challenge_method")
        if challenge is None:
            if method is not None:
                raise errors.missing_parameter("code_challenge")
        else:
            # RFC 7636 makes an absent method mean `plain`, which is refused like an explicit one.
            if method != "S256":
                raise errors.code_challenge_method_unsupported(method or "plain")
            if len(challenge) != _S256_CHALLENGE_LENGTH or not set(challenge) <= _BASE64URL:
                raise errors.code_challenge_invalid()
        return AuthorizationRequest(
            target, scopes, params.get("state"), challenge, params.get("nonce")
        )

    def _issue(self, auth: AuthorizationRequest, user: User) -> Response:
        code = self._codes.issue(
            AuthorizationCode(
                client_id=auth.target.client.client_id,
                redirect_uri=auth.target.redirect_uri,
                code_challenge=auth.code_challenge,
                user_id=user.id,
                tenant_id=user.tenant_id,
                scopes=auth.scopes.serialize(),
                nonce=auth.nonce,
            )
        )
        return redirect_to(auth.target.redirect_uri, {"code": code, "state": auth.state})


def resolve_target(directory: Directory, segment: str, params: Mapping[str, str]) -> Target:
    """The tenant, client and redirect URI of a request, each checked before any is trusted."""
    authority = Authority.resolve(directory, segment)
    client = find_client(directory, authority, params.get("client_id"))
    redirect_uri = params.get("redirect_uri")
    if not redirect_uri:
        raise errors.missing_parameter("redirect_uri")
    if not redirect_allowed(client, redirect_uri):
        raise errors.redirect_uri_mismatch(redirect_uri, client.client_id)
    return Target(authority, client, redirect_uri)


def _redirect_error(target: Target, error: OAuthError, state: str | None) -> Response:
    return redirect_to(
        target.redirect_uri,
        {"error": error.error, "error_description": error.description, "state": state},
    )


def redirect_to(uri: str, params: Mapping[str, str | None]) -> Response:
    # Keep the redirect URI's own query (RFC 6749 §3.1.2 allows one) and add ours after it.
    parts = urlsplit(uri)
    query = parse_qsl(parts.query, keep_blank_values=True)
    query.extend((k, v) for k, v in params.items() if v is not None)
    return RedirectResponse(urlunsplit(parts._replace(query=urlencode(query))), status_code=302)
