"""Webhooks as BC does them: subscriptions with a handshake, then batched, merged, retried
notifications, delivered to an in-process receiver."""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import aclosing, asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from sandbox.app import create_sandbox
from sandbox.directory import FABRIKAM_TENANT
from sandbox.settings import WebhookSettings
from tests.conftest import BC, CAROL, connect, instant, sandbox_settings

HOOK = "https://receiver.test/hook"
OTHER_HOOK = "https://receiver.test/other"
ALICE_ID = "0f1e2d3c-0000-4000-8000-000000000a11"


@dataclass
class Post:
    at: float  # time.monotonic()
    path: str
    headers: dict[str, str]
    body: Any

    @property
    def items(self) -> list[dict[str, Any]]:
        return list(self.body["value"])


@dataclass
class Receiver:
    """A notification URL: answers handshakes and records notifications, or misbehaves."""

    posts: list[Post] = field(default_factory=list)
    handshakes: list[str] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)  # statuses for the next POSTs, then 200
    always: int | None = None  # answer every POST with this status
    hang: int = 0  # the next `hang` POSTs never answer
    wrong_token: bool = False
    _arrived: asyncio.Event = field(default_factory=asyncio.Event)

    def __post_init__(self) -> None:
        self.app = Starlette(routes=[Route("/{name}", self._endpoint, methods=["POST"])])

    async def _endpoint(self, request: Request) -> Response:
        token = request.query_params.get("validationToken")
        if token is not None:
            self.handshakes.append(token)
            return PlainTextResponse("not-the-token" if self.wrong_token else token)
        self.posts.append(
            Post(time.monotonic(), request.url.path, dict(request.headers), await request.json())
        )
        self._arrived.set()
        if self.hang:
            self.hang -= 1
            await asyncio.Event().wait()  # cancelled by the sender's timeout
        if self.always is not None:
            return Response(status_code=self.always)
        return Response(status_code=self.answers.pop(0) if self.answers else 200)

    async def wait(self, count: int) -> list[Post]:
        """The first `count` POSTs, waiting (up to 2 s) for them to arrive."""
        async with asyncio.timeout(2):
            while len(self.posts) < count:
                self._arrived.clear()
                await self._arrived.wait()
        return self.posts


@dataclass
class Env:
    app: Starlette
    bc: BC
    receiver: Receiver

    @property
    def stats(self) -> dict[int | str, int]:
        return dict(self.bc.sandbox.stats.webhooks)

    async def flush(self) -> None:
        await self.bc.sandbox.webhooks.flush()


@asynccontextmanager
async def started(**webhooks: Any) -> AsyncIterator[Env]:
    """A sandbox (lifespan running) whose webhooks reach an in-process receiver."""
    receiver = Receiver()
    values: dict[str, Any] = {"delay_seconds": 0.0, "retry_schedule": (0.05, 0.05, 0.05)}
    values.update(webhooks)
    app = create_sandbox(
        sandbox_settings(webhooks=WebhookSettings(**values)),
        webhook_transport=httpx.ASGITransport(app=receiver.app),
    )
    # httpx's ASGITransport runs no lifespan: run it here so the dispatcher starts.
    async with app.router.lifespan_context(app):
        bc = await connect(app)
        async with aclosing(bc.http):
            yield Env(app, bc, receiver)


@pytest.fixture
async def env() -> AsyncIterator[Env]:
    async with started() as e:
        yield e


@pytest.fixture
async def held() -> AsyncIterator[Env]:
    """Notifications wait a minute, so a test decides when they go with flush()."""
    async with started(delay_seconds=60.0) as e:
        yield e


async def subscribe(
    bc: BC, entity_set: str = "vendors", url: str = HOOK, client_state: str = "s3cret"
) -> dict[str, Any]:
    response = await bc.post(
        f"{bc.root}/subscriptions",
        json={
            "notificationUrl": url,
            "resource": f"/api/v2.0/companies({bc.company_id})/{entity_set}",
            "clientState": client_state,
        },
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def touch(bc: BC, entity_set: str, record: dict[str, Any], **values: Any) -> dict[str, Any]:
    response = await bc.patch(
        f"{entity_set}({record['id']})", json=values, headers={"If-Match": record["@odata.etag"]}
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


async def vendors(bc: BC, count: int) -> list[dict[str, Any]]:
    response = await bc.get(f"vendors?$top={count}")
    return list(response.json()["value"])


def sub_url(bc: BC, subscription_id: str) -> str:
    return f"{bc.root}/subscriptions('{subscription_id}')"


async def eventually(check: Callable[[], Awaitable[bool]]) -> None:
    """Poll for what the dispatcher does after a POST's answer (nothing to wait on)."""
    for _ in range(100):
        if await check():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition not met within 1 s")


async def gone(bc: BC, subscription_id: str) -> bool:
    return (await bc.get(sub_url(bc, subscription_id))).status_code == 404


# -- the subscriptions resource --------------------------------------------------


async def test_create_answers_the_subscription_after_a_handshake(env: Env) -> None:
    bc = env.bc
    before = time.time()
    sub = await subscribe(bc)

    assert re.fullmatch(r"[0-9a-f]{32}", sub["subscriptionId"])
    assert sub["notificationUrl"] == HOOK
    assert sub["resource"] == f"/api/v2.0/companies({bc.company_id})/vendors"
    assert sub["clientState"] == "s3cret"
    assert sub["userId"] == sub["systemCreatedBy"] == sub["systemModifiedBy"] == ALICE_ID
    assert isinstance(sub["timestamp"], int)
    assert sub["@odata.etag"].startswith('W/"')
    assert sub["@odata.context"].endswith("/$metadata#subscriptions/$entity")
    assert "id" not in sub and not any(k.startswith("_") for k in sub)
    expires = _epoch(sub["expirationDateTime"])
    assert before + 3 * 24 * 3600 - 1 <= expires <= time.time() + 3 * 24 * 3600 + 1
    assert sub["systemCreatedAt"] == sub["lastModifiedDateTime"]
    # One handshake, with a fresh token, and nothing else sent.
    assert len(env.receiver.handshakes) == 1 and env.receiver.posts == []

    listed = (await bc.get(f"{bc.root}/subscriptions")).json()["value"]
    assert [s["subscriptionId"] for s in listed] == [sub["subscriptionId"]]
    one = await bc.get(sub_url(bc, sub["subscriptionId"]))
    assert one.status_code == 200
    assert one.json()["clientState"] == "s3cret"
    assert one.headers["ETag"] == sub["@odata.etag"]


async def test_resource_forms_accepted(env: Env) -> None:
    bc = env.bc
    for resource in (
        "api/v2.0/companies({c})/paymentTerms",
        "companies({c})/accounts",
        "/api/v2.0/companies({c})/purchaseInvoices",
        # The sample custom API's set, under its own route (tests/sandbox/test_custom_api.py).
        "/api/contoso/logistics/v1.0/companies({c})/shipments",
    ):
        response = await bc.post(
            f"{bc.root}/subscriptions",
            json={"notificationUrl": HOOK, "resource": resource.format(c=bc.company_id)},
        )
        assert response.status_code == 201, response.text
        assert response.json()["resource"] == resource.format(c=bc.company_id)
        assert response.json()["clientState"] == ""


INVALID: list[tuple[dict[str, Any], str]] = [
    ({"resource": "companies({c})/taxGroups"}, "not supported"),
    ({"resource": "companies({c})/purchaseInvoiceLines"}, "not supported"),
    ({"resource": "companies({c})/nothings"}, "does not exist"),
    ({"resource": f"companies({uuid.uuid4()})/vendors"}, "company"),
    ({"resource": "vendors"}, "not valid"),
    # A custom API the sandbox does not serve (its sample one's sets are watchable).
    ({"resource": "api/microsoft/custom/v1.0/companies({c})/vendors"}, "does not exist"),
    ({"notificationUrl": "ftp://receiver.test/hook"}, "absolute http"),
    ({"notificationUrl": "/hook"}, "absolute http"),
    ({"notificationUrl": None}, "Cannot convert"),  # null is refused as for any field
    ({"clientState": "x" * 2049}, "2048"),
    ({"subscriptionX": 1}, "does not exist on type"),
]


async def test_invalid_subscriptions_are_refused_before_any_handshake(env: Env) -> None:
    # One sandbox for every case: building a seeded sandbox is the slow part.
    bc = env.bc
    for body, message in INVALID:
        payload = {"notificationUrl": HOOK, "resource": "companies({c})/vendors", **body}
        payload["resource"] = str(payload["resource"]).replace("{c}", bc.company_id)
        response = await bc.post(f"{bc.root}/subscriptions", json=payload)
        assert response.status_code == 400, (body, response.text)
        assert message in response.json()["error"]["message"], body
    assert env.receiver.handshakes == []
    assert (await bc.get(f"{bc.root}/subscriptions")).json()["value"] == []


async def test_failed_handshake_refuses_and_stores_nothing(env: Env) -> None:
    bc = env.bc
    env.receiver.wrong_token = True
    response = await bc.post(
        f"{bc.root}/subscriptions",
        json={"notificationUrl": HOOK, "resource": f"companies({bc.company_id})/vendors"},
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "BadRequest"
    assert "handshake" in response.json()["error"]["message"]
    assert len(env.receiver.handshakes) == 1
    assert (await bc.get(f"{bc.root}/subscriptions")).json()["value"] == []


async def test_unreachable_or_slow_receiver_fails_the_handshake() -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    app = create_sandbox(sandbox_settings(), webhook_transport=httpx.MockTransport(fail))
    async with app.router.lifespan_context(app):
        bc = await connect(app)
        async with aclosing(bc.http):
            response = await bc.post(
                f"{bc.root}/subscriptions",
                json={"notificationUrl": HOOK, "resource": f"companies({bc.company_id})/vendors"},
            )
            assert response.status_code == 400, response.text

    async def slow(scope: Any, receive: Any, send: Any) -> None:
        await asyncio.Event().wait()

    app = create_sandbox(
        sandbox_settings(webhooks=WebhookSettings(handshake_timeout_seconds=0.05)),
        webhook_transport=httpx.ASGITransport(app=slow),
    )
    async with app.router.lifespan_context(app):
        bc = await connect(app)
        async with aclosing(bc.http):
            started_at = time.monotonic()
            response = await bc.post(
                f"{bc.root}/subscriptions",
                json={"notificationUrl": HOOK, "resource": f"companies({bc.company_id})/vendors"},
            )
            assert response.status_code == 400, response.text
            assert time.monotonic() - started_at < 1


async def test_renew_requires_if_match_and_repeats_the_handshake(env: Env) -> None:
    bc = env.bc
    sub = await subscribe(bc)
    url = sub_url(bc, sub["subscriptionId"])

    missing = await bc.patch(url, json={"clientState": "new"})
    assert missing.status_code == 400
    assert missing.json()["error"]["code"] == "BadRequest_InvalidToken"
    stale = await bc.patch(url, json={"clientState": "new"}, headers={"If-Match": 'W/"stale"'})
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "Request_EntityChanged"

    renewed = await bc.patch(
        url, json={"clientState": "new"}, headers={"If-Match": sub["@odata.etag"]}
    )
    assert renewed.status_code == 200, renewed.text
    body = renewed.json()
    assert body["clientState"] == "new"
    assert body["@odata.etag"] != sub["@odata.etag"]
    assert renewed.headers["ETag"] == body["@odata.etag"]
    # As instants: BC trims trailing zeros of the fraction (.88Z), so text does not sort.
    assert instant(body["expirationDateTime"]) >= instant(sub["expirationDateTime"])
    assert body["systemCreatedAt"] == sub["systemCreatedAt"]
    assert len(env.receiver.handshakes) == 2

    # A renewal whose handshake fails changes nothing.
    env.receiver.wrong_token = True
    failed = await bc.patch(url, json={"notificationUrl": OTHER_HOOK}, headers={"If-Match": "*"})
    assert failed.status_code == 400
    after = (await bc.get(url)).json()
    assert after["notificationUrl"] == HOOK and after["@odata.etag"] == body["@odata.etag"]

    # The resource a subscription watches is fixed.
    env.receiver.wrong_token = False
    moved = await bc.patch(
        url,
        json={"resource": f"companies({bc.company_id})/paymentTerms"},
        headers={"If-Match": "*"},
    )
    assert moved.status_code == 400
    same = await bc.patch(
        url,
        json={"resource": sub["resource"], "notificationUrl": OTHER_HOOK},
        headers={"If-Match": "*"},
    )
    assert same.status_code == 200 and same.json()["notificationUrl"] == OTHER_HOOK


async def test_delete_requires_if_match(env: Env) -> None:
    # BC's DELETE subscriptions page lists If-Match as required; without it BC does not
    # delete (dynamics365smb-devitpro-pb#1926).
    bc = env.bc
    sub = await subscribe(bc)
    url = sub_url(bc, sub["subscriptionId"])
    missing = await bc.delete(url)
    assert missing.status_code == 400
    assert missing.json()["error"]["code"] == "BadRequest_InvalidToken"
    stale = await bc.delete(url, headers={"If-Match": 'W/"stale"'})
    assert stale.status_code == 409
    assert (await bc.delete(url, headers={"If-Match": sub["@odata.etag"]})).status_code == 204
    assert (await bc.get(url)).status_code == 404
    assert (await bc.delete(url, headers={"If-Match": "*"})).status_code == 404

    other = await subscribe(bc)
    gone = await bc.delete(sub_url(bc, other["subscriptionId"]), headers={"If-Match": "*"})
    assert gone.status_code == 204
    assert (await bc.get(f"{bc.root}/subscriptions")).json()["value"] == []


async def test_keys_are_quoted_strings(env: Env) -> None:
    bc = env.bc
    sub = await subscribe(bc)
    unquoted = await bc.get(f"{bc.root}/subscriptions({sub['subscriptionId']})")
    assert unquoted.status_code == 404
    unknown = await bc.get(sub_url(bc, "0" * 32))
    assert unknown.status_code == 404
    assert unknown.json()["error"]["code"] == "Internal_RecordNotFound"
    assert (await bc.patch(f"{bc.root}/subscriptions", json={})).status_code == 405


async def test_subscriptions_per_environment_are_limited() -> None:
    async with started(max_subscriptions=2) as env:
        bc = env.bc
        await subscribe(bc)
        await subscribe(bc, "paymentTerms")
        refused = await bc.post(
            f"{bc.root}/subscriptions",
            json={"notificationUrl": HOOK, "resource": f"companies({bc.company_id})/accounts"},
        )
        assert refused.status_code == 400
        assert "maximum number of subscriptions (2)" in refused.json()["error"]["message"]
        assert len(env.receiver.handshakes) == 2  # refused before calling the receiver

        # The limit is per tenant environment: Fabrikam still has room.
        carol = await connect(env.app, CAROL, FABRIKAM_TENANT)
        async with aclosing(carol.http):
            await subscribe(carol)


async def test_another_tenant_cannot_see_a_subscription(env: Env) -> None:
    sub = await subscribe(env.bc)
    carol = await connect(env.app, CAROL, FABRIKAM_TENANT)
    async with aclosing(carol.http):
        assert (await carol.get(f"{carol.root}/subscriptions")).json()["value"] == []
        url = sub_url(carol, sub["subscriptionId"])
        assert (await carol.get(url)).status_code == 404
        assert (await carol.delete(url, headers={"If-Match": "*"})).status_code == 404
        # Alice's token does not reach Fabrikam either.
        assert (await env.bc.get(f"{carol.root}/subscriptions")).status_code == 401
    assert (await env.bc.get(sub_url(env.bc, sub["subscriptionId"]))).status_code == 200


async def test_expired_subscriptions_are_purged_and_silent() -> None:
    async with started(expiry_seconds=0.3) as env:
        bc = env.bc
        sub = await subscribe(bc)
        url = sub_url(bc, sub["subscriptionId"])
        await asyncio.sleep(0.2)
        renewed = await bc.patch(url, json={}, headers={"If-Match": "*"})
        assert renewed.status_code == 200
        await asyncio.sleep(0.15)  # past the first expiry, well within the renewed one
        assert (await bc.get(url)).status_code == 200
        await asyncio.sleep(0.16)  # now past the renewed expiry too
        assert (await bc.get(url)).status_code == 404
        assert (await bc.get(f"{bc.root}/subscriptions")).json()["value"] == []
        await touch(bc, "vendors", (await vendors(bc, 1))[0], displayName="Late")
        await env.flush()
        assert env.receiver.posts == []


# -- notifications -----------------------------------------------------------------


async def test_a_vendor_update_notifies_its_subscription(env: Env) -> None:
    bc = env.bc
    sub = await subscribe(bc)
    vendor = (await vendors(bc, 1))[0]
    updated = await touch(bc, "vendors", vendor, displayName="Renamed")

    [post] = await env.receiver.wait(1)
    assert post.path == "/hook"
    assert post.headers["content-type"] == "application/json"
    assert post.headers["clientrequestid"] == post.headers["x-ms-correlation-id"]
    uuid.UUID(post.headers["clientrequestid"])
    assert post.items == [
        {
            "subscriptionId": sub["subscriptionId"],
            "clientState": "s3cret",
            "expirationDateTime": sub["expirationDateTime"],
            "resource": f"api/v2.0/companies({bc.company_id})/vendors({vendor['id']})",
            "changeType": "updated",
            "lastModifiedDateTime": updated["lastModifiedDateTime"],
        }
    ]
    assert env.stats == {200: 1}


async def test_changes_elsewhere_do_not_notify(held: Env) -> None:
    bc = held.bc
    await subscribe(bc, "paymentTerms")
    await touch(bc, "vendors", (await vendors(bc, 1))[0], displayName="Not watched")
    await held.flush()
    assert held.receiver.posts == []


async def test_repeated_updates_of_a_record_are_one_notification(held: Env) -> None:
    bc = held.bc
    await subscribe(bc)
    vendor = (await vendors(bc, 1))[0]
    for name in ("One", "Two", "Three"):
        vendor = await touch(bc, "vendors", vendor, displayName=name)
    await held.flush()
    [post] = held.receiver.posts
    [item] = post.items
    assert item["changeType"] == "updated"
    assert item["lastModifiedDateTime"] == vendor["lastModifiedDateTime"]


async def test_a_line_change_notifies_its_invoice(held: Env) -> None:
    bc = held.bc
    await subscribe(bc, "purchaseInvoices")
    response = await bc.get(
        "purchaseInvoices?$top=1&$filter=status eq 'Draft'&$expand=purchaseInvoiceLines"
    )
    invoice = response.json()["value"][0]
    line = invoice["purchaseInvoiceLines"][0]
    patched = await bc.patch(
        f"purchaseInvoices({invoice['id']})/purchaseInvoiceLines({line['id']})",
        json={"quantity": line["quantity"] + 1},
        headers={"If-Match": line["@odata.etag"]},
    )
    assert patched.status_code == 200, patched.text
    await held.flush()
    [post] = held.receiver.posts
    assert [(i["resource"], i["changeType"]) for i in post.items] == [
        (f"api/v2.0/companies({bc.company_id})/purchaseInvoices({invoice['id']})", "updated")
    ]


async def test_too_many_changes_become_one_collection_notification() -> None:
    async with started(delay_seconds=60.0, collection_threshold=3) as env:
        bc = env.bc
        sub = await subscribe(bc)
        changed = [
            await touch(bc, "vendors", v, displayName=f"Bulk {n}")
            for n, v in enumerate(await vendors(bc, 5))
        ]
        await env.flush()
        [post] = env.receiver.posts
        [item] = post.items
        assert item["changeType"] == "collection"
        assert item["subscriptionId"] == sub["subscriptionId"]
        # By the moment, not the text: BC trims trailing zeros (`.76Z` is before `.761Z`).
        latest = max(changed, key=lambda v: _epoch(v["lastModifiedDateTime"]))
        assert item["lastModifiedDateTime"] == latest["lastModifiedDateTime"]
        prefix = f"api/v2.0/companies({bc.company_id})/vendors?$filter=lastModifiedDateTime%20gt%20"
        assert item["resource"].startswith(prefix)
        since = item["resource"][len(prefix) :]
        first = min(_epoch(v["lastModifiedDateTime"]) for v in changed)
        assert _epoch(since) == pytest.approx(first - 0.05, abs=0.0015)
        # The client follows the resource and finds every changed vendor.
        query = unquote(item["resource"].split("?", 1)[1])
        found = (await bc.get(f"vendors?{query}")).json()["value"]
        assert {v["id"] for v in changed} <= {v["id"] for v in found}


async def test_one_post_per_url_mixes_subscriptions(held: Env) -> None:
    bc = held.bc
    vendor_sub = await subscribe(bc, "vendors", client_state="v")
    terms_sub = await subscribe(bc, "paymentTerms", client_state="t")
    elsewhere = await subscribe(bc, "vendors", url=OTHER_HOOK, client_state="o")
    await touch(bc, "vendors", (await vendors(bc, 1))[0], displayName="Mixed")
    term = (await bc.get("paymentTerms?$top=1")).json()["value"][0]
    await touch(bc, "paymentTerms", term, displayName="Mixed terms")
    await held.flush()

    by_path = {p.path: p for p in held.receiver.posts}
    assert len(held.receiver.posts) == 2 and set(by_path) == {"/hook", "/other"}
    assert sorted(
        (i["subscriptionId"], i["clientState"]) for i in by_path["/hook"].items
    ) == sorted([(vendor_sub["subscriptionId"], "v"), (terms_sub["subscriptionId"], "t")])
    assert [i["subscriptionId"] for i in by_path["/other"].items] == [elsewhere["subscriptionId"]]


async def test_the_delay_runs_from_the_first_change() -> None:
    async with started(delay_seconds=0.3) as env:
        bc = env.bc
        await subscribe(bc)
        first, second = await vendors(bc, 2)
        changed_at = time.monotonic()
        await touch(bc, "vendors", first, displayName="Early")
        await asyncio.sleep(0.15)
        await touch(bc, "vendors", second, displayName="Later")  # rides along
        await asyncio.sleep(0.1)
        assert env.receiver.posts == []
        [post] = await env.receiver.wait(1)
        assert 0.29 <= post.at - changed_at < 0.6
        assert len(post.items) == 2


async def test_a_deleted_subscription_drops_its_pending_notifications(held: Env) -> None:
    bc = held.bc
    sub = await subscribe(bc)
    await touch(bc, "vendors", (await vendors(bc, 1))[0], displayName="Orphan")
    deleted = await bc.delete(sub_url(bc, sub["subscriptionId"]), headers={"If-Match": "*"})
    assert deleted.status_code == 204
    await held.flush()
    assert held.receiver.posts == []


# -- delivery failures -------------------------------------------------------------


async def test_server_errors_are_retried_per_schedule(env: Env) -> None:
    bc = env.bc
    sub = await subscribe(bc)
    env.receiver.answers = [500, 500]
    await touch(bc, "vendors", (await vendors(bc, 1))[0], displayName="Retry me")
    posts = await env.receiver.wait(3)
    assert posts[0].items == posts[1].items == posts[2].items
    assert posts[1].at - posts[0].at >= 0.045 and posts[2].at - posts[1].at >= 0.045
    assert env.stats == {500: 2, 200: 1}
    assert (await bc.get(sub_url(bc, sub["subscriptionId"]))).status_code == 200


async def test_a_receiver_failing_past_the_schedule_loses_its_subscription(env: Env) -> None:
    bc = env.bc
    sub = await subscribe(bc)
    env.receiver.always = 503
    await touch(bc, "vendors", (await vendors(bc, 1))[0], displayName="Never")
    await env.receiver.wait(4)  # the first try and three retries
    await eventually(lambda: gone(bc, sub["subscriptionId"]))
    assert env.stats == {503: 4}
    await asyncio.sleep(0.1)
    assert len(env.receiver.posts) == 4


async def test_a_timed_out_delivery_is_retried() -> None:
    async with started(delivery_timeout_seconds=0.1) as env:
        bc = env.bc
        await subscribe(bc)
        env.receiver.hang = 1
        await touch(bc, "vendors", (await vendors(bc, 1))[0], displayName="Slow")
        first, second = await env.receiver.wait(2)
        assert first.items == second.items
        assert env.stats.get("timeout") == 1

        async def delivered() -> bool:
            return env.stats.get(200) == 1

        await eventually(delivered)


async def test_other_errors_delete_the_subscription_at_once(env: Env) -> None:
    bc = env.bc
    sub = await subscribe(bc)
    env.receiver.answers = [410]
    vendor = (await vendors(bc, 1))[0]
    vendor = await touch(bc, "vendors", vendor, displayName="Gone")
    await env.receiver.wait(1)
    await eventually(lambda: gone(bc, sub["subscriptionId"]))
    await touch(bc, "vendors", vendor, displayName="Nobody listens")
    await asyncio.sleep(0.1)  # retries would have come by now (schedule 0.05 s)
    assert len(env.receiver.posts) == 1
    assert env.stats == {410: 1}


async def test_injected_faults_drop_or_fail_deliveries(held: Env) -> None:
    bc = held.bc
    sb = bc.sandbox
    await subscribe(bc)
    vendor = (await vendors(bc, 1))[0]

    sb.faults.update({"webhook_drop_rate": 1.0})
    vendor = await touch(bc, "vendors", vendor, displayName="Lost")
    await held.flush()
    assert held.receiver.posts == []
    assert held.stats == {"drop": 1}

    sb.faults.update({"webhook_drop_rate": 0.0, "webhook_fail_rate": 1.0})
    await touch(bc, "vendors", vendor, displayName="Failed")
    await held.flush()
    assert held.receiver.posts == []
    assert held.stats == {"drop": 1, 503: 1}

    # A failed delivery is kept for a retry; flush() sends it without waiting.
    sb.faults.clear()
    await held.flush()
    [post] = held.receiver.posts
    assert [i["changeType"] for i in post.items] == ["updated"]


# -- admin -------------------------------------------------------------------------


async def test_admin_flush_and_reset(held: Env) -> None:
    bc = held.bc
    await subscribe(bc)
    vendor = (await vendors(bc, 1))[0]
    vendor = await touch(bc, "vendors", vendor, displayName="Flushed")
    assert (await bc.http.post("/_sandbox/webhooks/flush")).status_code == 204
    assert len(held.receiver.posts) == 1

    await touch(bc, "vendors", vendor, displayName="Forgotten")
    assert (await bc.http.post("/_sandbox/reset")).status_code == 204
    await held.flush()
    assert len(held.receiver.posts) == 1
    assert (await bc.get(f"{bc.root}/subscriptions")).json()["value"] == []


def _epoch(text: str) -> float:
    return datetime.fromisoformat(text).timestamp()
