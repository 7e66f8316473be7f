"""How one HTTP request reaches BC and its answer comes back: the layer under BCClient.

Two wires, one shape (`Wire`):

* `AiohttpWire`, what the gateway uses to reach BC over the network. Every GraphQL
  operation costs at least one BC call, so this layer's CPU is paid on every request: per
  call, aiohttp's C parser costs a fraction of httpx's pure-Python request/URL/header models
  and httpcore's pool (bench/http_client_cost.py measures both; bench/REPORT.md has the
  numbers and the profile that found it).
* `HttpxWire`, over any `httpx.AsyncClient`: for an httpx transport of the caller's choice,
  which is how tests and `bcgraph dev` reach the sandbox in-process (`httpx.ASGITransport`)
  or put a fault-injecting transport in between.

Failures are reported in httpx's exception vocabulary (`httpx.ConnectError`,
`httpx.ReadTimeout`, ...) whichever wire sent the request, so the retry policy and error
mapping (gateway.bc.retry, gateway.bc.errors) judge one set of types: "did anything reach
BC?" decides whether a write may be sent again.
"""

from __future__ import annotations

import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Protocol
from urllib.request import getproxies, proxy_bypass

import aiohttp
import certifi
import httpx
from yarl import URL

from gateway.bc.config import BCClientConfig

__all__ = [
    "AiohttpWire",
    "HttpxWire",
    "Wire",
    "WireRequest",
    "WireResponse",
    "create_http_client",
    "create_wire",
]


@dataclass(frozen=True, slots=True)
class WireRequest:
    method: str  # upper case
    url: str  # absolute, query included and already percent-encoded
    headers: Mapping[str, str]
    content: bytes | None = None


@dataclass(frozen=True, slots=True)
class WireResponse:
    request: WireRequest
    status: int
    headers: Mapping[str, str]  # looked up case-insensitively
    # Every header as sent, a repeated one repeated (the proxy forwards them one by one).
    header_items: Sequence[tuple[str, str]]
    content: bytes  # decoded from any Content-Encoding


class Wire(Protocol):
    async def send(self, request: WireRequest) -> WireResponse: ...

    async def aclose(self) -> None: ...


def create_wire(config: BCClientConfig, transport: httpx.AsyncBaseTransport | None = None) -> Wire:
    """The app's one wire to BC: aiohttp over the network, or httpx over `transport`."""
    if transport is None:
        return AiohttpWire(config)
    return HttpxWire(create_http_client(config, transport))


def create_http_client(
    config: BCClientConfig, transport: httpx.AsyncBaseTransport | None = None
) -> httpx.AsyncClient:
    """A pooled httpx client with the BC client's timeouts and limits (HTTP/1.1 keep-alive)."""
    return httpx.AsyncClient(
        transport=transport,
        timeout=httpx.Timeout(
            connect=config.connect_timeout,
            read=config.read_timeout,
            write=config.write_timeout,
            pool=config.pool_timeout,
        ),
        limits=httpx.Limits(
            max_connections=config.max_connections,
            max_keepalive_connections=config.max_keepalive_connections,
            keepalive_expiry=config.keepalive_expiry,
        ),
        headers={"Accept": "application/json", "User-Agent": config.user_agent},
        follow_redirects=False,  # a redirect would carry the bearer token to another URL
        # One client serves every user: a cookie BC sets for one (load-balancer affinity)
        # must not ride along on another's requests. This jar accepts none.
        cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
    )


class HttpxWire:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self._http = http

    async def send(self, request: WireRequest) -> WireResponse:
        response = await self._http.send(
            self._http.build_request(
                request.method, request.url, headers=request.headers, content=request.content
            )
        )
        return WireResponse(
            request,
            response.status_code,
            response.headers,
            response.headers.multi_items(),
            response.content,
        )

    async def aclose(self) -> None:
        await self._http.aclose()


class AiohttpWire:
    """aiohttp's pool with the BC client's limits. Its session belongs to an event loop, so
    it is made on first use (in the app's lifespan, never at import)."""

    def __init__(self, config: BCClientConfig) -> None:
        self._config = config
        self._session: aiohttp.ClientSession | None = None
        # The proxy (or none) for each (scheme, host) reached, from HTTP(S)_PROXY/NO_PROXY,
        # read once: aiohttp's own trust_env reads them, and netrc, in a worker thread on
        # every request, two thread hops per BC call.
        self._proxies: dict[tuple[str, str | None], str | None] = {}
        # aiohttp has no write timeout; a body to BC is small (a $batch is capped), so a
        # stuck write shows as the read timeout that follows it.
        self._timeout = aiohttp.ClientTimeout(
            total=None,
            # Waiting for a pooled connection and making one, together; then the socket.
            connect=config.pool_timeout + config.connect_timeout,
            sock_connect=config.connect_timeout,
            sock_read=config.read_timeout,
        )

    def _open(self) -> aiohttp.ClientSession:
        if self._session is None:
            config = self._config
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(
                    limit=config.max_connections,
                    keepalive_timeout=config.keepalive_expiry,
                    # The CA bundle httpx trusted (certifi), not whatever the image has:
                    # reaching BC over TLS must not depend on the OS's certificates.
                    ssl=ssl.create_default_context(cafile=certifi.where()),
                ),
                headers={"Accept": "application/json", "User-Agent": config.user_agent},
                # As with httpx: one session serves every user, so it keeps no cookies.
                cookie_jar=aiohttp.DummyCookieJar(),
                timeout=self._timeout,
            )
        return self._session

    async def send(self, request: WireRequest) -> WireResponse:
        # Built and percent-encoded by the BC client already: yarl's re-quoting would change
        # what BC receives (tests/gateway/bc/test_client.py checks it byte for byte).
        url = URL(request.url, encoded=True)
        try:
            async with self._open().request(
                request.method,
                url,
                headers=request.headers,
                data=request.content,
                proxy=self._proxy_for(url),
                allow_redirects=False,  # a redirect would carry the bearer token elsewhere
            ) as answer:
                content = await answer.read()
                headers = answer.headers
                return WireResponse(request, answer.status, headers, list(headers.items()), content)
        except aiohttp.ConnectionTimeoutError as error:
            # No connection was had in time (pool wait or connect): nothing reached BC.
            raise httpx.ConnectTimeout(_why(error)) from error
        except aiohttp.ClientConnectorError as error:
            raise httpx.ConnectError(_why(error)) from error
        except aiohttp.InvalidURL as error:
            raise httpx.UnsupportedProtocol(_why(error)) from error
        except (TimeoutError, aiohttp.ServerTimeoutError) as error:
            raise httpx.ReadTimeout(_why(error)) from error
        except (aiohttp.ServerDisconnectedError, aiohttp.ClientPayloadError) as error:
            raise httpx.RemoteProtocolError(_why(error)) from error
        except aiohttp.ClientResponseError as error:
            # BC's bytes were not HTTP aiohttp could read.
            raise httpx.RemoteProtocolError(_why(error)) from error
        except aiohttp.ClientError as error:  # a reset or other OS error mid-exchange
            raise httpx.ReadError(_why(error)) from error

    def _proxy_for(self, url: URL) -> str | None:
        """HTTPS_PROXY / HTTP_PROXY / NO_PROXY, honoured as httpx honoured them."""
        key = (url.scheme, url.host)
        if key not in self._proxies:
            bypass = url.host is None or proxy_bypass(url.host)
            self._proxies[key] = None if bypass else getproxies().get(url.scheme)
        return self._proxies[key]

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


def _why(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
