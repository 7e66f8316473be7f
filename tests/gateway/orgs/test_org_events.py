"""Live events over an organisation's connection: two of its users subscribe over WebSockets,
one BC webhook subscription serves both, and a change one of them writes reaches both."""

from __future__ import annotations

import dataclasses

import httpx

from sandbox.directory import CONTOSO_TENANT
from tests.conftest import ALICE, connect
from tests.gateway.orgs.consent import consent, graphql, s2s_settings
from tests.servers import serving
from tests.subscriptions.harness import EVENTS, eventually, live
from tests.subscriptions.sseclient import open_stream
from tests.subscriptions.wsclient import socket

CONTOSO = "contoso-co"
KEY = f"org:{CONTOSO}"


async def test_two_users_of_one_organisation_share_its_bc_webhook() -> None:
    async with live(users=(), settings=s2s_settings()) as world:
        stack = world.stack
        assert (await consent(stack, "u-ann", CONTOSO)).status_code == 200
        org = await world.runtime().store.get(KEY)
        assert org is not None and org.default_company_id
        # The harness's BC client, on the organisation's default company (its events' key).
        bc = await connect(world.sandbox_app, ALICE, CONTOSO_TENANT)
        world.bc[KEY] = dataclasses.replace(bc, company_id=org.default_company_id)

        async with (
            socket(stack.gateway) as ann,
            socket(stack.gateway) as ben,
        ):
            for user, ws in (("u-ann", ann), ("u-ben", ben)):
                token = stack.token(user, org=CONTOSO)
                assert (await ws.init({"authorization": f"Bearer {token}"}))["type"] == (
                    "connection_ack"
                )
            await world.subscribe(ann, user_id=KEY, entities=["VENDOR"])
            # Ben's is the same operation on the same connection: it joins Ann's execution.
            await ben.subscribe(
                "1", EVENTS, {"entities": ["VENDOR"], "company": org.default_company_id}
            )

            async def both_listen() -> bool:
                return world.graphql().shared_listeners == 2

            await eventually(both_listen)

            watches = [w for w in await world.webhooks().registry.all()]
            assert [w.topic.user_id for w in watches] == [KEY]

            created = await graphql(
                stack,
                "u-ben",
                CONTOSO,
                'mutation { createVendor(input: {displayName: "Org Live"}) { id } }',
            )
            assert "errors" not in created, created
            vid = created["data"]["createVendor"]["id"]
            for ws in (ann, ben):
                event = await world.events(ws, {("VENDOR", "CREATED", vid)})
                assert event[("VENDOR", "CREATED", vid)]["record"]["displayName"] == "Org Live"
        await bc.http.aclose()


CHANGES = """subscription($company: UUID) {
  recordChanged(entities: [VENDOR], companyId: $company) {
    entity changeType recordId record { ... on Vendor { displayName } } } }"""


async def test_an_organisations_user_follows_changes_over_sse() -> None:
    async with live(users=(), settings=s2s_settings()) as world:
        stack = world.stack
        assert (await consent(stack, "u-ann", CONTOSO)).status_code == 200
        org = await world.runtime().store.get(KEY)
        assert org is not None
        runtime = world.runtime()
        listening = runtime.broadcast.subscriber_count
        headers = {"authorization": f"Bearer {stack.token('u-ann', org=CONTOSO)}"}
        async with (
            serving(stack.gateway) as url,
            httpx.AsyncClient(base_url=url, headers=headers, timeout=10) as http,
            open_stream(http, CHANGES, {"company": org.default_company_id}) as stream,
        ):
            assert stream.response.status_code == 200

            async def watched() -> bool:
                topics = [w.topic.user_id for w in await runtime.webhooks.registry.all()]
                return runtime.broadcast.subscriber_count > listening and topics == [KEY]

            await eventually(watched)
            created = await graphql(
                stack,
                "u-ben",
                CONTOSO,
                'mutation { createVendor(input: {displayName: "Org Stream"}) { id } }',
            )
            vid = created["data"]["createVendor"]["id"]
            event = await stream.next()
            assert event is not None and event.event == "next", event
            change = event.json()["data"]["recordChanged"]
            assert (change["changeType"], change["recordId"]) == ("CREATED", vid)
            assert change["record"] == {"displayName": "Org Stream"}
