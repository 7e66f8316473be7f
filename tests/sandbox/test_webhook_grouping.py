"""The sandbox groups, orders and drops notifications as BC's sending job does
(microsoft/BCApps `APIWebhookNotificationSend.Codeunit.al`; docs/sandbox-webhooks.md):
only repeated updates of a record merge, null updates are dropped, a deletion makes a
`collection` bare, and a 4xx answer costs every subscription on the URL."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.conftest import instant
from tests.sandbox.test_webhooks import (
    OTHER_HOOK,
    Env,
    eventually,
    gone,
    started,
    subscribe,
    touch,
    vendors,
)

ANY = {"If-Match": "*"}


@pytest.fixture
async def held() -> AsyncIterator[Env]:
    """Notifications wait a minute, so a test decides when they go with flush()."""
    async with started(delay_seconds=60.0) as e:
        yield e


def sent(env: Env, post: int = -1) -> list[tuple[str, str]]:
    """(record id, changeType) of a POST's items, in their order."""
    return [
        (item["resource"].rsplit("(", 1)[1].rstrip(")"), item["changeType"])
        for item in env.receiver.posts[post].items
    ]


async def new_vendor(env: Env, name: str) -> dict[str, Any]:
    response = await env.bc.post("vendors", json={"displayName": name})
    assert response.status_code == 201, response.text
    return dict(response.json())


async def test_created_then_updated_are_two_notifications(held: Env) -> None:
    await subscribe(held.bc)
    created = await new_vendor(held, "Fresh")
    updated = await touch(held.bc, "vendors", created, displayName="Fresher")
    await held.flush()
    [post] = held.receiver.posts
    assert sent(held) == [(created["id"], "created"), (created["id"], "updated")]
    assert [i["lastModifiedDateTime"] for i in post.items] == [
        created["lastModifiedDateTime"],
        updated["lastModifiedDateTime"],
    ]


async def test_only_repeated_updates_merge_into_the_latest(held: Env) -> None:
    await subscribe(held.bc)
    created = await new_vendor(held, "Fresh")
    current = created
    for name in ("One", "Two", "Three"):
        current = await touch(held.bc, "vendors", current, displayName=name)
    await held.flush()
    assert sent(held) == [(created["id"], "created"), (created["id"], "updated")]
    assert (
        held.receiver.posts[-1].items[1]["lastModifiedDateTime"]
        == (current["lastModifiedDateTime"])
    )


async def test_a_merged_update_moves_to_its_latest_time(held: Env) -> None:
    await subscribe(held.bc)
    first, second = await vendors(held.bc, 2)
    first = await touch(held.bc, "vendors", first, displayName="A1")
    await asyncio.sleep(0.002)
    second = await touch(held.bc, "vendors", second, displayName="B")
    await asyncio.sleep(0.002)
    await touch(held.bc, "vendors", first, displayName="A2")
    await held.flush()
    # Ordered by lastModifiedDateTime: the merged update of the first is the later one.
    assert sent(held) == [(second["id"], "updated"), (first["id"], "updated")]


async def test_created_then_deleted_are_both_sent(held: Env) -> None:
    await subscribe(held.bc)
    ghost = await new_vendor(held, "Ghost")
    assert (await held.bc.delete(f"vendors({ghost['id']})", headers=ANY)).status_code == 204
    await held.flush()
    assert sent(held) == [(ghost["id"], "created"), (ghost["id"], "deleted")]


async def test_updated_then_deleted_are_both_sent(held: Env) -> None:
    doomed = await new_vendor(held, "Doomed")  # before the subscription: no creation sent
    await subscribe(held.bc)
    await touch(held.bc, "vendors", doomed, displayName="Doomed still")
    assert (await held.bc.delete(f"vendors({doomed['id']})", headers=ANY)).status_code == 204
    await held.flush()
    assert sent(held) == [(doomed["id"], "updated"), (doomed["id"], "deleted")]


async def test_an_update_that_changes_nothing_is_dropped(held: Env) -> None:
    await subscribe(held.bc)
    vendor = (await vendors(held.bc, 1))[0]  # seeded: last modified long before now
    same = await touch(held.bc, "vendors", vendor, displayName=vendor["displayName"])
    assert same["lastModifiedDateTime"] == vendor["lastModifiedDateTime"]
    await held.flush()
    assert held.receiver.posts == []

    # A real change then a null one: only the real one is sent.
    changed = await touch(held.bc, "vendors", same, displayName="Really changed")
    await touch(held.bc, "vendors", changed, displayName="Really changed")
    await held.flush()
    [post] = held.receiver.posts
    assert sent(held) == [(vendor["id"], "updated")]
    assert instant(post.items[0]["lastModifiedDateTime"]) >= instant(
        changed["lastModifiedDateTime"]
    )


async def test_a_null_update_within_two_seconds_of_a_change_is_kept(held: Env) -> None:
    # BC cannot tell it from a change another trigger made just before (NullUpdateTreshold).
    await subscribe(held.bc)
    vendor = (await vendors(held.bc, 1))[0]
    changed = await touch(held.bc, "vendors", vendor, displayName="Changed")
    await held.flush()
    await touch(held.bc, "vendors", changed, displayName="Changed")
    await held.flush()
    assert len(held.receiver.posts) == 2
    assert sent(held) == [(vendor["id"], "updated")]


async def test_a_deletion_makes_the_collection_bare() -> None:
    async with started(delay_seconds=60.0, collection_threshold=2) as env:
        bc = env.bc
        doomed = await new_vendor(env, "Doomed")
        await subscribe(bc)
        for n, vendor in enumerate(await vendors(bc, 2)):
            await touch(bc, "vendors", vendor, displayName=f"Bulk {n}")
        assert (await bc.delete(f"vendors({doomed['id']})", headers=ANY)).status_code == 204
        await env.flush()
        [item] = env.receiver.posts[-1].items
        assert item["changeType"] == "collection"
        # No $filter: lastModifiedDateTime cannot find a deleted record.
        assert item["resource"] == f"api/v2.0/companies({bc.company_id})/vendors"


async def test_a_4xx_deletes_every_subscription_on_the_url(held: Env) -> None:
    bc = held.bc
    on_vendors = await subscribe(bc, "vendors")
    on_terms = await subscribe(bc, "paymentTerms")  # nothing pending for it
    elsewhere = await subscribe(bc, "vendors", url=OTHER_HOOK)
    held.receiver.answers = [400]
    await touch(bc, "vendors", (await vendors(bc, 1))[0], displayName="Refused")
    await held.flush()
    by_path = {p.path: p for p in held.receiver.posts}
    assert {i["subscriptionId"] for i in by_path["/hook"].items} == {on_vendors["subscriptionId"]}
    await eventually(lambda: gone(bc, on_vendors["subscriptionId"]))
    assert await gone(bc, on_terms["subscriptionId"])
    assert not await gone(bc, elsewhere["subscriptionId"])


async def test_a_new_change_brings_a_retry_forward() -> None:
    # BC's job sends whatever is pending, a failed POST's notifications too, whenever a
    # change schedules it; that early try does not count as an attempt.
    async with started(delay_seconds=0.0, retry_schedule=(30.0, 30.0)) as env:
        bc = env.bc
        await subscribe(bc)
        first, second = await vendors(bc, 2)
        env.receiver.answers = [503]
        await touch(bc, "vendors", first, displayName="Failed once")
        await env.receiver.wait(1)
        began = time.monotonic()
        await touch(bc, "vendors", second, displayName="Brings it along")
        posts = await env.receiver.wait(2)
        assert posts[1].at - began < 1.0
        assert sent(env, 1) == [(first["id"], "updated"), (second["id"], "updated")]


async def test_a_retry_sent_early_counts_no_attempt() -> None:
    async with started(delay_seconds=0.0, retry_schedule=(30.0,)) as env:
        bc = env.bc
        sub = await subscribe(bc)
        first, second = await vendors(bc, 2)
        env.receiver.always = 503
        await touch(bc, "vendors", first, displayName="Fails")
        await env.receiver.wait(1)
        await touch(bc, "vendors", second, displayName="Fails early")
        await env.receiver.wait(2)
        await asyncio.sleep(0.05)
        # One attempt counted of the one the schedule allows: the subscription stays.
        assert not await gone(bc, sub["subscriptionId"])
        assert env.stats == {503: 2}


async def test_a_failed_update_absorbs_the_next_one() -> None:
    async with started(delay_seconds=60.0, retry_schedule=(30.0,)) as env:
        bc = env.bc
        await subscribe(bc)
        vendor = (await vendors(bc, 1))[0]
        env.receiver.answers = [500]
        vendor = await touch(bc, "vendors", vendor, displayName="Failed")
        await env.flush()
        latest = await touch(bc, "vendors", vendor, displayName="Latest")
        await env.flush()
        assert len(env.receiver.posts) == 2
        [item] = env.receiver.posts[1].items
        assert (item["changeType"], item["lastModifiedDateTime"]) == (
            "updated",
            latest["lastModifiedDateTime"],
        )


async def test_one_post_per_company_and_a_4xx_costs_only_that_company(held: Env) -> None:
    # BC's sending job runs per company: one POST per company and URL, and the URL's
    # subscriptions it deletes on a 4xx are that company's.
    bc = held.bc
    companies = (await bc.get(f"{bc.root}/companies")).json()["value"]
    other_id = next(c["id"] for c in companies if c["id"] != bc.company_id)
    other = dataclasses.replace(bc, company_id=other_id)
    mine, theirs = await subscribe(bc), await subscribe(other)
    await touch(bc, "vendors", (await vendors(bc, 1))[0], displayName="Here")
    await touch(other, "vendors", (await vendors(other, 1))[0], displayName="There")
    held.receiver.answers = [404]
    await held.flush()
    first, second = held.receiver.posts
    [refused] = {i["subscriptionId"] for i in first.items}
    [accepted] = {i["subscriptionId"] for i in second.items}
    assert {refused, accepted} == {mine["subscriptionId"], theirs["subscriptionId"]}
    assert await gone(bc, refused) and not await gone(bc, accepted)
