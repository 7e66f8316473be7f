"""The REST passthrough: `/proxy/{path}` with any method goes to the user's BC API root.

    GET /proxy/companies(<id>)/vendors?$top=5
    ->  GET {the user's API root}/companies(<id>)/vendors?$top=5

The request carries the user's BC token (never the caller's own Authorization header) and
goes through the same BCClient as GraphQL's calls (governor, retry policy: a POST is
repeated only after a 429). BC's status, headers and body come back unchanged, except
hop-by-hop headers, the body's transfer framing (the wire already decoded it), cookies
(set for BC's host, not the gateway's), and Date and Server (the server the gateway runs
in sends its own, and a response must not carry two).

The request goes to the connection the user acts through (gateway/acting.py: their own, or
their organisation's). It takes a token from that connection's rate limit bucket, the same
one GraphQL takes from (429 with Retry-After and the gateway's JSON error body when it is
empty).

An extension's API (a custom API, docs/custom-apis.md) is reached under `api/` and its
route, as BC's URL names it after the environment, whether or not the gateway serves it
in GraphQL (BC serves every API an extension publishes):

    GET /proxy/api/contoso/logistics/v1.0/companies(<id>)/shipments
    ->  GET {the user's environment}/api/contoso/logistics/v1.0/companies(<id>)/shipments

It is not an open proxy: the path must be a relative OData resource path under the API
root (or under `api/{publisher}/{group}/{version}/`, each part in BC's alphabet for
routes), written with a small alphabet (entity sets, `(key)`, `Microsoft.NAV.action`,
`$batch`/`$metadata`/`$count`). Anything else is refused with 400 before any call:
absolute URLs, schemes, `@`, backslashes, `.`/`..` segments (also percent-encoded), encoded
slashes, double encoding, empty segments, control characters; header values with CR/LF.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response

from gateway.acting import Acting
from gateway.auth.backend import error_response
from gateway.auth.principal import Principal
from gateway.bc import urls
from gateway.bc.client import BCClient
from gateway.bc.errors import RequestTooLong
from gateway.bc.types import BCTarget
from gateway.errors import BadUserInput, GatewayError, Unauthenticated
from gateway.limits import RateLimiter

__all__ = ["METHODS", "ProxyEndpoint", "checked_path"]

METHODS = ["GET", "POST", "PATCH", "PUT", "DELETE"]
PREFIX = b"/proxy/"
# The first segment of a path into an extension's API: `api/{publisher}/{group}/{version}`
# (no standard entity set has this name).
OTHER_API = "api"
# BC accepts at most 350 MB; a passthrough for an app's requests has no use for that much
# held in memory.
MAX_BODY = 32 * 1024 * 1024

# One path segment: a name (`vendors`, `Microsoft.NAV.post`, `$batch`) and an optional key
# (`(5d115c9c-…)`, `('c670ea73…')`, `(a=1,b='x')`).
_SEGMENT = re.compile(r"[A-Za-z_$][A-Za-z0-9_.$]*(?:\([A-Za-z0-9_.~'=,-]*\))?")
_ESCAPE = re.compile(r"%(?P<hex>[0-9A-Fa-f]{2})")
# Characters a client (or its HTTP library) may percent-encode in a valid path; an encoded
# `/`, `.`, `\`, `%`, `:` or `@` is refused, never decoded into the path.
_ENCODABLE = frozenset("'()$,=")
# Request headers worth passing to BC; everything else (the caller's Authorization,
# cookies, Host, forwarding headers) stays here.
_FORWARDED = (
    "accept",
    "accept-language",
    "content-type",
    "if-match",
    "if-none-match",
    "prefer",
    "data-access-intent",
    "isolation",
    "odata-version",
    "odata-maxversion",
)
_HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "trailers",
        "transfer-encoding",
        "upgrade",
        # Not hop-by-hop, but no longer true of the body the wire hands over (decoded, and
        # Starlette counts it again); and cookies belong to BC's host, not ours.
        "content-encoding",
        "content-length",
        "set-cookie",
        # uvicorn adds its own to every response: BC's would make two of each.
        "date",
        "server",
    }
)

TargetFor = Callable[[str], Awaitable[BCTarget]]


def checked_path(raw: str) -> str:
    """The resource path to send, from the raw (still percent-encoded) path after /proxy/."""
    if any(not 0x21 <= ord(c) <= 0x7E for c in raw):
        raise _refused("control characters, spaces or non-ASCII")

    def decode(match: re.Match[str]) -> str:
        char = chr(int(match.group("hex"), 16))
        if char not in _ENCODABLE:
            raise _refused(f"an encoded {match.group(0)!r}")
        return char

    path = _ESCAPE.sub(decode, raw)
    if "%" in path:
        raise _refused("a stray or double percent-encoding")
    first, _, rest = path.partition("/")
    if first == OTHER_API:
        return _other_api(rest)
    return _resource(path)


def _resource(path: str) -> str:
    if path == "":
        return path  # the service document
    if ".." in path or not all(_SEGMENT.fullmatch(s) for s in path.split("/")):
        raise _refused("not a resource path under the API root")
    return path


def _other_api(path: str) -> str:
    """`{publisher}/{group}/{version}[/{resource path}]` as the client path the BC client
    resolves beside the standard API (`../contoso/logistics/v1.0/companies`)."""
    parts = path.split("/", 3)
    route = "/".join(parts[:3])
    if len(parts) < 3 or urls.OTHER_API.fullmatch(f"../{route}/") is None:
        raise _refused("an API route is api/{publisher}/{group}/{version}")
    rest = parts[3] if len(parts) == 4 else ""
    return f"../{route}/{_resource(rest)}"


def _refused(why: str) -> BadUserInput:
    return BadUserInput(
        f"The proxy only forwards resource paths under the Business Central API root ({why}).",
        field="path",
    )


class ProxyEndpoint:
    """`targets(key)` is a connection's BC (NotConnected when there is none), `acting` finds
    the connection a principal acts through; `client` is
    the app's BCClient and `rate_limiter` the app's limiter (both built before the app and
    started by its lifespan; no limiter: no rate limit)."""

    def __init__(
        self,
        targets: TargetFor,
        client: BCClient,
        *,
        anonymous_user: str | None = None,
        rate_limiter: RateLimiter | None = None,
        acting: Callable[[Principal], Awaitable[Acting]] | None = None,
    ) -> None:
        self._targets = targets
        self._acting = acting
        self._client = client
        # Dev mode only: requests without a token act as this user, as on /graphql.
        self._anonymous_user = anonymous_user
        self._rate_limiter = rate_limiter

    async def handle(self, request: Request) -> Response:
        try:
            principal = self._principal(request)
            key = principal.user_id if self._acting is None else (await self._acting(principal)).key
            # One bucket per connection for every door (the limiter keys buckets by it
            # alone): a user throttled on /graphql cannot carry on through the proxy, which
            # reaches the same BC. Taken before the path is checked, as /graphql takes it
            # before parsing.
            limiter = self._rate_limiter
            refused = None if limiter is None else await limiter.check(key)
            if refused is not None:
                return error_response(refused)
            path = checked_path(_raw_path(request))
            query = request.scope.get("query_string", b"")
            if any(not 0x21 <= byte <= 0x7E for byte in query):
                raise BadUserInput("The query string holds characters a URL cannot.", field="query")
            headers = _forwarded_headers(request)
            body = await _body(request)
            target = await self._targets(key)
            answer = await self._client.send_raw(
                target,
                request.method,
                path,
                query=query,
                headers=headers,
                content=body or None,
            )
        except RequestTooLong as error:
            # The caller's path and query made the URL: their request to fix.
            return error_response(BadUserInput(error.message, field="query"))
        except GatewayError as error:
            return error_response(error)
        response = Response(answer.content, status_code=answer.status)
        # BC's headers one by one (a repeated header stays repeated), after the
        # content-length Starlette computed for the body.
        response.raw_headers.extend(
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in answer.header_items
            if name.lower() not in _HOP_BY_HOP
        )
        return response

    def _principal(self, request: Request) -> Principal:
        user = request.scope.get("user")
        if isinstance(user, Principal):
            return user
        if self._anonymous_user is not None:
            return Principal(self._anonymous_user)
        raise Unauthenticated("A user token is required.", reason="missing_token")


def _raw_path(request: Request) -> str:
    """The path after /proxy/ as the client sent it, before any percent-decoding: the
    decoded path cannot tell `a%2Fb` from `a/b`."""
    raw: bytes = request.scope.get("raw_path") or request.scope["path"].encode()
    raw = raw.split(b"?", 1)[0]  # some servers keep the query in raw_path
    _, found, rest = raw.partition(PREFIX)
    if not found:
        raise _refused("an encoded /proxy/ prefix")
    return rest.decode("ascii", errors="replace")


def _forwarded_headers(request: Request) -> dict[str, str]:
    headers: dict[str, str] = {}
    for name in _FORWARDED:
        value = request.headers.get(name)
        if value is None:
            continue
        if any(c in value for c in "\r\n\0"):
            raise BadUserInput(f"The {name} header holds a line break.", field=name)
        headers[name] = value
    return headers


async def _body(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY:
        raise BadUserInput(f"The body is larger than {MAX_BODY} bytes.", field="body")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise BadUserInput(f"The body is larger than {MAX_BODY} bytes.", field="body")
        chunks.append(chunk)
    return b"".join(chunks)
