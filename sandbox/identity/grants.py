"""The three grants the token endpoint honours, each checked the way Entra checks it.

Each takes the authenticated client and the form, and returns the JSON body of
a successful token response or raises OAuthError.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Mapping
from typing import Any

from authlib.oauth2.rfc7636 import create_s256_code_challenge

from sandbox.directory import Client, Directory, User
from sandbox.identity import errors
from sandbox.identity.app_consents import AppConsents
from sandbox.identity.authority import Authority
from sandbox.identity.codes import CodeStore
from sandbox.identity.refresh_tokens import RefreshGrant, RefreshTokenStore
from sandbox.identity.scopes import DelegatedScopes, app_roles
from sandbox.identity.tokens import TokenMinter


class Grants:
    def __init__(
        self,
        directory: Directory,
        codes: CodeStore,
        refresh_tokens: RefreshTokenStore,
        minter: TokenMinter,
        consents: AppConsents,
        clock: Callable[[], float],
    ) -> None:
        self._directory = directory
        self._consents = consents
        self._codes = codes
        self._refresh_tokens = refresh_tokens
        self._minter = minter
        self._clock = clock

    def authorization_code(
        self, authority: Authority, client: Client, form: Mapping[str, str], issuer_base: str
    ) -> dict[str, Any]:
        value = _require(form, "code")
        redirect_uri = _require(form, "redirect_uri")
        record = self._codes.find(value)
        if record is None:
            raise errors.malformed_grant()
        code = record.code
        if code.client_id != client.client_id:
            raise errors.grant_mismatch("The authorization code was issued to another client.")
        if record.redeemed:
            # A replayed code may have been stolen: whatever it already yielded is revoked too.
            self._refresh_tokens.revoke_family(record.family_id)
            raise errors.code_redeemed()
        if record.expires_at < self._clock():
            raise errors.grant_expired()
        if not authority.admits(code.tenant_id):
            raise errors.code_for_other_tenant()
        if redirect_uri != code.redirect_uri:
            raise errors.grant_mismatch(
                "The redirect_uri must be the one used to obtain the authorization code."
            )
        _check_verifier(code.code_challenge, form.get("code_verifier"))
        if not self._codes.redeem(value):
            self._refresh_tokens.revoke_family(record.family_id)
            raise errors.code_redeemed()
        user = self._user(code.user_id)
        scopes = DelegatedScopes.parse(code.scopes)
        return self._delegated(
            client, user, scopes, record.family_id, nonce=code.nonce, issuer_base=issuer_base
        )

    def refresh_token(
        self, authority: Authority, client: Client, form: Mapping[str, str], issuer_base: str
    ) -> dict[str, Any]:
        value = _require(form, "refresh_token")
        record = self._refresh_tokens.find(value)
        if record is None:
            raise errors.malformed_grant()
        grant = record.grant
        if grant.client_id != client.client_id:
            raise errors.grant_mismatch("The refresh token was issued to another client.")
        if record.revoked:
            raise errors.grant_revoked()
        if record.used:
            self._refresh_tokens.revoke_family(grant.family_id)
            raise errors.refresh_token_reused()
        if record.expires_at < self._clock():
            raise errors.grant_expired()
        if not authority.admits(grant.tenant_id):
            raise errors.grant_mismatch("The refresh token was issued for another tenant.")
        granted = DelegatedScopes.parse(grant.scopes)
        scopes = granted.narrow(form["scope"]) if form.get("scope") else granted
        user = self._user(grant.user_id)
        if not self._refresh_tokens.use(value):
            self._refresh_tokens.revoke_family(grant.family_id)
            raise errors.refresh_token_reused()
        return self._delegated(
            client,
            user,
            scopes,
            grant.family_id,
            nonce=None,
            issuer_base=issuer_base,
            # The new refresh token carries the whole grant, so a later refresh may widen again.
            grant_scopes=granted,
        )

    def client_credentials(
        self, authority: Authority, client: Client, form: Mapping[str, str], issuer_base: str
    ) -> dict[str, Any]:
        if authority.tenant is None:
            raise errors.client_credentials_need_tenant(client.client_id)
        tenant_id = authority.tenant.id
        if not self._consents.granted(client.client_id, tenant_id):
            # No admin of this tenant consented, or the consent was revoked (the service principal
            # deleted): either way Entra finds no such app in the tenant.
            raise errors.application_not_found(client.client_id, tenant_id)
        roles = app_roles(form.get("scope", ""))
        token = self._minter.app_access_token(
            issuer_base=issuer_base, tenant_id=tenant_id, client_id=client.client_id, roles=roles
        )
        # Like Entra: no scope, no refresh token (the app can always ask again).
        return {
            "token_type": "Bearer",
            "expires_in": self._minter.lifetime_seconds,
            "ext_expires_in": self._minter.lifetime_seconds,
            "access_token": token,
        }

    def _delegated(
        self,
        client: Client,
        user: User,
        scopes: DelegatedScopes,
        family_id: str,
        *,
        nonce: str | None,
        issuer_base: str,
        grant_scopes: DelegatedScopes | None = None,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "token_type": "Bearer",
            "scope": scopes.granted,
            "expires_in": self._minter.lifetime_seconds,
            "ext_expires_in": self._minter.lifetime_seconds,
            "access_token": self._minter.user_access_token(
                issuer_base=issuer_base, client_id=client.client_id, user=user, scp=scopes.scp
            ),
        }
        if scopes.offline:
            body["refresh_token"] = self._refresh_tokens.issue(
                RefreshGrant(
                    family_id=family_id,
                    client_id=client.client_id,
                    user_id=user.id,
                    tenant_id=user.tenant_id,
                    scopes=(grant_scopes or scopes).serialize(),
                )
            )
        if scopes.openid:
            body["id_token"] = self._minter.id_token(
                issuer_base=issuer_base, client_id=client.client_id, user=user, nonce=nonce
            )
        return body

    def _user(self, user_id: str) -> User:
        user = self._directory.user(user_id)
        # A grant in a file database can outlive its user if the directory changed across restarts.
        if user is None:
            raise errors.malformed_grant()
        return user


def _require(form: Mapping[str, str], name: str) -> str:
    value = form.get(name)
    if not value:
        raise errors.missing_parameter(name)
    return value


def _check_verifier(challenge: str | None, verifier: str | None) -> None:
    if challenge is None:
        # OAuth 2.1: a verifier for a code that had no challenge signals a downgrade attempt.
        if verifier:
            raise errors.grant_mismatch(
                "A code_verifier was sent, but the authorization request had no code_challenge."
            )
        return
    if not verifier:
        raise errors.missing_parameter("code_verifier")
    expected = str(create_s256_code_challenge(verifier))
    if not hmac.compare_digest(expected.encode(), challenge.encode()):
        raise errors.code_verifier_mismatch()
