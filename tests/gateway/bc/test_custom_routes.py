"""Paths into a custom API (an extension's `api/{publisher}/{group}/{version}`): built
relative to the standard API root, resolved by the client under the same environment,
and paged along nextLinks that stay under that route."""

from __future__ import annotations

import pytest

from bcmodel import Route
from gateway.bc import urls
from gateway.bc.client import _url
from gateway.bc.session import BCSession
from gateway.bc.types import BCTarget
from sandbox.app import create_sandbox
from sandbox.settings import LimitSettings
from tests.conftest import sandbox_settings
from tests.gateway.bc.conftest import CRONUS_US, close_world, make_world

CONTOSO = Route("contoso", "logistics", "v1.0")
ROOT = "https://bc.example/v2.0/t/production/api/v2.0"


def test_a_custom_path_climbs_out_of_the_standard_root_into_its_route() -> None:
    path = str(urls.company(CRONUS_US, CONTOSO).child("shipments"))
    assert path == f"../contoso/logistics/v1.0/companies({CRONUS_US})/shipments"
    assert str(urls.company(CRONUS_US).child("vendors")) == f"companies({CRONUS_US})/vendors"

    async def token() -> str:
        return "t"

    target = BCTarget("k", ROOT, token)
    assert _url(target, path) == (
        f"https://bc.example/v2.0/t/production/api/contoso/logistics/v1.0/"
        f"companies({CRONUS_US})/shipments"
    )
    for bad in ("../../x", "../a/b/v1.0/../v2.0/vendors", "../a/b/c/vendors", "x/../y"):
        with pytest.raises(ValueError):
            _url(target, bad)
    with pytest.raises(ValueError):
        urls.company(CRONUS_US, Route("a/b", "c", "v1.0"))


def test_custom_next_links_stay_under_their_route() -> None:
    link = "https://bc.example/v2.0/t/production/api/contoso/logistics/v1.0/shipments?$skiptoken=2"
    assert urls.split_next_link(ROOT, link) == (
        "../contoso/logistics/v1.0/shipments",
        {"$skiptoken": "2"},
    )
    for bad in (
        "https://bc.example/v2.0/t/production/api/contoso/logistics/v1.0/../../x",
        "https://bc.example/v2.0/other/production/api/contoso/logistics/v1.0/shipments",
        "https://evil.example/v2.0/t/production/api/contoso/logistics/v1.0/shipments",
        "https://bc.example/v2.0/t/production/api/contoso/shipments",
    ):
        with pytest.raises(ValueError):
            urls.split_next_link(ROOT, bad)


async def test_a_session_pages_a_custom_set_to_its_end() -> None:
    app = create_sandbox(sandbox_settings(limits=LimitSettings(max_page_size=2)))
    world = await make_world(app, None)
    try:
        session = BCSession(
            lambda request: world.client.send(world.target, request), world.target.api_root
        )
        path = str(urls.company(CRONUS_US, CONTOSO).child("shipments"))
        rows, count = await session.rows(path, {"$count": "true"})
        assert count == len(rows) == len({r["id"] for r in rows}) > 2  # more than one page
    finally:
        await close_world(world)
