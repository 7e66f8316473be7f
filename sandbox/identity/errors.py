"""OAuth errors the way the Microsoft identity platform words them.

    OAuthError              one exception for every protocol failure
      .error                the RFC 6749 code (invalid_grant, invalid_client, ...)
      .code                 the AADSTS number clients and logs search for
      .status               400, or 401 when client authentication failed

At the token endpoint it becomes Microsoft's JSON body; at the authorization
endpoint either a redirect carrying `error`/`error_description`, or an HTML
page when the redirect URI itself cannot be trusted. The constructors below
keep each AADSTS number next to its text, so one message is never spelt twice.
"""

from __future__ import annotations

import time
import uuid

from starlette.responses import JSONResponse


class OAuthError(Exception):
    def __init__(self, error: str, code: int | None, message: str, *, status: int = 400) -> None:
        super().__init__(message)
        self.error = error
        self.code = code
        self.message = message
        self.status = status

    @property
    def description(self) -> str:
        return f"AADSTS{self.code}: {self.message}" if self.code is not None else self.message

    def response(self, now: float, correlation_id: str | None = None) -> JSONResponse:
        trace_id = str(uuid.uuid4())
        correlation_id = correlation_id or str(uuid.uuid4())
        timestamp = time.strftime("%Y-%m-%d %H:%M:%SZ", time.gmtime(now))
        # Microsoft repeats the ids inside the description: users paste only that line into tickets.
        description = (
            f"{self.description}\r\nTrace ID: {trace_id}\r\n"
            f"Correlation ID: {correlation_id}\r\nTimestamp: {timestamp}"
        )
        return JSONResponse(
            {
                "error": self.error,
                "error_description": description,
                "error_codes": [self.code] if self.code is not None else [],
                "timestamp": timestamp,
                "trace_id": trace_id,
                "correlation_id": correlation_id,
            },
            status_code=self.status,
            headers={"Cache-Control": "no-store", "Pragma": "no-cache"},
        )


def missing_parameter(name: str) -> OAuthError:
    return OAuthError(
        "invalid_request",
        900144,
        f"The request body must contain the following parameter: '{name}'.",
    )


def tenant_not_found(segment: str) -> OAuthError:
    return OAuthError(
        "invalid_request",
        90002,
        f"Tenant '{segment}' not found. Check to make sure you have the correct tenant ID and are "
        "signing into the correct cloud.",
    )


def application_not_found(client_id: str, directory: str) -> OAuthError:
    return OAuthError(
        "unauthorized_client",
        700016,
        f"Application with identifier '{client_id}' was not found in the directory '{directory}'. "
        "This can happen if the application has not been installed by the administrator of the "
        "tenant or consented to by any user in the tenant. You may have sent your authentication "
        "request to the wrong tenant.",
    )


def redirect_uri_mismatch(redirect_uri: str, client_id: str) -> OAuthError:
    return OAuthError(
        "invalid_request",
        50011,
        f"The redirect URI '{redirect_uri}' specified in the request does not match the redirect "
        f"URIs configured for the application '{client_id}'. Make sure the redirect URI sent in "
        "the request matches one added to your application.",
    )


def client_secret_missing() -> OAuthError:
    return OAuthError(
        "invalid_client",
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or "
        "'client_secret'.",
        status=401,
    )


def client_secret_invalid(client_id: str) -> OAuthError:
    return OAuthError(
        "invalid_client",
        7000215,
        f"Invalid client secret provided for app '{client_id}'. Ensure the secret being sent in "
        "the request is the client secret value, not the client secret ID.",
        status=401,
    )


def unsupported_grant_type(grant_type: str) -> OAuthError:
    return OAuthError(
        "unsupported_grant_type",
        70003,
        f"The app requested an unsupported grant type '{grant_type}'.",
    )


def unsupported_response_type(response_type: str) -> OAuthError:
    return OAuthError(
        "unsupported_response_type",
        700054,
        f"response_type '{response_type}' is not enabled for the application.",
    )


def invalid_scope(detail: str) -> OAuthError:
    return OAuthError(
        "invalid_scope",
        70011,
        f"The provided value for the input parameter 'scope' is not valid. {detail}",
    )


def malformed_grant() -> OAuthError:
    return OAuthError("invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.")


def grant_mismatch(detail: str) -> OAuthError:
    return OAuthError("invalid_grant", 70000, f"Provided grant is invalid or malformed. {detail}")


def grant_expired() -> OAuthError:
    return OAuthError(
        "invalid_grant",
        70008,
        "The provided authorization code or refresh token has expired due to inactivity. Send a "
        "new interactive authorization request for this user and resource.",
    )


def refresh_token_reused() -> OAuthError:
    # Microsoft's own text for an expired grant, plus the reason: our refresh tokens rotate.
    return OAuthError(
        "invalid_grant",
        70008,
        "The provided refresh token has already been redeemed; refresh tokens rotate, so store the "
        "new one returned with each token. Every refresh token of this sign-in is now revoked. "
        "Send a new interactive authorization request for this user and resource.",
    )


def grant_revoked() -> OAuthError:
    return OAuthError(
        "invalid_grant",
        50173,
        "The provided grant has expired due to it being revoked, a fresh auth token is needed.",
    )


def code_redeemed() -> OAuthError:
    return OAuthError(
        "invalid_grant",
        54005,
        "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use "
        "an existing refresh token.",
    )


def code_for_other_tenant() -> OAuthError:
    return OAuthError(
        "invalid_grant",
        700005,
        "Provided Authorization Code is intended to use against other tenant, thus rejected.",
    )


def code_verifier_mismatch() -> OAuthError:
    return OAuthError(
        "invalid_grant",
        501481,
        "The Code_Verifier does not match the code_challenge supplied in the authorization "
        "request.",
    )


def code_challenge_invalid() -> OAuthError:
    return OAuthError("invalid_request", 501491, "Invalid size of Code_Challenge parameter.")


def code_challenge_method_unsupported(method: str) -> OAuthError:
    # Microsoft still accepts `plain`; the sandbox does not, so no AADSTS number fits.
    return OAuthError(
        "invalid_request",
        None,
        f"Unsupported code_challenge_method '{method}': this identity provider accepts S256 only.",
    )


def consent_declined() -> OAuthError:
    return OAuthError("access_denied", 65004, "User declined to consent to access the app.")


def login_required() -> OAuthError:
    return OAuthError(
        "login_required",
        50058,
        "A silent sign-in request was sent but no user is signed in.",
    )


def client_credentials_need_tenant(client_id: str) -> OAuthError:
    return OAuthError(
        "unauthorized_client",
        90130,
        f"Application '{client_id}' is not supported over the /common or /organizations endpoints "
        "for the client credentials flow. Please use a tenant-specific endpoint.",
    )


def client_credentials_scope(scope: str) -> OAuthError:
    return OAuthError(
        "invalid_scope",
        1002012,
        f"The provided value for scope {scope} is not valid. Client credential flows must have a "
        "scope value with /.default suffixed to the resource identifier (application ID URI).",
    )


def resource_not_found(resource: str) -> OAuthError:
    return OAuthError(
        "invalid_resource",
        500011,
        f"The resource principal named {resource} was not found in the tenant.",
    )


def consent_form_invalid() -> OAuthError:
    # The form came back altered or too late: nothing in it can be trusted, not even redirect_uri.
    return OAuthError(
        "invalid_request",
        None,
        "The consent form was altered or has expired. Start the sign-in again.",
    )


def user_not_in_tenant(user: str) -> OAuthError:
    return OAuthError(
        "invalid_request",
        50020,
        f"User account '{user}' does not exist in the tenant of this authorization request.",
    )


def client_secret_expired(client_id: str) -> OAuthError:
    return OAuthError(
        "invalid_client",
        7000222,
        f"The provided client secret keys for app '{client_id}' are expired. Visit the Azure "
        "portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider "
        "using certificate credentials for added security: https://aka.ms/certCreds.",
        status=401,
    )


def admin_consent_declined() -> OAuthError:
    # The text of Microsoft's admin consent error sample; the error name is the one apps see
    # when the admin presses Cancel (the sample itself shows consent_required).
    return OAuthError(
        "access_denied",
        65004,
        "The resource owner or authorization server denied the request.",
    )


def admin_role_required(client_name: str) -> OAuthError:
    return OAuthError(
        "access_denied",
        90094,
        f"{client_name} needs permission to access resources in your organization that only an "
        "admin can grant. Please ask an admin to grant permission to this app before you can use "
        "it.",
    )


def admin_consent_needs_default_scope(scope: str) -> OAuthError:
    # Entra would consent to delegated scopes alone; the sandbox's admin consent exists for
    # application permissions, which Entra grants only through `.default`.
    return OAuthError(
        "invalid_scope",
        70011,
        f"The provided value for the input parameter 'scope' is not valid. '{scope}' asks for no "
        "application permissions: request https://api.businesscentral.dynamics.com/.default.",
    )
