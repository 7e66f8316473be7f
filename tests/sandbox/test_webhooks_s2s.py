"""Webhook subscriptions made with an app token (S2S): the subscription is the app's (its
BC user's), and changes by anyone, the app included, are delivered as for a user's."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import aclosing
from dataclasses import dataclass

import httpx
import pytest
from starlette.applications import Starlette

from sandbox.app import create_sandbox
from sandbox.directory import CONTOSO_TENANT, S2S_CLIENT_ID
from sandbox.settings import WebhookSettings
from tests.conftest import BC, connect, sandbox_settings
from tests.sandbox.app_tokens import connect_app, plain_client
from tests.sandbox.test_webhooks import HOOK, Receiver, sub_url, subscribe, touch, vendors


@dataclass
class S2SEnv:
    app: Starlette
    service: BC  # the app, over its own token
    alice: BC
    receiver: Receiver


@pytest.fixture
async def env() -> AsyncIterator[S2SEnv]:
    receiver = Receiver()
    app = create_sandbox(
        sandbox_settings(webhooks=WebhookSettings(delay_seconds=0.0, retry_schedule=(0.05,))),
        webhook_transport=httpx.ASGITransport(app=receiver.app),
    )
    async with app.router.lifespan_context(app):
        service = await connect_app(app)
        alice = await connect(app)
        async with aclosing(service.http), aclosing(alice.http):
            yield S2SEnv(app, service, alice, receiver)


async def app_user_id(app: Starlette) -> str:
    async with plain_client(app) as admin:
        listed = await admin.get(f"/_sandbox/entra-applications/{CONTOSO_TENANT}/production")
    entry = next(a for a in listed.json()["value"] if a["clientId"] == S2S_CLIENT_ID)
    return str(entry["userId"])


async def test_an_app_subscribes_and_is_notified_of_everyones_changes(env: S2SEnv) -> None:
    sub = await subscribe(env.service)
    user_id = await app_user_id(env.app)
    # The subscription belongs to the app's BC user, not to a person nor to no one.
    assert sub["userId"] == sub["systemCreatedBy"] == user_id
    assert user_id != "00000000-0000-0000-0000-000000000000"
    listed = (await env.service.get(f"{env.service.root}/subscriptions")).json()["value"]
    assert [s["subscriptionId"] for s in listed] == [sub["subscriptionId"]]

    first, second = await vendors(env.service, 2)
    await touch(env.alice, "vendors", first, displayName="Changed by Alice")
    [post] = await env.receiver.wait(1)
    assert [(i["subscriptionId"], i["changeType"]) for i in post.items] == [
        (sub["subscriptionId"], "updated")
    ]
    assert post.items[0]["resource"].endswith(f"/vendors({first['id']})")
    await touch(env.service, "vendors", second, displayName="Changed by the app")
    posts = await env.receiver.wait(2)
    assert posts[1].items[0]["resource"].endswith(f"/vendors({second['id']})")
    assert posts[1].items[0]["clientState"] == "s3cret"


async def test_an_app_renews_and_deletes_its_subscription(env: S2SEnv) -> None:
    sub = await subscribe(env.service, client_state="app")
    url = sub_url(env.service, sub["subscriptionId"])
    renewed = await env.service.patch(
        url, json={"clientState": "renewed"}, headers={"If-Match": sub["@odata.etag"]}
    )
    assert renewed.status_code == 200, renewed.text
    assert renewed.json()["systemModifiedBy"] == await app_user_id(env.app)
    assert len(env.receiver.handshakes) == 2  # renewal repeats the handshake
    deleted = await env.service.delete(url, headers={"If-Match": renewed.json()["@odata.etag"]})
    assert deleted.status_code == 204
    await touch(env.alice, "vendors", (await vendors(env.alice, 1))[0], displayName="Unwatched")
    await env.app.state.sandbox.webhooks.flush()
    assert env.receiver.posts == []


async def test_a_disabled_app_can_no_longer_manage_subscriptions(env: S2SEnv) -> None:
    sub = await subscribe(env.service)
    async with plain_client(env.app) as admin:
        await admin.patch(
            f"/_sandbox/entra-applications/{CONTOSO_TENANT}/production/{S2S_CLIENT_ID}",
            json={"state": "Disabled"},
        )
    refused = await env.service.get(sub_url(env.service, sub["subscriptionId"]))
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "Authentication_InvalidCredentials"
    created = await env.service.post(
        f"{env.service.root}/subscriptions",
        json={"notificationUrl": HOOK, "resource": f"companies({env.service.company_id})/vendors"},
    )
    assert created.status_code == 401
