"""BCSession: the one way the gateway reads a user's BC (resolvers and webhooks alike):
collections paged to their end under one cap, records by id in URL-sized chunks, and the
session built from nothing but a user id."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bcmodel import entity
from gateway.bc import odata, session
from gateway.bc.config import BCClientConfig
from gateway.bc.errors import RequestTooLong
from gateway.bc.session import BCSession, Sessions
from gateway.bc.types import BCRequest, BCResponse
from gateway.errors import BadUserInput, QueryTooComplex, UpstreamError
from sandbox.app import create_sandbox
from sandbox.settings import LimitSettings
from tests.conftest import sandbox_settings
from tests.gateway.bc.conftest import ROOT, World, close_world, make_world

VENDORS = entity("vendors")


@dataclass(frozen=True)
class Connection:
    user_id: str
    api_root: str


class Connections:
    """Stands in for the token manager: where alice's BC is, and her token."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.asked: list[str] = []

    async def connection(self, user_id: str) -> Connection:
        self.asked.append(user_id)
        return Connection(user_id, ROOT)

    async def access_token(self, user_id: str, /) -> str:
        return self.token


async def small_pages(config: BCClientConfig | None = None) -> World:
    app = create_sandbox(sandbox_settings(limits=LimitSettings(max_page_size=2)))
    return await make_world(app, config)


async def test_a_session_opened_from_a_user_id_pages_a_collection_to_its_end() -> None:
    world = await small_pages()
    try:
        connections = Connections(world.token)
        vendors = str(world.company().child("vendors"))
        everything = (await world.get(vendors)).body["value"]
        assert len(everything) == 2  # the sandbox pages by two
        await world.admin.reset_stats()
        async with await Sessions(world.client, connections).open("alice") as bc:
            rows, count = await bc.rows(vendors, {"$count": "true"})
        assert connections.asked == ["alice"]
        assert count is not None and count > 4
        assert sorted(r["id"] for r in rows) == sorted({r["id"] for r in rows})
        assert len(rows) == count
        # One request per page of two.
        assert (await world.admin.stats())["httpRequests"] == -(-count // 2)
    finally:
        await close_world(world)


async def test_want_stops_following_nextlinks() -> None:
    world = await small_pages()
    try:
        bc = Sessions(world.client, Connections(world.token)).session(world.target)
        await world.admin.reset_stats()
        rows, _ = await bc.rows(str(world.company().child("vendors")), {}, want=3)
        assert len(rows) == 3
        assert (await world.admin.stats())["httpRequests"] == 2
        await bc.aclose()
    finally:
        await close_world(world)


async def test_by_ids_goes_in_url_sized_chunks_in_one_batch() -> None:
    world = await make_world(config=BCClientConfig(max_attempts=4, max_url_length=600))
    try:
        vendors = str(world.company().child("vendors"))
        ids = [r["id"] for r in (await world.get(vendors)).body["value"]]
        assert len(ids) >= 5
        await world.admin.reset_stats()
        async with Sessions(world.client, Connections(world.token)).session(world.target) as bc:
            query = odata.Query(entity=VENDORS, select=("id", "displayName"))
            rows = await bc.by_ids(vendors, query, ids)
        assert sorted(r["id"] for r in rows) == sorted(ids)
        stats = await world.admin.stats()
        # Several chunks (none longer than the limit), sent together as one $batch.
        assert stats["httpRequests"] == 1
        assert stats["batchOperations"] > 1
    finally:
        await close_world(world)


def runaway(rows_per_page: int) -> tuple[BCSession, list[BCRequest]]:
    """A BC that always has one more page (what no real BC or sandbox can be made to do)."""
    sent: list[BCRequest] = []

    async def send(request: BCRequest) -> BCResponse:
        sent.append(request)
        page = [{"id": f"{len(sent)}-{i}"} for i in range(rows_per_page)]
        link = f"{ROOT}/companies(1)/vendors?$skiptoken={len(sent)}"
        return BCResponse(200, {"value": page, "@odata.nextLink": link})

    return BCSession(send, ROOT), sent


async def test_a_runaway_nextlink_stops_at_the_one_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(session, "MAX_ROWS", 50)
    bc, sent = runaway(7)
    rows, _ = await bc.rows("companies(1)/vendors", {})
    assert len(rows) == 50
    assert len(sent) == 8  # 8 pages of 7 pass 50
    # `want` never reads past the cap either.
    bc, sent = runaway(7)
    rows, _ = await bc.rows("companies(1)/vendors", {}, want=1000)
    assert len(rows) == 50


async def test_a_nextlink_off_the_api_root_is_not_followed() -> None:
    async def send(request: BCRequest) -> BCResponse:
        return BCResponse(200, {"value": [], "@odata.nextLink": "https://elsewhere/x"})

    with pytest.raises(UpstreamError, match="outside its API root"):
        await BCSession(send, ROOT).rows("companies(1)/vendors", {})


async def test_a_url_too_long_is_the_bc_sides_own_error(world: World) -> None:
    request = BCRequest("GET", "companies", {"$filter": f"name eq '{'x' * 70_000}'"})
    await world.admin.reset_stats()
    with pytest.raises(RequestTooLong) as raised:
        await world.client.send(world.target, request)
    # Not the GraphQL-facing BAD_USER_INPUT: the resolvers decide whose fault it is.
    assert not isinstance(raised.value, BadUserInput)
    assert isinstance(raised.value, QueryTooComplex)
    assert "URL" in raised.value.message
    assert (await world.admin.stats())["httpRequests"] == 0


def test_the_session_is_the_module_s_public_api() -> None:
    assert session.__all__ == ["MAX_ROWS", "BCSession", "Connections", "Sessions"]
