"""App registrations at the door: where they may redirect, and proving who they are."""

from __future__ import annotations

import base64
import binascii
import hmac
from collections.abc import Mapping
from urllib.parse import unquote_plus, urlsplit

from sandbox.directory import Client, Directory
from sandbox.identity import errors
from sandbox.identity.authority import Authority

_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost"})
# Names under .localhost are loopback too (RFC 6761 §6.3; browsers resolve them so):
# compose.yaml's gateway is bcgraph.localhost, one name for browsers and the sandbox.
_LOOPBACK_DOMAIN = ".localhost"


def find_client(directory: Directory, authority: Authority, client_id: str | None) -> Client:
    if not client_id:
        raise errors.missing_parameter("client_id")
    client = directory.client(client_id)
    if client is None:
        raise errors.application_not_found(client_id, authority.name)
    return client


def redirect_allowed(client: Client, redirect_uri: str) -> bool:
    if client.redirect_uris:
        # Exact match, as Entra compares them (a trailing slash counts).
        return redirect_uri in client.redirect_uris
    # An app without registered URIs is a development app: any loopback callback, any port.
    try:
        parts = urlsplit(redirect_uri)
    except ValueError:
        return False
    return (
        parts.scheme in ("http", "https")
        and (parts.hostname in _LOOPBACK_HOSTS or _loopback_name(parts.hostname))
        and not parts.username
        and not parts.fragment  # RFC 6749 §3.1.2: a redirection endpoint has no fragment
    )


def _loopback_name(hostname: str | None) -> bool:
    if not hostname or not hostname.endswith(_LOOPBACK_DOMAIN):
        return False
    name = hostname.removesuffix(_LOOPBACK_DOMAIN)
    return bool(name) and not name.endswith(".")


def authenticate(
    directory: Directory,
    authority: Authority,
    form: Mapping[str, str],
    authorization_header: str | None,
    now: float,
) -> Client:
    """The client named and proven by HTTP Basic or by client_id/client_secret in the form."""
    client_id, secret = form.get("client_id"), form.get("client_secret")
    if authorization_header and authorization_header[:6].lower() == "basic ":
        client_id, secret = _basic_credentials(authorization_header[6:])
        if form.get("client_id") not in (None, client_id):
            # Two different identities in one request: no AADSTS number describes it.
            raise errors.OAuthError(
                "invalid_request", None, "client_id in the body differs from the Basic credentials."
            )
    client = find_client(directory, authority, client_id)
    if not secret:
        raise errors.client_secret_missing()
    if not hmac.compare_digest(secret.encode(), client.secret.encode()):
        raise errors.client_secret_invalid(client.client_id)
    if client.secret_expires_at is not None and client.secret_expires_at <= now:
        raise errors.client_secret_expired(client.client_id)
    return client


def _basic_credentials(encoded: str) -> tuple[str, str]:
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise errors.OAuthError(
            "invalid_client", 7000215, "Malformed HTTP Basic client credentials.", status=401
        ) from exc
    client_id, _, secret = decoded.partition(":")
    # RFC 6749 §2.3.1: both parts are form-urlencoded before they are joined.
    return unquote_plus(client_id), unquote_plus(secret)
