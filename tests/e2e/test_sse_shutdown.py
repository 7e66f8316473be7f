"""`bcgraph dev` stopping (SIGTERM) while an event stream carries a subscription: the stream
ends without `complete` (graphql-sse's client then retries, as after a lost connection),
and the process exits at once instead of waiting on the stream for good."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import httpx

from tests.e2e.conftest import running_dev

SUBSCRIPTION = "subscription { recordCreated(entity: VENDOR) { recordId } }"


def test_a_subscription_stream_ends_when_bcgraph_dev_stops(tmp_path: Path) -> None:
    # No keep-alive comment within the client's read timeout: a stream the server failed to
    # end would fail the read instead of going on for good.
    with running_dev(tmp_path, env={"BCGRAPH_SSE_KEEP_ALIVE": "300"}) as gateway:
        process = gateway.process
        assert process is not None
        headers = {"authorization": f"Bearer {gateway.token}", "accept": "text/event-stream"}
        with (
            httpx.Client(base_url=gateway.url, timeout=10) as http,
            http.stream(
                "POST", "/graphql", json={"query": SUBSCRIPTION}, headers=headers
            ) as stream,
        ):
            assert stream.status_code == 200
            lines = stream.iter_lines()
            assert next(lines).startswith(":")  # the stream is open
            process.send_signal(signal.SIGTERM)
            stopped = time.monotonic()
            rest = list(lines)  # until the server ends the stream
            assert time.monotonic() - stopped < 10
        assert not [line for line in rest if line.startswith("event:")], rest
        assert process.wait(timeout=10) is not None
