"""The GraphiQL page: served to browsers at /graphql, opening with the example operations,
each of which is valid against the schema once its root type exists; its files from
unpkg.com or from a local copy the gateway checks and serves; a note on user tokens
where the gateway needs one. (tests/e2e/test_graphiql.py runs it in a browser.)"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import parse, validate

from gateway.app import create_app
from gateway.connections import ConnectionStoreConfig, generate_key
from gateway.graphiql import EXAMPLES, graphiql_page
from gateway.graphiql_assets import ASSETS, CDN, LOCAL_PATH, Asset, LocalAssets, fetch, integrity
from gateway.settings import Settings
from schema import build_schema
from tests.gateway.stack import running_stack

ROOT_TYPES = {"query": "Query", "mutation": "Mutation", "subscription": "Subscription"}


def config_of(page: str) -> dict[str, Any]:
    found = re.search(r"const BCGRAPH = (.*);", page)
    assert found is not None
    embedded: dict[str, Any] = json.loads(found.group(1).replace("<\\/", "</"))
    return embedded


def asset_urls(page: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]+)"', page)


def test_examples_are_one_of_each_kind_and_valid() -> None:
    schema = build_schema()._schema
    assert list(EXAMPLES) == ["query", "mutation", "subscription", "sales flow"]
    assert "lines {" in EXAMPLES["query"] and "vendor {" in EXAMPLES["query"]
    for kind in ("query", "mutation", "subscription"):
        operation = parse(EXAMPLES[kind]).definitions[0]
        assert operation.operation.value == kind
        if ROOT_TYPES[kind] in schema.type_map:
            assert validate(schema, parse(EXAMPLES[kind])) == [], kind
    assert validate(schema, parse(EXAMPLES["sales flow"])) == []


def test_page_embeds_the_examples_as_tabs_safely() -> None:
    page = graphiql_page({"query": "{ a } # </script><script>alert(1)</script>"})
    assert "</script><script>alert" not in page
    assert config_of(page)["tabs"] == [{"query": "{ a } # </script><script>alert(1)</script>"}]


def test_every_asset_is_pinned_and_integrity_checked_wherever_it_comes_from() -> None:
    for local, base in ((False, CDN), (True, LOCAL_PATH)):
        page = graphiql_page(local_assets=local)
        assert asset_urls(page) == [f"{base}/{a.key}" for a in ASSETS]
        assert page.count('integrity="sha384-') == len(ASSETS) == 6
        # Each file says when it failed; the page does not wait forever.
        assert page.count('onerror="assetFailed(this)"') == len(ASSETS)
        assert config_of(page)["local"] is local
        assert "Loading GraphiQL..." in page and "patienceMs" in page


def test_the_token_note_and_headers_are_there_only_when_a_token_is_needed() -> None:
    served = graphiql_page(needs_token=True)
    assert 'id="token-note"' in served and "bcgraph token --user" in served
    config = config_of(served)
    assert config["needsToken"] is True
    assert json.loads(config["headersTemplate"].replace("<user token>", "t")) == {
        "Authorization": "Bearer t"
    }
    dev = graphiql_page(needs_token=False)
    assert 'id="token-note"' not in dev and config_of(dev)["needsToken"] is False


async def test_browsers_get_the_page_even_without_a_token() -> None:
    async with running_stack() as stack:
        page = await stack.http.get("/graphql", headers={"Accept": "text/html"})
        assert page.status_code == 200 and "InvoicesWithLines" in page.text
        # Served with user tokens (no anonymous dev user): the page says how to send one.
        assert config_of(page.text)["needsToken"] is True
        # Not a browser: an operation, which needs a user.
        api = await stack.http.get("/graphql", params={"query": "{ companies { id } }"})
        assert api.status_code == 401


def made_up_assets(directory: Path) -> tuple[Asset, ...]:
    """Two files in place, with the hashes of what was written."""
    assets = []
    for package, file, body in (("a", "x.js", b"one()"), ("@s/b", "dist/y.css", b"p{}")):
        path = directory / f"{package}@1.0.0" / file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
        assets.append(Asset(package, "1.0.0", file, integrity(body)))
    return tuple(assets)


def test_a_local_copy_is_used_only_whole_and_intact(tmp_path: Path) -> None:
    assets = made_up_assets(tmp_path)
    assert LocalAssets(tmp_path, assets).complete
    assert not LocalAssets(tmp_path / "nothing-here", assets).complete
    # One file changed: its hash no longer matches, so none of the copy is used.
    (tmp_path / assets[1].key).write_bytes(b"p{color:red}")
    assert not LocalAssets(tmp_path, assets).complete
    (tmp_path / assets[1].key).unlink()
    assert not LocalAssets(tmp_path, assets).complete


def npm() -> str:
    found = shutil.which("npm")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("npm is required when CI=true (.ci/run installs Node.js)")
        pytest.skip("npm is not installed")
    return found


@contextlib.asynccontextmanager
async def gateway(assets: LocalAssets) -> AsyncIterator[httpx.AsyncClient]:
    store = ConnectionStoreConfig(url="memory://", encryption_keys=(generate_key(),))
    app = create_app(Settings(store=store), graphiql_assets=assets)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as http:
            yield http


@pytest.fixture(scope="module")
def fetched(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """GraphiQL's files as `python -m gateway.graphiql_assets` fetches them (npm pack)."""
    directory = tmp_path_factory.mktemp("graphiql-assets")
    fetch(directory, npm())
    return directory


async def test_the_gateway_serves_a_fetched_copy_and_points_the_page_at_it(
    fetched: Path,
) -> None:
    assets = LocalAssets(fetched)
    assert assets.complete
    async with gateway(assets) as http:
        page = await http.get("/graphql", headers={"Accept": "text/html"})
        assert asset_urls(page.text) == [f"{LOCAL_PATH}/{a.key}" for a in ASSETS]
        for asset in ASSETS:
            served = await http.get(f"{LOCAL_PATH}/{asset.key}")
            assert served.status_code == 200
            assert integrity(served.content) == asset.integrity
            kind = "text/css" if asset.is_style else "text/javascript"
            assert served.headers["content-type"].startswith(kind)
            assert "immutable" in served.headers["cache-control"]
        # Only the pinned files: nothing else of the copy's folder.
        assert (await http.get(f"{LOCAL_PATH}/react@18.2.0/package.json")).status_code == 404


async def test_without_a_copy_the_page_uses_the_cdn_and_nothing_is_served_locally(
    tmp_path: Path,
) -> None:
    async with gateway(LocalAssets(tmp_path)) as http:
        page = await http.get("/graphql", headers={"Accept": "text/html"})
        assert all(url.startswith(CDN + "/") for url in asset_urls(page.text))
        assert (await http.get(f"{LOCAL_PATH}/{ASSETS[0].key}")).status_code == 404
