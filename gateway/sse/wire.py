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
    """A GET or POST whose Accept names text/event-stream (graphql-sse's client sends it
    alone; a client listing other types too still asks for the stream)."""
    if scope.get("method") not in ("GET", "POST"):
        return False
    for name, value in scope.get("headers", ()):
        if name == b"accept" and EVENT_STREAM.encode() in value.lower():
            return True
    return False
