"""The two normalised caches frontends use, Apollo Client 4 and urql's graphcache, stock,
under Node against `bcgraph dev`: they show the right balance sheet for each date
(cache_ids.mjs), and their Relay pagination helpers walk a whole list with no merge code
of ours (relay_pagination.mjs)."""

from __future__ import annotations

import json
import math
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from tests.e2e.conftest import DevGateway, run_node

CLIENTS = ("apollo", "urql")
PAGE = 7


def auth(gateway: DevGateway) -> dict[str, str]:
    return {"Authorization": f"Bearer {gateway.token}"}


def graphql(gateway: DevGateway, query: str) -> Any:
    answer = httpx.post(gateway.graphql, json={"query": query}, headers=auth(gateway), timeout=30)
    body = answer.json()
    assert "errors" not in body, body
    return body["data"]


def bc_balance_sheet(gateway: DevGateway, company: str, date: str) -> list[list[Any]]:
    """BC's own numbers (the sandbox, through the REST passthrough), as the script reports
    lines: [lineNumber, balance]."""
    query = quote(f"dateFilter eq {date}")
    answer = httpx.get(
        f"{gateway.url}/proxy/companies({company})/balanceSheets?$filter={query}&$orderby=lineNumber",
        headers=auth(gateway),
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    rows = json.loads(answer.text, parse_float=Decimal)["value"]
    return [[row["lineNumber"], Decimal(row["balance"])] for row in rows]


def as_decimals(lines: list[list[Any]]) -> list[list[Any]]:
    return [[number, Decimal(balance)] for number, balance in lines]


def test_each_date_shows_its_own_balances_through_both_caches(dev_gateway: DevGateway) -> None:
    company = graphql(dev_gateway, "{ me { defaultCompanyId } }")["me"]["defaultCompanyId"]
    later = bc_balance_sheet(dev_gateway, company, "2030-12-31")
    earlier = bc_balance_sheet(dev_gateway, company, "2020-12-31")
    assert later != earlier  # the case is real: BC's numbers differ by date

    report = run_node("cache_ids.mjs", dev_gateway.graphql, dev_gateway.token)
    assert "error" not in report, report["error"]
    for client in CLIENTS:
        steps = report[client]
        # Fetched, then answered from the cache, then kept up to date in a watcher: each
        # date always shows that date's numbers.
        for step in ("later", "laterAgain", "laterWatched"):
            assert as_decimals(steps[step]) == later, (client, step)
        for step in ("earlier", "earlierAgain"):
            assert as_decimals(steps[step]) == earlier, (client, step)


@pytest.fixture
def vendor_ids(dev_gateway: DevGateway) -> list[str]:
    data = graphql(dev_gateway, "{ vendors(first: 1000) { totalCount nodes { id } } }")
    ids = [node["id"] for node in data["vendors"]["nodes"]]
    assert len(ids) == data["vendors"]["totalCount"] > 2 * PAGE
    return ids


def test_stock_relay_pagination_walks_every_vendor(
    dev_gateway: DevGateway, vendor_ids: list[str]
) -> None:
    report = run_node("relay_pagination.mjs", dev_gateway.graphql, dev_gateway.token, str(PAGE))
    assert "error" not in report, report["error"]
    pages = math.ceil(len(vendor_ids) / PAGE)
    for client in CLIENTS:
        walked = report[client]
        # Every vendor once, in the server's order, as totalCount counts them.
        assert walked["ids"] == vendor_ids, client
        assert len(set(walked["cursors"])) == len(vendor_ids), client
        assert walked["pageInfo"]["hasNextPage"] is False
        # The server was asked page by page, each after the previous page's endCursor, and
        # no vendor came twice: the merging above was the client's own helper at work.
        sent = walked["pages"]
        assert len(sent) == pages and all(len(p["ids"]) <= PAGE for p in sent), client
        assert [p["after"] for p in sent[1:]] == [p["pageInfo"]["endCursor"] for p in sent[:-1]]
        assert sorted(i for p in sent for i in p["ids"]) == sorted(vendor_ids), client
        assert [p["pageInfo"]["hasPreviousPage"] for p in sent] == [False] + [True] * (pages - 1)
