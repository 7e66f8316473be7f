"""The names the gateway answers to, and in dev mode the sites whose pages may call it.

DNS rebinding: a page on attacker.example points that name at 127.0.0.1, and to the
browser the server on the user's machine is then the page's own origin, readable by it.
The requests still say `Host: attacker.example`; a server that answers only to its own
names (loopback, its public URL's, those the operator adds) defeats it. Dev mode always
checks (its requests without a token act as the demo user); `bcgraph serve` checks
when BCGRAPH_ALLOWED_HOSTS is set.

Dev mode also refuses requests whose `Origin` names another site. No rebinding is needed
for a page elsewhere to send the developer's browser to 127.0.0.1: a text/plain POST to
/proxy/ needs no CORS preflight, and it would write to BC as the demo user. (Strawberry
refuses cross-site WebSockets itself; this refuses them earlier, with the rest.)
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.errors import Forbidden
from gateway.origins import OriginPolicy

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
# Addresses that bind every interface: no client reaches the server by them.
WILDCARD_ADDRESSES = ("0.0.0.0", "::", "")  # noqa: S104 - named, not bound, here
_NAME = re.compile(r"[a-z0-9_.-]+")


def is_loopback(host: str) -> bool:
    """`localhost` or a loopback address (127.0.0.0/8, ::1), as a bind or a Host name."""
    name = host.strip("[]").rstrip(".").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def host_name(value: str) -> str | None:
    """The name in a Host header (`name`, `name:port`, `[v6]:port`), lowercased; None for
    anything that is not a plain host name or address."""
    value = value.strip().lower()
    if value.startswith("["):
        address, bracket, port = value[1:].partition("]")
        if not bracket or (port and not re.fullmatch(r":\d+", port)):
            return None
        try:
            return str(ipaddress.IPv6Address(address))
        except ValueError:
            return None
    name, _, port = value.partition(":")
    if port and not port.isdigit():
        return None
    name = name.rstrip(".")
    return name if _NAME.fullmatch(name) else None


@dataclass(frozen=True)
class AllowedHosts:
    """Loopback names always; the public URL's host and the operator's names besides."""

    names: frozenset[str]

    @classmethod
    def of(cls, public_url: str, extra: Iterable[str] = ()) -> AllowedHosts:
        names = set()
        for entry in extra:
            name = host_name(entry)
            if name is None:
                raise ValueError(f"{entry!r} is not a host name")
            names.add(name)
        public = urlsplit(public_url).hostname if public_url else None
        if public:
            names.add(public.rstrip("."))
        return cls(frozenset(names))

    def allows(self, name: str | None) -> bool:
        return name is not None and (name in self.names or is_loopback(name))

    def describe(self) -> str:
        return ", ".join([*LOOPBACK_NAMES, *sorted(self.names - set(LOOPBACK_NAMES))])


class HostGuard:
    """ASGI middleware: 421 for a Host the gateway does not answer to; with `check_origin`,
    403 for an `Origin` of another site. A WebSocket is refused before its handshake ends."""

    def __init__(
        self,
        app: ASGIApp,
        allowed: AllowedHosts,
        check_origin: bool = False,
        origins: OriginPolicy | None = None,
    ) -> None:
        self.app = app
        self.allowed = allowed
        self.check_origin = check_origin
        # Origins the CORS settings name are trusted by whoever set them, here too.
        self.origins = origins or OriginPolicy()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        raw_host = headers.get("host", "")
        name = host_name(raw_host)
        if not self.allowed.allows(name):
            shown = name or raw_host[:100]
            error = Forbidden(
                f"This server does not answer to the host {shown!r}: it answers to "
                f"{self.allowed.describe()}. To reach it by another name, add that name "
                "(`bcgraph dev --allow-host NAME`, or BCGRAPH_ALLOWED_HOSTS for `bcgraph serve`).",
                reason="unknown_host",
                host=shown,
            )
            await _refuse(scope, receive, send, error, 421)
            return
        origin = headers.get("origin")
        if (
            self.check_origin
            and origin is not None
            and not self._same_site(origin)
            and not self.origins.allows(origin)
        ):
            error = Forbidden(
                f"bcgraph dev does not answer pages of other sites (Origin {origin[:100]!r}): "
                "without a user token they would act as the demo user. A frontend served "
                "from another name needs `--allow-host NAME` or `--cors-origin ORIGIN`.",
                reason="cross_site",
            )
            await _refuse(scope, receive, send, error, 403)
            return
        await self.app(scope, receive, send)

    def _same_site(self, origin: str) -> bool:
        try:
            parts = urlsplit(origin)  # "null" (a sandboxed page, a file) has no host
            return parts.scheme in ("http", "https") and self.allowed.allows(
                host_name(parts.netloc)
            )
        except ValueError:
            return False


async def _refuse(
    scope: Scope, receive: Receive, send: Send, error: Forbidden, status: int
) -> None:
    if scope["type"] == "websocket":
        # Closed before it is accepted: the server answers the handshake with 403.
        await send({"type": "websocket.close", "code": 1008})
        return
    body = {"errors": [{"message": error.message, "extensions": error.to_extensions()}]}
    await JSONResponse(body, status_code=status)(scope, receive, send)
