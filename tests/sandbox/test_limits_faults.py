"""BC's per-user limits and the injected faults tests and benchmarks rely on."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from sandbox.app import create_sandbox
from sandbox.faults import ConnectionReset
from sandbox.settings import LimitSettings
from tests.conftest import BC, connect, sandbox_settings


async def test_five_requests_at_once_per_user_the_rest_queue(bc: BC) -> None:
    await bc.http.put("/_sandbox/faults", json={"latency_ms": 50})
    await bc.http.delete("/_sandbox/stats")
    responses = await asyncio.gather(*(bc.get("vendors?$top=1") for _ in range(12)))
    assert [r.status_code for r in responses] == [200] * 12
    peaks = (await bc.http.get("/_sandbox/stats")).json()["peakConcurrencyByUser"]
    assert list(peaks.values()) == [5]


async def test_rate_limit_answers_bcs_429() -> None:
    app = create_sandbox(
        sandbox_settings(limits=LimitSettings(rate_requests=3, rate_window_seconds=300))
    )
    bc = await connect(app)
    try:
        # connect() made the first of the three requests the window allows.
        statuses = [(await bc.get("vendors?$top=1")).status_code for _ in range(2)]
        refused = await bc.get("vendors?$top=1")
    finally:
        await bc.http.aclose()
    assert statuses == [200, 200]
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "Application_TooManyRequests"
    assert "Maximum (3)" in refused.json()["error"]["message"]
    assert int(refused.headers["retry-after"]) > 0


async def test_queue_overflow_is_429() -> None:
    limits = LimitSettings(max_concurrent_per_user=1, max_queued_per_user=1)
    app = create_sandbox(sandbox_settings(limits=limits))
    bc = await connect(app)
    try:
        await bc.http.put("/_sandbox/faults", json={"latency_ms": 100})
        statuses = sorted(
            r.status_code
            for r in await asyncio.gather(*(bc.get("vendors?$top=1") for _ in range(3)))
        )
    finally:
        await bc.http.aclose()
    assert statuses == [200, 200, 429]


@pytest.mark.parametrize(
    ("faults", "status", "retry_after"),
    [
        ({"rate_429": 1.0, "retry_after": 2}, 429, "2"),
        ({"rate_429": 1.0, "retry_after": None}, 429, None),
        ({"rate_503": 1.0, "retry_after": 1}, 503, "1"),
        ({"rate_504": 1.0}, 504, None),
    ],
)
async def test_injected_errors(bc: BC, faults: dict, status: int, retry_after: str | None) -> None:
    assert (await bc.http.put("/_sandbox/faults", json=faults)).status_code == 200
    response = await bc.get("vendors?$top=1")
    assert response.status_code == status
    assert response.headers.get("retry-after") == retry_after
    await bc.http.delete("/_sandbox/faults")
    assert (await bc.get("vendors?$top=1")).status_code == 200


async def test_injected_connection_reset(bc: BC) -> None:
    await bc.http.put("/_sandbox/faults", json={"reset_rate": 1.0})
    # In process the app's own exception surfaces; over a socket the client sees the
    # connection drop mid-answer (tests/sandbox/test_http_server.py).
    with pytest.raises(ConnectionReset):
        await bc.get("vendors?$top=1")


async def test_latency_and_unknown_fault_settings(bc: BC) -> None:
    bad = await bc.http.put("/_sandbox/faults", json={"explode": True})
    assert bad.status_code == 400
    await bc.http.put("/_sandbox/faults", json={"latency_ms": 120})
    loop = asyncio.get_running_loop()
    started = loop.time()
    await bc.get("vendors?$top=1")
    assert loop.time() - started >= 0.12


async def test_reset_restores_the_seed(bc: BC) -> None:
    before = int((await bc.get("vendors/$count")).text)
    await bc.post("vendors", json={"displayName": "Temporary"})
    assert int((await bc.get("vendors/$count")).text) == before + 1
    assert (await bc.http.post("/_sandbox/reset")).status_code == 204
    assert int((await bc.get("vendors/$count")).text) == before


async def test_admin_api_is_off_unless_enabled() -> None:
    app = create_sandbox(sandbox_settings(admin_enabled=False))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://sandbox.test"
    ) as http:
        assert (await http.get("/_sandbox/stats")).status_code == 404
        assert (await http.post("/_sandbox/reset")).status_code == 404
