"""Prometheus metrics: one Metrics object per app, on the Runtime, with its own registry.

Its own registry (not prometheus_client's global one) so two apps in one process (tests,
dev mode) never share or clash over counters. Parts of the gateway increment what is
theirs; `bc_answered` is the BC client's `on_answer` callback and `idp_event_hooks` counts
from outside the OAuth code, on its httpx client, so that module need not know metrics
exist.

    bcgraph_operations_total{operation,type,outcome}    GraphQL operations; outcome is ok
                                                       or the first error's code
    bcgraph_operation_duration_seconds{type}           their latency
    bcgraph_upstream_requests_total{entity,method,status}  HTTP requests to BC (a $batch
                                                       envelope counts once, as "$batch")
    bcgraph_upstream_request_duration_seconds{entity}
    bcgraph_upstream_throttled_total                  BC's 429 answers
    bcgraph_upstream_retries_total{reason}            for the BC client to increment
    bcgraph_rate_limited_total                        operations the per-user rate limit refused
    bcgraph_token_refreshes_total{outcome}            refresh_token grants sent to the IdP
    bcgraph_webhook_notifications_total{outcome}      for the webhook receiver
    bcgraph_active_subscriptions                      for the subscription transport
    bcgraph_event_streams_open                        GraphQL-over-SSE responses streaming

Record events posted to the app's backend count on this registry too, in their own
module (gateway/delivery/metrics.py): bcgraph_events_*.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import httpx
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from starlette.requests import Request
from starlette.responses import Response

from gateway.bc.wire import WireResponse
from gateway.lru import LRU

OTHER = "other"
# Operation names come from clients: past this many distinct ones, the rest count as
# "other", so a client inventing names cannot grow the label set (and memory) unbounded.
MAX_OPERATION_NAMES = 200
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
_ENTITY = re.compile(r"^\$?[A-Za-z][A-Za-z0-9.]{0,47}$")
_KEY = re.compile(r"\(.*\)$")


class Metrics:
    def __init__(self) -> None:
        self.registry = registry = CollectorRegistry()
        self.operations = Counter(
            "bcgraph_operations",
            "GraphQL operations by name, type and outcome (ok, or the first error's code).",
            ["operation", "type", "outcome"],
            registry=registry,
        )
        self.operation_seconds = Histogram(
            "bcgraph_operation_duration_seconds",
            "Time to answer a GraphQL operation.",
            ["type"],
            registry=registry,
        )
        self.upstream_requests = Counter(
            "bcgraph_upstream_requests",
            "HTTP requests to Business Central by entity set, method and status.",
            ["entity", "method", "status"],
            registry=registry,
        )
        self.upstream_seconds = Histogram(
            "bcgraph_upstream_request_duration_seconds",
            "Time Business Central took to answer.",
            ["entity"],
            registry=registry,
        )
        self.upstream_throttled = Counter(
            "bcgraph_upstream_throttled",
            "429 Too Many Requests answers from Business Central.",
            registry=registry,
        )
        self.upstream_retries = Counter(
            "bcgraph_upstream_retries",
            "Requests to Business Central sent again, by what failed.",
            ["reason"],
            registry=registry,
        )
        self.rate_limited = Counter(
            "bcgraph_rate_limited",
            "Operations the per-user rate limit refused (HTTP 429, or a WebSocket operation's "
            "error), over GraphQL and the proxy.",
            registry=registry,
        )
        self.token_refreshes = Counter(
            "bcgraph_token_refreshes",
            "Refresh-token grants sent to the identity platform, by outcome.",
            ["outcome"],
            registry=registry,
        )
        self.webhook_notifications = Counter(
            "bcgraph_webhook_notifications",
            "Webhook notifications received from Business Central, by outcome.",
            ["outcome"],
            registry=registry,
        )
        self.active_subscriptions = Gauge(
            "bcgraph_active_subscriptions",
            "GraphQL subscriptions open on this replica.",
            registry=registry,
        )
        # Read when scraped: the app sets its function to EventStreams.open (gateway/sse/).
        self.event_streams = Gauge(
            "bcgraph_event_streams_open",
            "GraphQL-over-SSE responses streaming on this replica (gateway/sse/).",
            registry=registry,
        )
        self._names: set[str] = set()
        # Labelled children by metric and labels: prometheus_client's labels() checks and
        # locks on every call. This holds one entry per child the metric itself keeps, so
        # it is as bounded as the label sets are. Entity sets by URL are remembered least
        # recently used first (URLs carry keys and options).
        self._children: dict[tuple[Any, ...], Any] = {}
        self._entities: LRU[str] = LRU(1024)

    def child(self, metric: Any, *labels: str) -> Any:
        """`metric.labels(*labels)`, looked up once."""
        key = (id(metric), *labels)
        found = self._children.get(key)
        if found is None:
            found = self._children[key] = metric.labels(*labels)
        return found

    def operation_label(self, name: str | None) -> str:
        if not name:
            return "anonymous"
        if name in self._names:
            return name
        if not _NAME.match(name) or len(self._names) >= MAX_OPERATION_NAMES:
            return OTHER
        self._names.add(name)
        return name

    async def endpoint(self, request: Request) -> Response:
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)

    # -- BC answers, and the httpx event hooks of the IdP client -----------------------

    def bc_answered(self, response: WireResponse, seconds: float) -> None:
        """Told by the BC client of each answer BC gave (retried ones too)."""
        request = response.request
        entity = self._entities.get(request.url)
        if entity is None:
            entity = upstream_entity(urlsplit(request.url).path)
            self._entities.put(request.url, entity)
        status = response.status
        self.child(self.upstream_requests, entity, request.method, str(status)).inc()
        self.child(self.upstream_seconds, entity).observe(seconds)
        if status == 429:
            self.upstream_throttled.inc()

    def idp_event_hooks(self) -> dict[str, list[Any]]:
        async def on_response(response: httpx.Response) -> None:
            request = response.request
            if request.method != "POST" or not request.url.path.endswith("/token"):
                return
            try:
                form = httpx.QueryParams(request.content.decode())
            except (httpx.RequestNotRead, UnicodeDecodeError):
                return
            if form.get("grant_type") == "refresh_token":
                outcome = "ok" if response.status_code == 200 else "refused"
                self.token_refreshes.labels(outcome).inc()

        return {"request": [], "response": [on_response]}


def upstream_entity(path: str) -> str:
    """The entity set a BC API path is about: `.../companies(1)/vendors(2)` -> vendors.

    `$count` names its collection; a bound action (`Microsoft.NAV.post`) is its own entity.
    Anything unexpected is "other", so the label set stays small.
    """
    segments = [s for s in path.split("/") if s]
    if "api" not in segments:
        return OTHER
    tail = segments[segments.index("api") + 2 :]
    if tail and tail[-1] == "$count":
        tail = tail[:-1]
    if not tail:
        return "$root"
    entity = _KEY.sub("", tail[-1])
    return entity if _ENTITY.match(entity) else OTHER
