"""The bytes of a graphql-sse event stream, and which requests ask for one.

Each message is an SSE event whose data is one line of JSON (orjson writes no newlines):

    event: next
    data: {"data":{...}}

    event: complete
    data:

A line starting with `:` is a comment: clients ignore it, proxies see traffic.
"""

from __future__ import annotations

from starlette.types import Scope

__all__ = ["COMPLETE", "EVENT_STREAM", "HEADERS", "KEEP_ALIVE", "next_event", "wants_event_stream"]

EVENT_STREAM = "text/event-stream"
COMPLETE = b"event: complete\ndata:\n\n"
KEEP_ALIVE = b":\n\n"
HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    # Every event is news: nothing may be served from a cache or held back by one.
    (b"cache-control", b"no-cache"),
    # nginx buffers responses by default, which would hold events until the buffer fills.
    (b"x-accel-buffering", b"no"),
]


def next_event(result_json: bytes) -> bytes:
    return b"event: next\ndata: " + result_json + b"\n\n"


def wants_event_stream(scope: Scope) -> bool:
    """A GET or POST whose Accept prefers text/event-stream: graphql-sse's client sends
    it alone. Clients that list it after JSON (urql's fetch sends
    `application/graphql-response+json, …, application/json, text/event-stream, …`)
    want JSON for a query: the stream goes to the type with the highest q, the first
    listed among equals."""
    if scope.get("method") not in ("GET", "POST"):
        return False
    accept = ",".join(
        value.decode("latin-1") for name, value in scope.get("headers", ()) if name == b"accept"
    )
    # Most requests do not name the stream at all: their types need no weighing.
    return EVENT_STREAM in accept.lower() and _preferred(accept) == EVENT_STREAM


def _preferred(accept: str) -> str:
    best, best_q = "", 0.0
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media and q > best_q:
            best, best_q = media.lower(), q
    return best
