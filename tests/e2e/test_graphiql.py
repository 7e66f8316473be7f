"""GraphiQL as a person meets it: headless Chromium opens the page `bcgraph dev` serves,
runs the query it opens with, and the result pane shows the sandbox's vendor names; and
without internet access it still works (from the gateway's own copy of GraphiQL's files)
or says what happened and how to go on, never "Loading GraphiQL..." forever."""

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
    assert page["tabs"] == ["InvoicesWithLines", "CreateVendor", "VendorChanges", "CreateCustomer"]
    assert "lines {" in page["editor"]
    vendors = httpx.post(
        dev_gateway.graphql, json={"query": "{ vendors(first: 200) { nodes { displayName } } }"}
    ).json()["data"]["vendors"]["nodes"]
    names = {v["displayName"] for v in vendors}
    shown = [name for name in names if f'"displayName": "{name}"' in page["result"]]
    assert shown, page["result"][:2000]
    assert screenshot.read_bytes().startswith(b"\x89PNG") and screenshot.stat().st_size > 20_000


def vendor_names(dev_gateway: DevGateway) -> set[str]:
    vendors = httpx.post(
        dev_gateway.graphql, json={"query": "{ vendors(first: 200) { nodes { displayName } } }"}
    ).json()["data"]["vendors"]["nodes"]
    return {v["displayName"] for v in vendors}


def test_graphiql_without_internet_access(dev_gateway: DevGateway) -> None:
    """unpkg.com unreachable: with a local copy (./scripts/bootstrap fetches one when npm
    is there, as in CI) GraphiQL works; without one, the page says why and what to do."""
    require_chromium()
    html = httpx.get(dev_gateway.graphql, headers={"Accept": "text/html"}).text
    local = 'src="/graphiql/assets/' in html
    page = run_node("graphiql_offline.mjs", dev_gateway.url, "internet-down")
    assert not page["loadingLeft"] and page["pageErrors"] == []
    assert any("unpkg.com" in url for url in page["aborted"]) is not local
    if local:
        assert page["shown"] == "graphiql", page
        assert any(f'"displayName": "{n}"' in page["result"] for n in vendor_names(dev_gateway))
    else:
        assert page["shown"] == "message", page
        assert "unpkg.com" in page["message"]
        assert "python -m gateway.graphiql_assets" in page["message"]


def test_graphiql_says_what_happened_when_its_files_cannot_load(dev_gateway: DevGateway) -> None:
    require_chromium()
    page = run_node("graphiql_offline.mjs", dev_gateway.url, "files-down")
    assert page["shown"] == "message", page
    assert not page["loadingLeft"] and page["pageErrors"] == []
    message = page["message"]
    assert message.startswith("GraphiQL could not be loaded")
    assert "react.production.min.js" in message and "graphiql.min.js" in message
    # The way on: the API answers without GraphiQL, with a request to copy.
    assert f"curl {dev_gateway.graphql}" in message and "companies" in message


def test_graphiql_sends_the_headers_editors_token_on_subscriptions(
    dev_gateway: DevGateway,
) -> None:
    """A browser cannot set headers on a WebSocket: the page puts the Headers editor's
    Authorization in connection_init, where the gateway looks for the user token."""
    require_chromium()
    page = run_node("graphiql_headers.mjs", dev_gateway.url, dev_gateway.token)
    frames = page["frames"]
    sent = [f["sent"] for f in frames if "sent" in f]
    received = [f["received"] for f in frames if "received" in f]
    assert sent[0] == {
        "type": "connection_init",
        "payload": {"Authorization": f"Bearer {dev_gateway.token}"},
    }
    assert received[0] == {"type": "connection_ack"}
    [subscribe] = [m for m in sent if m["type"] == "subscribe"]
    assert "recordChanged" in subscribe["payload"]["query"]
    # Accepted: no error for the operation.
    assert not [m for m in received if m.get("type") == "error"], received
