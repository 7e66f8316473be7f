"""How much one operation, one request body and one user may ask of the gateway.

The defaults are generous: the read path's benchmark queries (Q1-Q5 at 100 rows) stay well
inside them. The served default rate, 20 operations a second per user with a burst of 100,
matches BC's own per-user limit (6,000 requests in 5 minutes): a user cannot usefully go
faster for long, since nearly every operation costs at least one BC request.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LimitsConfig:
    # Deepest field nesting in one operation (fragments followed). Q4 is 7 deep.
    max_depth: int = 15
    # Aliased fields in one document: aliases are how one request multiplies root fields.
    max_aliases: int = 30
    # Characters of one document (the query text, not its variables), checked before
    # parsing; and lexical tokens, checked while parsing, so a huge document stops early.
    # Together they bound what parsing and validating any document costs (tokens.py). A
    # full page of colocated fragments over every entity is about 600 tokens.
    max_document_chars: int = 100_000
    max_tokens: int = 2000
    # Estimated fields resolved (cost.py): a list field multiplies its selection by `first`.
    # Q4 at first: 100 estimates about 52,000.
    max_cost: int = 100_000
    # Bytes of one HTTP request body (GraphQL or connect); larger is 413 before parsing.
    max_body_bytes: int = 1_048_576
    # Per-user token bucket: sustained operations per second and the burst on top of it,
    # one bucket for GraphQL over HTTP and WebSocket and the /proxy/ passthrough together.
    # 0 turns the rate limit off. Off for a LimitsConfig made in code (dev mode, tests that
    # load one user on purpose); `bcgraph serve` reads BCGRAPH_RATE_LIMIT, default 20/s.
    rate_per_second: float = 0.0
    rate_burst: int = 100
    # Where the buckets live: memory:// (one replica) or redis://... (shared by replicas).
    rate_store_url: str = "memory://"

    def __post_init__(self) -> None:
        for name in (
            "max_depth",
            "max_aliases",
            "max_document_chars",
            "max_tokens",
            "max_cost",
            "max_body_bytes",
        ):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive, not {getattr(self, name)}")
        if self.rate_per_second < 0:
            raise ValueError("the rate limit cannot be negative (0 turns it off)")
        if self.rate_per_second > 0 and self.rate_burst < 1:
            raise ValueError("the rate limit's burst must be at least 1")

    @property
    def rate_limited(self) -> bool:
        return self.rate_per_second > 0


@dataclass(frozen=True)
class ServerLimits:
    """What one client connection may hold of the server: a slow or bloated client is cut
    off after a bounded time and size instead of holding a socket (and its buffers) forever.

    The connection-level numbers are enforced by the HTTP protocol the server runs
    (http_protocol.py), the body deadline by an ASGI middleware (body_deadline.py), and the
    WebSocket one by the GraphQL app, for both subscription protocols."""

    # Bytes of a request's head (request line and headers); larger is answered 431. A user
    # token is about 1 KB; browsers' own headers and cookies rarely pass 8 KB.
    max_header_bytes: int = 32_768
    # Seconds a client has to send a request's head, from the connection's opening (or the
    # end of the previous response); a client that trickles it is answered 408 and closed.
    header_timeout: float = 10.0
    # Seconds a client has to send a whole request body once its head is in (408). The
    # largest GraphQL body (1 MiB) needs about 140 kbit/s; the /proxy/ limit (32 MiB) about
    # 4.5 Mbit/s.
    body_timeout: float = 60.0
    # Open connections, HTTP and WebSocket together, per process; one more is answered 503
    # and closed at once. Each costs a file descriptor: keep it under `ulimit -n`.
    max_connections: int = 1000
    # Seconds a WebSocket has after opening to send connection_init (both protocols).
    ws_init_timeout: float = 10.0
    # Whether a WebSocket may compress its messages (permessage-deflate), when the client
    # offers it (browsers always do). Off: each compressing socket holds two zlib streams
    # for its life, about 46 KB, twice what the rest of an idle subscriber holds, and every
    # event is compressed once per socket; the payloads are small JSON.
    ws_compression: bool = False
    # Seconds an event stream (GraphQL over SSE) may stay quiet before a keep-alive comment:
    # under the idle timeouts of common proxies (nginx and AWS ALB: 60 s).
    sse_keep_alive: float = 15.0

    def __post_init__(self) -> None:
        for name in (
            "max_header_bytes",
            "header_timeout",
            "body_timeout",
            "max_connections",
            "ws_init_timeout",
            "sse_keep_alive",
        ):
            if not getattr(self, name) > 0:  # NaN too
                raise ValueError(f"{name} must be positive, not {getattr(self, name)}")
