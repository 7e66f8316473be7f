"""`/{tenant}/adminconsent` (v1.0) and `/{tenant}/v2.0/adminconsent`: a tenant admin lets an
app act in the whole tenant, as itself (the client credentials grant) and for every user.

The page and its sealed round trip are the authorization endpoint's; what differs is who
may accept (a tenant admin only), what is recorded (the tenant's consent, app_consents.py)
and the answer on the redirect: `admin_consent=True&tenant=<id>&state=…` (v2.0 adds the
`scope` granted), or `admin_consent=True&error=…&error_description=…&state=…`.
Until the client and redirect URI are known to match, errors are an HTML page, as at
the authorization endpoint.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.requests import Request
from starlette.responses import Response

from sandbox.directory import User
from sandbox.identity import errors
from sandbox.identity.app_consents import AppConsents
from sandbox.identity.authorize import Target, redirect_to, resolve_target
from sandbox.identity.consent import ConsentSeal
from sandbox.identity.errors import OAuthError
from sandbox.identity.pages import consent_page, error_page
from sandbox.identity.scopes import APP_ROLES, DELEGATED_PERMISSIONS, admin_consent_scope
from sandbox.settings import SandboxSettings

_HEADING = "Permissions requested: accept for your organization"


class AdminConsentEndpoint:
    def __init__(self, settings: SandboxSettings, consents: AppConsents, seal: ConsentSeal) -> None:
        self._settings = settings
        self._directory = settings.directory
        self._consents = consents
        self._seal = seal

    async def v1(self, request: Request) -> Response:
        return await self._handle(request, v2=False)

    async def v2(self, request: Request) -> Response:
        return await self._handle(request, v2=True)

    async def _handle(self, request: Request, *, v2: bool) -> Response:
        segment = request.path_params["tenant"]
        # The seal names the endpoint too: a page shown for sign-in cannot answer here.
        sealed_as = f"adminconsent/{'v2.0' if v2 else 'v1.0'}/{segment}"
        if request.method == "POST":
            form = await request.form()
            fields = {k: v for k, v in form.items() if isinstance(v, str)}
            try:
                params = self._seal.open(sealed_as, fields)
            except OAuthError as error:
                return error_page(error)
        else:
            params = dict(request.query_params)
        try:
            target = resolve_target(self._directory, segment, params)
        except OAuthError as error:
            return error_page(error)
        state = params.get("state")
        try:
            scope = admin_consent_scope(params.get("scope", "")) if v2 else None
            if request.method == "POST":
                return self._answer(target, scope, state, fields)
            return self._ask(target, scope, state, params, sealed_as, request.url.path)
        except OAuthError as error:
            return _refused(target, error, state)

    def _ask(
        self,
        target: Target,
        scope: str | None,
        state: str | None,
        params: Mapping[str, str],
        sealed_as: str,
        action: str,
    ) -> Response:
        users = target.authority.users(self._directory)
        hint = (params.get("login_hint") or "").lower()
        hinted = next((u for u in users if u.username.lower() == hint), None)
        if self._settings.auto_consent and hinted is not None:
            # As the authorization endpoint does for a hinted user: no page in tests and dev.
            return self._consent(target, hinted, scope, state)
        return consent_page(
            action=action,
            client=target.client,
            permissions=[*APP_ROLES, *DELEGATED_PERMISSIONS],
            users=users,
            selected_user_id=hinted.id if hinted is not None else None,
            hidden=self._seal.seal(sealed_as, params),
            heading=_HEADING,
        )

    def _answer(
        self, target: Target, scope: str | None, state: str | None, form: Mapping[str, str]
    ) -> Response:
        if form.get("action") != "accept":
            raise errors.admin_consent_declined()
        user_id = form.get("user_id", "")
        user = self._directory.user(user_id)
        if user is None or not target.authority.admits(user.tenant_id):
            return error_page(errors.user_not_in_tenant(user_id))
        return self._consent(target, user, scope, state)

    def _consent(
        self, target: Target, user: User, scope: str | None, state: str | None
    ) -> Response:
        if not user.admin:
            raise errors.admin_role_required(target.client.name)
        self._consents.grant(target.client.client_id, user.tenant_id, user.id)
        return redirect_to(
            target.redirect_uri,
            {"admin_consent": "True", "tenant": user.tenant_id, "scope": scope, "state": state},
        )


def _refused(target: Target, error: OAuthError, state: str | None) -> Response:
    return redirect_to(
        target.redirect_uri,
        {
            "admin_consent": "True",
            "error": error.error,
            "error_description": error.description,
            "state": state,
        },
    )
