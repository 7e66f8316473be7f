"""JSON $batch as BC runs it: in order, stop at the first failure unless told otherwise."""

from __future__ import annotations

from typing import Any

from tests.conftest import BC


def op(i: int, method: str, url: str, body: Any = None, **headers: str) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": str(i),
        "method": method,
        "url": url,
        "headers": {"Content-Type": "application/json", **headers},
    }
    if body is not None:
        item["body"] = body
    return item


async def batch(bc: BC, requests: list[dict[str, Any]], **headers: str) -> Any:
    response = await bc.post(
        f"{bc.root}/$batch",
        json={"requests": requests},
        headers={"Accept": "application/json", **headers},
    )
    return response


async def test_operations_run_in_order_with_their_own_status(bc: BC) -> None:
    c = f"companies({bc.company_id})"
    vendor = await bc.first("vendors")
    response = await batch(
        bc,
        [
            op(1, "GET", f"{c}/vendors?$top=2&$select=number"),
            op(2, "POST", f"{c}/vendors", {"displayName": "From batch"}),
            op(3, "PATCH", f"{c}/vendors({vendor['id']})", {"city": "Paris"}, **{"If-Match": "*"}),
            op(4, "GET", f"{c}/vendors/$count"),
            op(5, "DELETE", f"{c}/vendors(00000000-0000-0000-0000-00000000beef)"),
        ],
        Prefer="odata.continue-on-error",
    )
    assert response.status_code == 200
    items = response.json()["responses"]
    assert [i["id"] for i in items] == ["1", "2", "3", "4", "5"]
    assert [i["status"] for i in items] == [200, 201, 200, 200, 404]
    assert len(items[0]["body"]["value"]) == 2
    assert items[1]["body"]["displayName"] == "From batch"
    assert items[2]["body"]["city"] == "Paris"
    assert items[4]["body"]["error"]["code"] == "Internal_RecordNotFound"
    assert items[0]["headers"]["content-type"].startswith("application/json")


async def test_stops_at_first_failure_and_keeps_earlier_writes(bc: BC) -> None:
    c = f"companies({bc.company_id})"
    response = await batch(
        bc,
        [
            op(1, "POST", f"{c}/vendors", {"displayName": "Kept"}),
            op(2, "POST", f"{c}/vendors", {"displayName": "X", "balance": 3}),
            op(3, "POST", f"{c}/vendors", {"displayName": "Never"}),
        ],
    )
    items = response.json()["responses"]
    assert [i["status"] for i in items] == [201, 400]
    kept = await bc.get(f"vendors({items[0]['body']['id']})")
    assert kept.status_code == 200
    never = await bc.get("vendors?$filter=displayName eq 'Never'")
    assert never.json()["value"] == []


async def test_snapshot_isolation_rolls_everything_back(bc: BC) -> None:
    c = f"companies({bc.company_id})"
    before = int((await bc.get("vendors/$count")).text)
    response = await batch(
        bc,
        [
            op(1, "POST", f"{c}/vendors", {"displayName": "Rolled back"}),
            op(2, "POST", f"{c}/vendors", {"number": "10000", "displayName": "Duplicate"}),
        ],
        Isolation="snapshot",
    )
    items = response.json()["responses"]
    assert [i["status"] for i in items] == [201, 409]
    assert (await bc.get(f"vendors({items[0]['body']['id']})")).status_code == 404
    assert int((await bc.get("vendors/$count")).text) == before


async def test_limits_and_malformed_envelopes(bc: BC) -> None:
    c = f"companies({bc.company_id})"
    too_many = await batch(bc, [op(i, "GET", f"{c}/vendors?$top=1") for i in range(101)])
    assert too_many.status_code == 400
    assert too_many.json()["error"]["code"] == "Unknown"
    hundred = await batch(bc, [op(i, "GET", f"{c}/vendors?$top=1") for i in range(100)])
    assert hundred.status_code == 200 and len(hundred.json()["responses"]) == 100
    garbage = await bc.post(
        f"{bc.root}/$batch", content=b"{", headers={"Content-Type": "application/json"}
    )
    assert garbage.status_code == 400
    wrong_shape = await bc.post(f"{bc.root}/$batch", json={"requests": "x"})
    assert wrong_shape.status_code == 400


async def test_company_header_and_absolute_urls(bc: BC) -> None:
    response = await batch(
        bc,
        [
            {
                "id": "a",
                "method": "GET",
                "url": "vendors?$top=1",
                "headers": {"Company": "CRONUS US"},
            },
            {"id": "b", "method": "GET", "url": f"http://sandbox.test{bc.company}/vendors?$top=1"},
        ],
    )
    items = response.json()["responses"]
    assert [i["status"] for i in items] == [200, 200]
    assert items[0]["body"]["value"] == items[1]["body"]["value"]


async def test_stats_count_batch_operations(bc: BC) -> None:
    await bc.http.delete("/_sandbox/stats")
    c = f"companies({bc.company_id})"
    await batch(bc, [op(i, "GET", f"{c}/vendors?$top=1") for i in range(7)])
    stats = (await bc.http.get("/_sandbox/stats")).json()
    assert stats["httpRequests"] == 1
    assert stats["batchOperations"] == 7
    vendors = [r for r in stats["requests"] if r["entitySet"] == "vendors" and r["inBatch"]]
    assert vendors == [
        {"method": "GET", "entitySet": "vendors", "status": 200, "inBatch": True, "count": 7}
    ]
