"""A user whose token names an organisation that has no connection (and who has none of their
own) is told both ways in: an admin's consent for the organisation, or their own connect."""

from __future__ import annotations

from tests.gateway.orgs.consent import START, as_user, consent, graphql, s2s_settings
from tests.gateway.stack import GATEWAY_URL, running_stack

VENDORS = "{ vendors(first: 1) { nodes { id } } }"


async def test_not_connected_points_a_user_of_an_organisation_at_admin_consent() -> None:
    async with running_stack(**s2s_settings()) as stack:
        body = await graphql(stack, "u-ann", "contoso-co", VENDORS)
        error = body["errors"][0]
        assert error["extensions"]["code"] == "NOT_CONNECTED", body
        assert error["extensions"]["reason"] == "not_connected"
        assert error["extensions"]["organisation"] == "contoso-co"
        assert error["extensions"]["consentUrl"] == f"{GATEWAY_URL}{START}"
        assert error["extensions"]["connectUrl"] == f"{GATEWAY_URL}/connect/start"
        assert "organisation 'contoso-co'" in error["message"]

        proxied = await stack.http.get(
            "/proxy/companies", headers=as_user(stack, "u-ann", "contoso-co")
        )
        assert proxied.status_code == 409
        assert f"{GATEWAY_URL}{START}" in proxied.text

        # A user of no organisation is pointed at their own connect only.
        alone = (await graphql(stack, "u-dora", None, VENDORS))["errors"][0]
        assert alone["extensions"]["code"] == "NOT_CONNECTED"
        assert "consentUrl" not in alone["extensions"]
        assert "organisation" not in alone["extensions"]

        # Once an admin connects the organisation, the same user goes through it.
        assert (await consent(stack, "u-ben", "contoso-co")).status_code == 200
        assert "errors" not in await graphql(stack, "u-ann", "contoso-co", VENDORS)
