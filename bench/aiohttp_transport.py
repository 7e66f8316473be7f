"""An httpx transport that sends through aiohttp: the gateway's BC client unchanged on top
(governor, retries, error mapping all see httpx types), aiohttp's connection pool below.

bench/compare.py runs a "what-if" gateway with this as `create_app(bc_transport=...)` to
measure what replacing httpcore would buy (bench/REPORT.md). It is a measuring prototype,
kept small: it maps aiohttp's failures onto the httpx exceptions the BC client retries on
and honours httpx's connect/read timeouts, but it reads each answer whole (no streaming)
and takes its pool size from the constructor, not from httpx.Limits.
"""

from __future__ import annotations

import aiohttp
import httpx


class AiohttpTransport(httpx.AsyncBaseTransport):
    def __init__(self, *, max_connections: int = 100, keepalive_expiry: float = 30.0) -> None:
        self._limit = max_connections
        self._keepalive = keepalive_expiry
        # Made on first use: an aiohttp session belongs to the event loop that runs it.
        self._session: aiohttp.ClientSession | None = None

    def _open(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(
                    limit=self._limit, keepalive_timeout=self._keepalive
                ),
                # httpx decodes Content-Encoding itself, from the headers passed up.
                auto_decompress=False,
                # The httpx client above owns cookies (the gateway's jar accepts none).
                cookie_jar=aiohttp.DummyCookieJar(),
                # Headers come from httpx complete; aiohttp adds none of its own.
                skip_auto_headers=("User-Agent", "Accept-Encoding"),
            )
        return self._session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        timeouts = request.extensions.get("timeout", {})
        timeout = aiohttp.ClientTimeout(
            sock_connect=timeouts.get("connect"), sock_read=timeouts.get("read")
        )
        body = await request.aread()
        try:
            async with self._open().request(
                request.method,
                str(request.url),
                headers=list(request.headers.multi_items()),
                data=body or None,
                allow_redirects=False,
                timeout=timeout,
            ) as answer:
                content = await answer.read()
                headers = list(answer.raw_headers)
                status = answer.status
        except aiohttp.ClientConnectorError as error:
            # Nothing reached BC: safe to retry for any method (gateway.bc.retry).
            raise httpx.ConnectError(str(error), request=request) from error
        except aiohttp.ServerTimeoutError as error:
            connect = "connect" in str(error).lower()
            kind = httpx.ConnectTimeout if connect else httpx.ReadTimeout
            raise kind(str(error), request=request) from error
        except TimeoutError as error:
            raise httpx.ReadTimeout("timed out waiting for BC", request=request) from error
        except (aiohttp.ServerDisconnectedError, aiohttp.ClientPayloadError) as error:
            raise httpx.RemoteProtocolError(str(error), request=request) from error
        except aiohttp.ClientError as error:
            raise httpx.ReadError(str(error), request=request) from error
        return httpx.Response(status, headers=headers, content=content, request=request)

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
