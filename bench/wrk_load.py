"""Load from wrk for the benchmarks: POST GraphQL bodies at a server for a while, and read
back throughput, latency percentiles and how many answers were not a clean `data`.

One body is sent as wrk's prebuilt request; several (a mixed workload) rotate in order,
one per request, from a Lua `request()` hook, so every connection cycles through them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from collections.abc import Sequence

# Count answers that are not a clean `data` (GraphQL errors come back with HTTP 200, which
# wrk alone would count as success), and print the percentiles wrk's summary rounds.
_CHECK = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function response(status, headers, body)
  if status ~= 200 or body:find('"errors"', 1, true) or not body:find('"data"', 1, true) then
    bad = bad + 1
    if bad == 1 then
      -- The first failure's answer, so that a failed run says what failed.
      io.write(string.format("FIRST_BAD %d %s\\n", status, body:sub(1, 600)))
    end
  end
end
function done(summary, latency, requests)
  local n = 0
  for _, t in ipairs(threads) do n = n + t:get("bad") end
  io.write(string.format("BAD_RESPONSES %d\\n", n))
  io.write(string.format("P50_US %d\\n", latency:percentile(50)))
  io.write(string.format("P99_US %d\\n", latency:percentile(99)))
  io.write(string.format("MAX_US %d\\n", latency.max))
end
"""

_ONE = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = {body}
"""

_ROTATING = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local bodies = {{ {bodies} }}
local turn = 0
function request()
  turn = turn % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[turn])
end
"""


def lua_script(bodies: Sequence[str]) -> str:
    """wrk's script for these request bodies (JSON strings are valid Lua strings once
    quoted by json.dumps: both escape the same way for the characters GraphQL uses)."""
    if not bodies:
        raise ValueError("wrk needs at least one request body")
    if len(bodies) == 1:
        return _ONE.format(body=json.dumps(bodies[0])) + _CHECK
    return _ROTATING.format(bodies=", ".join(json.dumps(b) for b in bodies)) + _CHECK


def wrk(url: str, bodies: Sequence[str], seconds: int, connections: int) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua_script(bodies))
    try:
        # One wrk thread: 10 connections are far below what it can drive, and every core
        # wrk does not use is left to the servers. A 30 s timeout: a slow answer is a
        # latency to report, not a socket error (wrk's default gives up after 2 s).
        out = subprocess.run(
            [
                *("wrk", "-t1", f"-c{connections}", f"-d{seconds}s"),
                *("--timeout", "30s", "-s", script.name, url),
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)

    def number(pattern: str) -> float:
        match = re.search(pattern, out)
        return float(match.group(1)) if match else 0.0

    result = {
        "rps": number(r"Requests/sec:\s+([\d.]+)"),
        "requests": number(r"(\d+) requests in"),
        "bad": number(r"BAD_RESPONSES (\d+)") + number(r"Non-2xx or 3xx responses: (\d+)"),
        "socket_errors": sum(
            float(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", out)
        ),
        "p50_ms": number(r"P50_US (\d+)") / 1000,
        "p99_ms": number(r"P99_US (\d+)") / 1000,
        "max_ms": number(r"MAX_US (\d+)") / 1000,
    }
    if result["bad"] or result["socket_errors"]:
        raise SystemExit(f"wrk saw failed requests against {url}:\n{out}")
    return result
