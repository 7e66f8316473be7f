"""BCClient: one request (or one `$batch` of them) to BC, with the token, the governor,
retries and error mapping around it.

It owns nothing at import time. The app's lifespan makes the wire (`create_wire`,
gateway/bc/wire.py) and a BCClient over it, and closes both at shutdown; tests pass an
`httpx.ASGITransport` over the sandbox instead of going over the network.

    client = BCClient(create_wire(config), config)
    response = await client.send(target, BCRequest("GET", str(path), params=query.render_params()))

Failures raise the gateway's error tree (gateway.errors, mapped in gateway.bc.errors).
"""

from __future__ import annotations

import asyncio
import copy
import functools
import random
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

import httpx

from gateway.bc import urls
from gateway.bc.codec import decode_body, encode_json
from gateway.bc.config import BCClientConfig
from gateway.bc.errors import RequestTooLong, error_from_response, error_from_transport
from gateway.bc.governor import Governor
from gateway.bc.retry import RETRYABLE_STATUSES, RetryPolicy, parse_retry_after, sent_nothing
from gateway.bc.types import BCRequest, BCResponse, BCTarget
from gateway.bc.wire import Wire, WireRequest, WireResponse, create_wire
from gateway.errors import GatewayError, RateLimited, UpstreamError
from gateway.lru import LRU

__all__ = ["BCClient", "create_wire"]

_SAFE_METHODS = frozenset({"GET", "HEAD"})
# Used to hold a key after a 429 that came without Retry-After and will not be retried.
_DEFAULT_BACK_OFF = 1.0
# The longest URL sent to BC. Past this httpx refuses to send the request, which the
# client would see as a failure of ours, when it is the request's values that are too long.
MAX_URL_CHARS = 65_536
# Query strings remembered, each at most so long: a few hundred KB at most per process.
_CACHED_QUERIES, _CACHED_QUERY_CHARS = 256, 1024


class BCClient:
    def __init__(
        self,
        wire: Wire,
        config: BCClientConfig | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        jitter: Callable[[], float] = random.random,
        on_retry: Callable[[str], None] | None = None,
        on_answer: Callable[[WireResponse, float], None] | None = None,
    ) -> None:
        """`clock`, `sleep` and `jitter` drive retry waits and governor holds (fake in tests)."""
        self.config = config = config or BCClientConfig()
        self._wire = wire
        self._policy = RetryPolicy.from_config(config)
        self._clock = clock
        self._sleep = sleep
        self._jitter = jitter
        # Told the reason ("429", "503", "transport", …) each time a call is tried again.
        self._on_retry = on_retry
        # Told every answer BC gave and the seconds it took (metrics), retried ones too.
        self._on_answer = on_answer
        # Encoded query strings by their params (see _query).
        self._queries: LRU[str] = LRU(_CACHED_QUERIES)
        self.governor = Governor(
            max_concurrent=config.max_concurrent_per_key,
            rate_limit=config.rate_limit_requests,
            rate_window=config.rate_limit_window_seconds,
            max_queued=config.max_queued_per_key,
            clock=clock,
            sleep=sleep,
        )

    async def aclose(self) -> None:
        """Stop governor timers; the wire belongs to whoever made it."""
        await self.governor.aclose()

    async def send(self, target: BCTarget, request: BCRequest) -> BCResponse:
        response = await self._exchange(
            target, request.method, lambda token: self._build(target, request, token)
        )
        return _answer(response)

    async def send_batch(
        self,
        target: BCTarget,
        requests: Sequence[BCRequest],
        *,
        continue_on_error: bool = True,
    ) -> list[BCResponse | GatewayError]:
        """Each request's own response or error, in order.

        One request goes alone (an envelope around a single call only costs); more go as JSON
        `$batch` envelopes of at most `max_batch_operations`, sent concurrently, each taking
        one governor slot. Operations BC answers 429/503 inside an envelope are sent again
        (per the retry policy) in a later envelope. `continue_on_error` adds
        `Prefer: odata.continue-on-error`, without which BC stops at the first failure.
        """
        if len(requests) == 1:
            try:
                return [await self.send(target, requests[0])]
            except GatewayError as error:
                return [error]
        size = self.config.max_batch_operations
        count = -(-len(requests) // size)
        # Balanced chunks: 101 operations go as 51 + 50, not 100 + 1.
        bounds = [len(requests) * i // count for i in range(count + 1)]
        chunks = [requests[bounds[i] : bounds[i + 1]] for i in range(count)]
        answers = await asyncio.gather(
            *(self._batch(target, chunk, continue_on_error) for chunk in chunks)
        )
        return [result for chunk in answers for result in chunk]

    async def send_raw(
        self,
        target: BCTarget,
        method: str,
        path: str,
        *,
        query: bytes = b"",
        headers: Mapping[str, str] | None = None,
        content: bytes | None = None,
    ) -> WireResponse:
        """One request as a caller wrote it (the REST passthrough, gateway/proxy.py): the
        token, governor and retry policy of every call, but BC's answer comes back as it
        is, whatever its status: no error mapping, no JSON decoding.

        `path` is relative to the API root and must already be checked by the caller; it is
        checked again here like every path. `query` is the raw query string, sent as is.
        """
        extra = dict(headers or {})
        url = _url(target, path)
        if query:
            url += "?" + query.decode("ascii")
        _within_limit(url)

        def build(token: str) -> WireRequest:
            return WireRequest(
                method.upper(), url, {**extra, "Authorization": f"Bearer {token}"}, content
            )

        return await self._exchange(target, method, build)

    # -- one exchange, with retries ----------------------------------------------------

    async def _exchange(
        self, target: BCTarget, method: str, build: Callable[[str], WireRequest]
    ) -> WireResponse:
        method = method.upper()
        token = await target.access_token()
        attempts = self._policy.start(method, self._clock(), self._jitter)
        asked_again = False
        while True:
            wire_request = build(token)
            await self._acquire(target.key)
            started = time.perf_counter()
            try:
                response = await self._wire.send(wire_request)
            except httpx.TransportError as error:
                failure: httpx.TransportError | None = error
            except httpx.RequestError:
                # Not a transport failure: BC answered but the body could not be decoded.
                raise UpstreamError("Business Central's answer could not be read.") from None
            else:
                failure = None
            finally:
                # Released before any retry wait: a sleeping call holds no slot.
                self.governor.release(target.key)
            if failure is not None:
                delay = attempts.after_transport_error(failure, self._clock())
                if delay is None:
                    unknown = method not in _SAFE_METHODS and not sent_nothing(failure)
                    raise error_from_transport(
                        failure, method=method, outcome_unknown=unknown
                    ) from failure
                self._retrying("transport")
                await self._sleep(delay)
                continue
            if self._on_answer is not None:
                self._on_answer(response, time.perf_counter() - started)
            status = response.status
            if status == 401 and not asked_again:
                # The token source may know better now (expired, revoked, refreshed
                # elsewhere); one more try only if it hands out a different token.
                asked_again = True
                fresh = await target.access_token()
                if fresh != token:
                    token = fresh
                    continue
            if status in RETRYABLE_STATUSES:
                delay = attempts.after_status(status, response.headers, self._clock())
                if status == 429:
                    self._throttled(target.key, delay, response.headers)
                if delay is not None:
                    self._retrying(str(status))
                    await self._sleep(delay)
                    continue
            return response

    def _retrying(self, reason: str) -> None:
        if self._on_retry is not None:
            self._on_retry(reason)

    async def _acquire(self, key: str) -> None:
        if self.governor.try_acquire(key):
            return  # no wait, so no timeout to arm
        try:
            async with asyncio.timeout(self.config.queue_timeout_seconds):
                await self.governor.acquire(key)
        except TimeoutError:
            raise RateLimited(
                "Waited too long for a free slot on this Business Central connection."
            ) from None

    def _throttled(self, key: str, delay: float | None, headers: Mapping[str, str]) -> None:
        # BC throttled us despite the governor (other clients share the user's limits):
        # hold the whole key, not just this call, until BC's Retry-After has passed.
        if delay is None:
            delay = parse_retry_after(headers.get("retry-after")) or _DEFAULT_BACK_OFF
        self.governor.back_off(key, delay)

    def _build(self, target: BCTarget, request: BCRequest, token: str) -> WireRequest:
        headers = dict(request.headers)
        content = None
        if request.body is not None:
            content = encode_json(request.body)
            headers["Content-Type"] = "application/json"
        headers["Authorization"] = f"Bearer {token}"
        url = _url(target, request.path)
        if request.params:
            url += "?" + self._query(request.params)
        return WireRequest(request.method.upper(), _within_limit(url), headers, content)

    def _query(self, params: Mapping[str, str]) -> str:
        # A read's options are the same on each of its requests (a repeated query's $select,
        # $top, $orderby): encoding them was ~1.5% of a small read's CPU.
        key = tuple(params.items())
        found = self._queries.get(key)
        if found is None:
            found = _query(params)
            if len(found) <= _CACHED_QUERY_CHARS:
                self._queries.put(key, found)
        return found

    # -- $batch ------------------------------------------------------------------------

    def _build_envelope(
        self, target: BCTarget, headers: dict[str, str], envelope: bytes, token: str
    ) -> WireRequest:
        return WireRequest(
            "POST",
            _url(target, "$batch"),
            {**headers, "Authorization": f"Bearer {token}"},
            envelope,
        )

    async def _batch(
        self, target: BCTarget, requests: Sequence[BCRequest], continue_on_error: bool
    ) -> list[BCResponse | GatewayError]:
        results: list[BCResponse | GatewayError | None] = [None] * len(requests)
        now = self._clock()
        attempts = [self._policy.start(r.method, now, self._jitter) for r in requests]
        pending = list(range(len(requests)))
        headers = {"Content-Type": "application/json"}
        if continue_on_error:
            headers["Prefer"] = "odata.continue-on-error"
        while pending:
            envelope = encode_json({"requests": [_batch_item(i, requests[i]) for i in pending]})
            # The envelope is as safe to repeat as its least safe operation.
            method = "GET" if all(requests[i].method.upper() == "GET" for i in pending) else "POST"
            try:
                response = await self._exchange(
                    target,
                    method,
                    functools.partial(self._build_envelope, target, headers, envelope),
                )
                items = _batch_items(_answer(response).body)
            except GatewayError as error:
                for i in pending:
                    results[i] = copy.copy(error)
                break
            retry: list[int] = []
            wait = 0.0
            now = self._clock()
            for i in pending:
                item = items.get(str(i))
                if item is None:
                    results[i] = UpstreamError("Business Central did not run this operation.")
                    continue
                status, item_headers, body = item
                if status in RETRYABLE_STATUSES:
                    delay = attempts[i].after_status(status, item_headers, now)
                    if status == 429:
                        self._throttled(target.key, delay, item_headers)
                    if delay is not None:
                        retry.append(i)
                        wait = max(wait, delay)
                        continue
                if 200 <= status < 300:
                    results[i] = BCResponse(status, body, item_headers)
                else:
                    results[i] = error_from_response(status, body, item_headers)
            pending = retry
            if pending:
                await self._sleep(wait)
        return [r if r is not None else UpstreamError("No answer.") for r in results]


def _within_limit(url: str) -> str:
    if len(url) > MAX_URL_CHARS:
        raise RequestTooLong(
            f"This request to Business Central would need a {len(url)}-character URL; "
            f"the limit is {MAX_URL_CHARS}. Use fewer or shorter values."
        )
    return url


def _url(target: BCTarget, path: str) -> str:
    checked = _checked(path)
    if checked.startswith("../"):
        # An extension's API, beside the standard one (urls.company(…, route)).
        return f"{urls.api_base(target.api_root)}/{checked[3:]}"
    return f"{target.api_root.rstrip('/')}/{checked}"


def _checked(path: str) -> str:
    # Paths come from gateway.bc.urls; this only stops one that would leave the API root
    # (or carry its own query, which would bypass the params the caller rendered). The
    # one way out is into an extension's API: `../{publisher}/{group}/{version}/…`.
    found = urls.OTHER_API.match(path)
    rest = path[found.end() :] if found else path
    if "?" in path or "#" in path or "://" in path or rest.startswith("/") or ".." in rest:
        raise ValueError(f"not a path relative to the API root: {path!r}")
    return path


def _query(params: Mapping[str, str]) -> str:
    # Form-style (a space is `+`), as httpx encoded `params=` before the wires: BC's and the
    # sandbox's query parsers read both, and filter literals round-trip either way
    # (tests/resilience/test_injection.py).
    return urlencode(params)


def _answer(response: WireResponse) -> BCResponse:
    status = response.status
    method = response.request.method
    try:
        body = decode_body(response.content, response.headers.get("content-type"))
    except ValueError:
        if 200 <= status < 300:
            raise UpstreamError("Business Central sent a body that is not valid JSON.") from None
        body = None
    if not 200 <= status < 300:
        error = error_from_response(status, body, response.headers)
        if status in (408, 502, 504) and method not in _SAFE_METHODS:
            # A timeout or a gateway error in front of BC says nothing about whether BC
            # applied the write: the client must check before trying again.
            error.extensions["outcomeUnknown"] = True
        raise error
    return BCResponse(status, body, response.headers)


def _batch_item(index: int, request: BCRequest) -> dict[str, Any]:
    url = _checked(request.path)
    if request.params:
        url += "?" + _query(request.params)
    item: dict[str, Any] = {"id": str(index), "method": request.method.upper(), "url": url}
    headers = dict(request.headers)
    if request.body is not None:
        headers["Content-Type"] = "application/json"
        item["body"] = request.body
    if headers:
        item["headers"] = headers
    return item


def _batch_items(body: Any) -> dict[str, tuple[int, Mapping[str, str], Any]]:
    responses = body.get("responses") if isinstance(body, dict) else None
    if not isinstance(responses, list):
        raise UpstreamError("Business Central's $batch answer has no responses.")
    items: dict[str, tuple[int, Mapping[str, str], Any]] = {}
    for item in responses:
        if not isinstance(item, dict) or not isinstance(item.get("status"), int):
            raise UpstreamError("Business Central's $batch answer is malformed.")
        raw_headers = item.get("headers")
        # Case-insensitive, as the headers of a direct answer are.
        headers = httpx.Headers(raw_headers if isinstance(raw_headers, dict) else {})
        items[str(item.get("id"))] = (item["status"], headers, item.get("body"))
    return items
