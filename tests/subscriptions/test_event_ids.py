"""RecordEvent ids a normalised cache can trust: each change of a record is its own event
(own id; the record's id is recordId), and one change reaching two subscriptions has one id.

Before, `id` was the record's id: Apollo's and urql's caches kept one RecordEvent per
record, so a record's UPDATED overwrote its CREATED wherever the app kept both."""

from __future__ import annotations

from tests.subscriptions.harness import ALICE_ID, live

ANY = {"If-Match": "*"}


async def test_each_change_has_its_own_id_and_keeps_it_for_every_subscriber() -> None:
    async with live() as world:
        bc = world.bc[ALICE_ID]
        async with world.socket() as ws:
            # Different documents' variables, so two executions (identical ones are shared).
            await world.subscribe(ws, "vendors", entities=["VENDOR"])
            await world.subscribe(ws, "all")
            vid = (await bc.post("vendors", json={"displayName": "Event ids"})).json()["id"]
            expected = {("VENDOR", "CREATED", vid)}
            created = await world.events(ws, expected, op_id="vendors")
            await bc.patch(f"vendors({vid})", json={"displayName": "Event ids 2"}, headers=ANY)
            expected.add(("VENDOR", "UPDATED", vid))
            updated = await world.events(ws, {("VENDOR", "UPDATED", vid)}, op_id="vendors")
            assert (await bc.delete(f"vendors({vid})", headers=ANY)).status_code == 204
            expected.add(("VENDOR", "DELETED", vid))
            deleted = await world.events(ws, {("VENDOR", "DELETED", vid)}, op_id="vendors")
            first = {**created, **updated, **deleted}
            second = await world.events(ws, expected, op_id="all")

    ids = {key: first[key]["id"] for key in expected}
    assert len(set(ids.values())) == 3, ids
    assert {first[key]["recordId"] for key in expected} == {vid}
    assert vid not in ids.values()
    assert {key: second[key]["id"] for key in expected} == ids
