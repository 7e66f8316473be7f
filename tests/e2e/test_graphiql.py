"""GraphiQL as a person meets it: headless Chromium opens the page `bcgraph dev` serves,
runs the query it opens with, and the result pane shows the sandbox's vendor names."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.e2e.conftest import DevGateway, require_chromium, run_node


def test_graphiql_runs_the_example_query_and_shows_vendors(
    dev_gateway: DevGateway, tmp_path: Path
) -> None:
    require_chromium()
    screenshot = tmp_path / "graphiql.png"
    page = run_node("graphiql.mjs", dev_gateway.url, str(screenshot))
    assert page["failures"] == []
    assert page["tabs"] == ["InvoicesWithLines", "CreateVendor", "VendorChanges"]
    assert "lines {" in page["editor"]
    vendors = httpx.post(
        dev_gateway.graphql, json={"query": "{ vendors(first: 200) { nodes { displayName } } }"}
    ).json()["data"]["vendors"]["nodes"]
    names = {v["displayName"] for v in vendors}
    shown = [name for name in names if f'"displayName": "{name}"' in page["result"]]
    assert shown, page["result"][:2000]
    assert screenshot.read_bytes().startswith(b"\x89PNG") and screenshot.stat().st_size > 20_000
