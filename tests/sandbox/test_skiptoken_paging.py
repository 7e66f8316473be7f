"""Server-driven paging as BC's OData stack does it: `Prefer: odata.maxpagesize=N` gives N
rows, `Preference-Applied` and a nextLink whose `$skiptoken` continues after the last row
delivered, whatever is inserted or deleted before it; without the header a page is the
server's maximum (20,000 online)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from sandbox.app import create_sandbox
from sandbox.settings import LimitSettings
from tests.conftest import BC, connect, sandbox_settings


def page_size(n: int) -> dict[str, str]:
    return {"Prefer": f"odata.maxpagesize={n}"}


async def create(bc: BC, number: str, city: str = "", name: str = "") -> str:
    body = {"number": number, "displayName": name or f"Paging {number}", "city": city}
    response = await bc.post("vendors", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def delete(bc: BC, vendor_id: str) -> None:
    response = await bc.delete(f"vendors({vendor_id})", headers={"If-Match": "*"})
    assert response.status_code == 204, response.text


def query_of(link: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(link).query)


async def test_maxpagesize_pages_with_preference_applied_and_a_skiptoken(bc: BC) -> None:
    everything = (await bc.get("vendors?$select=id,number")).json()["value"]
    response = await bc.get("vendors?$select=id,number", headers=page_size(7))
    assert response.status_code == 200
    assert response.headers["preference-applied"] == "odata.maxpagesize=7"
    body = response.json()
    assert [r["id"] for r in body["value"]] == [r["id"] for r in everything[:7]]
    link = body["@odata.nextLink"]
    assert link.startswith("http") and "/vendors?" in link
    # The token names the last row delivered, by its key (the vendor's number here).
    (token,) = query_of(link)["$skiptoken"]
    assert everything[6]["number"] in token
    assert query_of(link)["$select"] == ["id,number"]


async def test_without_the_header_a_page_is_the_server_maximum() -> None:
    assert LimitSettings().max_page_size == 20000  # BC online's, fixed
    app = create_sandbox(sandbox_settings(limits=LimitSettings(max_page_size=10)))
    bc = await connect(app)
    try:
        everything: list[str] = []
        response = await bc.get("vendors?$select=id")
        assert "preference-applied" not in response.headers
        body = response.json()
        assert len(body["value"]) == 10 and "@odata.nextLink" in body
        while True:
            everything += [r["id"] for r in body["value"]]
            if "@odata.nextLink" not in body:
                break
            body = (await bc.http.get(body["@odata.nextLink"])).json()
        assert len(everything) == len(set(everything)) > 10
        # Asking for more than the maximum gets the maximum, and says so.
        capped = await bc.get("vendors?$select=id", headers=page_size(50))
        assert capped.headers["preference-applied"] == "odata.maxpagesize=10"
        assert len(capped.json()["value"]) == 10
    finally:
        await bc.http.aclose()


async def walk(bc: BC, first_url: str, size: int, between: Any) -> list[str]:
    """Follow nextLinks from `first_url`, calling `between(page)` before each next page."""
    seen: list[str] = []
    url = first_url
    while url:
        response = await bc.http.get(url, headers=page_size(size))
        assert response.status_code == 200, response.text
        body = response.json()
        seen += [row["id"] for row in body["value"]]
        url = body.get("@odata.nextLink", "")
        if url:
            await between(body["value"])
    return seen


async def test_a_walk_continues_after_the_last_row_whatever_changed_before_it(bc: BC) -> None:
    for i in range(6):
        await create(bc, f"SK{i}", city="Skipton")
    order = "$orderby=city desc,displayName&$select=id,number,city"
    initial = [r["id"] for r in (await bc.get(f"vendors?{order}")).json()["value"]]
    created_before: set[str] = set()
    created_after: set[str] = set()
    deleted: set[str] = set()
    made = iter(range(1000))

    async def between(page: list[dict[str, Any]]) -> None:
        n = next(made)
        # Before the page (first in this order: the greatest city), and after the list.
        created_before.add(await create(bc, f"SKB{n}", city="ZZZ before"))
        created_after.add(await create(bc, f"SKA{n}", city="", name=f"ZZZZ after {n:03d}"))
        # The last row delivered, which the skiptoken names, goes too.
        for row in (page[-1],):
            if row["number"].startswith("SK"):
                await delete(bc, row["id"])
                deleted.add(row["id"])

    seen = await walk(bc, f"{bc.company}/vendors?{order}", 4, between)
    assert len(seen) == len(set(seen))
    assert set(initial) - deleted <= set(seen)
    assert not created_before & set(seen)
    assert created_after <= set(seen)
    assert deleted, "the walk deleted no row a skiptoken named"


async def test_top_and_skip_with_server_paging(bc: BC) -> None:
    everything = [r["id"] for r in (await bc.get("vendors?$select=id")).json()["value"]]
    response = await bc.get("vendors?$select=id&$skip=2&$top=9", headers=page_size(4))
    body = response.json()
    link = body["@odata.nextLink"]
    # $skip is spent; $top counts what is left of it.
    assert "$skip" not in query_of(link) and query_of(link)["$top"] == ["5"]
    seen = [r["id"] for r in body["value"]]
    seen += await walk(bc, link, 4, lambda _page: _nothing())
    assert seen == everything[2:11]


async def _nothing() -> None:
    return None


async def test_a_skiptoken_not_of_this_list_is_refused(bc: BC) -> None:
    for token in ("'not', 'a', 'token'", "nonsense", "'10000'"):
        response = await bc.get(f"vendors?$orderby=city&$skiptoken={token}")
        assert response.status_code == 400, token
        assert "skip token" in response.json()["error"]["message"]


async def test_expanded_lines_and_nested_paths_page_alike(bc: BC) -> None:
    invoice = await bc.first("purchaseInvoices", "&$filter=status eq 'Draft'")
    path = f"purchaseInvoices({invoice['id']})/purchaseInvoiceLines?$select=id,sequence"
    everything = [r["id"] for r in (await bc.get(path)).json()["value"]]
    seen = await walk(bc, f"{bc.company}/{path}", 1, lambda _page: _nothing())
    assert seen == everything
