"""Which browser origins may call the gateway: one policy, for HTTP and for WebSockets.

Browsers apply CORS to `fetch` but not to a WebSocket handshake: any page can open a socket
to any host, so the server must check the handshake's `Origin` itself. Both doors read the
same `OriginPolicy` (built from BCGRAPH_CORS_ORIGINS and BCGRAPH_CORS_ALLOW_HEADERS): the
CORS middleware answers preflights and labels responses with it, and the GraphQL app
refuses a handshake from an origin it does not allow (gateway/graphql.py). A request or
socket without an `Origin` header does not come from a browser page (a backend, a CLI)
and is not subject to either check; neither is a page on the gateway's own origin.

An origin is `scheme://host[:port]`, as browsers send it; `scheme://host:*` allows every
port of that host (dev servers pick theirs), and `*` allows every origin.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp

# Allowed request headers by default: what common browser clients send.
DEFAULT_ALLOW_HEADERS: tuple[str, ...] = (
    "Authorization",
    "Content-Type",
    "X-Request-ID",
    # W3C trace context and baggage (OpenTelemetry's fetch instrumentation), and Sentry's.
    "traceparent",
    "tracestate",
    "baggage",
    "sentry-trace",
    # Apollo Client: client awareness, the operation's name, and its CSRF-prevention header.
    "apollographql-client-name",
    "apollographql-client-version",
    "x-apollo-operation-name",
    "apollo-require-preflight",
    # The REST passthrough (/proxy/): BC's optimistic concurrency on PATCH and DELETE.
    "If-Match",
)
# Every method a browser may use on some route: GraphQL's GET and POST, the proxy's others.
ALLOW_METHODS = ("GET", "POST", "PATCH", "PUT", "DELETE")
# Response headers a page may read besides the CORS-safelisted ones.
EXPOSE_HEADERS = ("X-Request-ID", "Retry-After")
# `bcgraph dev` listens on loopback only; any page on this machine may call it by default.
LOOPBACK_ORIGINS = ("http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*")

_DEFAULT_PORTS = {"http": 80, "https": 443}
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


@dataclass(frozen=True)
class OriginPolicy:
    """The origins allowed (none: no cross-origin browser access) and the request headers
    a cross-origin page may send. Origins are checked and normalised when it is made."""

    origins: tuple[str, ...] = ()
    allow_headers: tuple[str, ...] = DEFAULT_ALLOW_HEADERS

    def __post_init__(self) -> None:
        object.__setattr__(self, "origins", tuple(_normalised(o) for o in self.origins))
        for header in self.allow_headers:
            if header != "*" and not _HEADER_NAME.match(header):
                raise ValueError(f"{header!r} is not an HTTP header name")

    def allows(self, origin: str) -> bool:
        """Whether a page on `origin` (an `Origin` header's value) may call the gateway."""
        if "*" in self.origins:
            return True
        try:
            sent = _normalised(origin)
        except ValueError:
            return False  # "null" (sandboxed frames, file: pages) and garbage
        if sent in self.origins:
            return True
        any_port = sent.rpartition(":")[0] if _has_port(sent) else sent
        return f"{any_port}:*" in self.origins

    def middleware(self) -> Middleware | None:
        """The CORS middleware for this policy; None when no origin is allowed (then no
        response carries CORS headers)."""
        if not self.origins:
            return None
        return Middleware(_PolicyCORS, policy=self)


class _PolicyCORS(CORSMiddleware):
    """Starlette's CORS, asking the policy which origins it allows (Starlette itself knows
    exact origins and regular expressions, not `host:*`)."""

    def __init__(self, app: ASGIApp, policy: OriginPolicy) -> None:
        super().__init__(
            app,
            allow_origins=policy.origins,
            allow_methods=ALLOW_METHODS,
            allow_headers=policy.allow_headers,
            expose_headers=EXPOSE_HEADERS,
            max_age=600,
        )
        self._policy = policy

    def is_allowed_origin(self, origin: str) -> bool:
        return self._policy.allows(origin)


def _normalised(origin: str) -> str:
    """`origin` as browsers send it: lower-case scheme and host, no default port, no path.
    Raises ValueError, naming the origin, for anything else."""
    text = origin.strip()
    if text == "*":
        return text
    any_port = text.endswith(":*")
    try:
        parts = urlsplit(text.removesuffix(":*") if any_port else text)
        port = parts.port
    except ValueError:
        raise ValueError(f"{origin!r} is not an origin (scheme://host[:port])") from None
    scheme = parts.scheme.lower()
    if (
        scheme not in _DEFAULT_PORTS
        or not parts.hostname
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or parts.username is not None
        or (any_port and port is not None)
    ):
        raise ValueError(
            f"{origin!r} is not an origin: scheme://host[:port] (or :* for any port), "
            "http or https, without a path"
        )
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    if any_port:
        return f"{scheme}://{host}:*"
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        return f"{scheme}://{host}:{port}"
    return f"{scheme}://{host}"


def _has_port(origin: str) -> bool:
    # An IPv6 host is bracketed, so its last colon is inside the brackets unless a port follows.
    return origin.rfind(":") > origin.rfind("]") and origin.count(":") > 1
