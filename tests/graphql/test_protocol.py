"""The gateway against BC's protocol rules: it reads date-times in BC's form (fraction
digits only as needed) and sends what BC requires on every write (If-Match on a DELETE,
a JSON Content-Type on a body)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from gateway.webhooks.model import epoch, parse_time
from tests.graphql.conftest import Gateway
from tests.sandbox.test_protocol import BC_MOMENT

BETWEEN = """query($from: DateTime, $to: DateTime) {
  vendors(first: 100, filter: {lastModifiedDateTime: {ge: $from, le: $to}}) {
    nodes { id lastModifiedDateTime } } }"""


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("2024-01-17T11:24:26Z", datetime(2024, 1, 17, 11, 24, 26, tzinfo=UTC)),
        ("2020-08-21T07:38:46.53Z", datetime(2020, 8, 21, 7, 38, 46, 530000, tzinfo=UTC)),
        ("2020-08-21T00:26:53.793Z", datetime(2020, 8, 21, 0, 26, 53, 793000, tzinfo=UTC)),
    ],
)
def test_the_webhook_engine_reads_both_of_bcs_forms(text: str, moment: datetime) -> None:
    assert parse_time(text) == moment
    assert epoch(text) == moment.timestamp()


async def test_date_times_pass_through_in_bcs_form_and_filter_back(gw: Gateway) -> None:
    listed = await gw.data("{ vendors(first: 100) { nodes { id lastModifiedDateTime } } }")
    nodes = listed["vendors"]["nodes"]
    assert len(nodes) > 20
    assert all(BC_MOMENT.match(n["lastModifiedDateTime"]) for n in nodes)
    # What the gateway served, given back as a filter, names the same moment in BC.
    for node in nodes[:5]:
        moment = node["lastModifiedDateTime"]
        found = await gw.data(BETWEEN, {"from": moment, "to": moment})
        assert node["id"] in [n["id"] for n in found["vendors"]["nodes"]]


async def test_a_delete_without_an_etag_sends_if_match_star(gw: Gateway) -> None:
    # BC refuses a DELETE without If-Match; the gateway sends `*` when it has no etag.
    created = await gw.data('mutation { createVendor(input: {displayName: "Unguarded"}) { id } }')
    vendor_id = created["createVendor"]["id"]
    deleted = await gw.data("mutation($id: UUID!) { deleteVendor(id: $id) }", {"id": vendor_id})
    assert deleted["deleteVendor"] == vendor_id
    gone = await gw.execute("query($id: UUID!) { vendor(id: $id) { id } }", {"id": vendor_id})
    assert gone.errors is not None
