"""The protocol rules BC applies to every request, whatever the entity: how date-times
are written, which writes need If-Match, and which need a JSON Content-Type."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import quote

import orjson
import pytest

from sandbox.values import wire_moment
from tests.conftest import BC
from tests.sandbox.test_api_write import seed_invoice_body
from tests.sandbox.test_webhooks import Env, eventually, started, subscribe, touch, vendors

# BC's Edm.DateTimeOffset: UTC, `Z`, and fraction digits only as far as they are not zero.
BC_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{0,2}[1-9])?Z$")


def error(response: Any) -> tuple[int, str, str]:
    body = response.json()["error"]
    return response.status_code, body["code"], body["message"]


@pytest.mark.parametrize(
    ("stored", "wire"),
    [
        ("2024-01-17T11:24:26.000Z", "2024-01-17T11:24:26Z"),
        ("2020-08-21T07:38:46.530Z", "2020-08-21T07:38:46.53Z"),
        ("2020-08-21T07:38:46.500Z", "2020-08-21T07:38:46.5Z"),
        ("2020-08-21T00:26:53.793Z", "2020-08-21T00:26:53.793Z"),
        ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"),
    ],
)
def test_a_stored_moment_is_written_as_bc_writes_it(stored: str, wire: str) -> None:
    assert wire_moment(stored) == wire


async def test_date_times_carry_fraction_digits_only_as_needed(bc: BC) -> None:
    rows = (await bc.get("vendors?$select=id,lastModifiedDateTime")).json()["value"]
    created = (await bc.post("vendors", json={"displayName": "Timed"})).json()
    moments = [r["lastModifiedDateTime"] for r in rows] + [created["lastModifiedDateTime"]]
    assert len(moments) > 20
    assert all(BC_MOMENT.match(m) for m in moments), [m for m in moments if not BC_MOMENT.match(m)]
    companies = (await bc.get(f"{bc.root}/companies")).json()["value"]
    assert all(BC_MOMENT.match(c["systemCreatedAt"]) for c in companies)


async def test_a_written_moment_filters_and_orders_as_the_moment_it_names(bc: BC) -> None:
    ordered = (
        await bc.get("vendors?$select=id,lastModifiedDateTime&$orderby=lastModifiedDateTime")
    ).json()["value"]
    moments = [datetime.fromisoformat(r["lastModifiedDateTime"]) for r in ordered]
    assert moments == sorted(moments)
    for row in ordered[:5]:
        found = await bc.get(
            "vendors?$select=id&$filter="
            + quote(f"lastModifiedDateTime eq {row['lastModifiedDateTime']}")
        )
        assert row["id"] in [r["id"] for r in found.json()["value"]]


async def test_subscriptions_and_notifications_write_moments_as_bc_does() -> None:
    async with started() as env:
        sub = await subscribe(env.bc)
        for name in ("expirationDateTime", "lastModifiedDateTime", "systemCreatedAt"):
            assert BC_MOMENT.match(sub[name]), (name, sub[name])
        await touch(env.bc, "vendors", (await vendors(env.bc, 1))[0], displayName="Ticked")
        await eventually(lambda: _posted(env))
        [item] = env.receiver.posts[-1].items
        assert BC_MOMENT.match(item["lastModifiedDateTime"]), item
        assert BC_MOMENT.match(item["expirationDateTime"]), item


async def _posted(env: Env) -> bool:
    return bool(env.receiver.posts)


async def test_a_bound_action_checks_if_match_when_given(bc: BC) -> None:
    invoice = (await bc.post("purchaseInvoices", json=await seed_invoice_body(bc))).json()
    action = f"purchaseInvoices({invoice['id']})/Microsoft.NAV.post"
    stale = await bc.post(action, headers={"If-Match": 'W/"JzE5OzE7MDA7Jw=="'})
    assert error(stale)[:2] == (409, "Request_EntityChanged")
    assert error(stale)[2].startswith("Another user has already changed the record.")
    malformed = await bc.post(action, headers={"If-Match": "stale"})
    assert error(malformed)[:2] == (400, "BadRequest_InvalidToken")
    unposted = (await bc.get(f"purchaseInvoices({invoice['id']})")).json()
    assert unposted["status"] == "Draft"
    # BC's docs show the action without If-Match: it runs.
    posted = await bc.post(action)
    assert posted.status_code == 204, posted.text
    assert (await bc.get(f"purchaseInvoices({invoice['id']})")).json()["status"] == "Open"


async def test_a_bound_action_runs_with_the_current_etag(bc: BC) -> None:
    invoice = (await bc.post("purchaseInvoices", json=await seed_invoice_body(bc))).json()
    current = (await bc.get(f"purchaseInvoices({invoice['id']})")).json()["@odata.etag"]
    posted = await bc.post(
        f"purchaseInvoices({invoice['id']})/Microsoft.NAV.post", headers={"If-Match": current}
    )
    assert posted.status_code == 204, posted.text


async def test_a_json_write_needs_a_json_content_type(bc: BC) -> None:
    body = orjson.dumps({"displayName": "Typed"})
    missing = await bc.post("vendors", content=body)
    assert error(missing)[0] == 415
    assert "A missing or empty content type header was found" in error(missing)[2]
    wrong = await bc.post("vendors", content=body, headers={"Content-Type": "text/plain"})
    assert error(wrong)[0] == 415
    assert "matches the content type 'text/plain'" in error(wrong)[2]
    with_parameters = await bc.post(
        "vendors",
        content=body,
        headers={"Content-Type": "application/json; odata.metadata=minimal; charset=utf-8"},
    )
    assert with_parameters.status_code == 201, with_parameters.text
    vendor = with_parameters.json()
    path = f"vendors({vendor['id']})"
    patch = await bc.patch(
        path,
        content=orjson.dumps({"city": "Oslo"}),
        headers={"If-Match": "*", "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert error(patch)[0] == 415
    assert (await bc.get(path)).json()["city"] == ""


async def test_subscriptions_need_a_json_content_type(bc: BC) -> None:
    body = orjson.dumps(
        {
            "notificationUrl": "https://receiver.test/hook",
            "resource": f"/api/v2.0/companies({bc.company_id})/vendors",
        }
    )
    refused = await bc.post(f"{bc.root}/subscriptions", content=body)
    assert error(refused)[0] == 415


async def test_a_batch_item_body_is_json_unless_it_says_otherwise(bc: BC) -> None:
    c = f"companies({bc.company_id})"
    response = await bc.post(
        f"{bc.root}/$batch",
        json={
            "requests": [
                {"id": "1", "method": "POST", "url": f"{c}/vendors", "body": {"displayName": "B1"}},
                {
                    "id": "2",
                    "method": "POST",
                    "url": f"{c}/vendors",
                    "headers": {"Content-Type": "text/plain"},
                    "body": {"displayName": "B2"},
                },
            ]
        },
        headers={"Accept": "application/json", "Prefer": "odata.continue-on-error"},
    )
    assert response.status_code == 200
    statuses = [item["status"] for item in response.json()["responses"]]
    assert statuses == [201, 415]
