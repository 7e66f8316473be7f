"""An app Business Central does not let in (not on its Microsoft Entra Applications page,
or Disabled there), or lets in without the permission sets for an entity, is refused with
errors that say what an admin must do."""

from __future__ import annotations

from sandbox.directory import CONTOSO_TENANT, S2S_CLIENT_ID
from tests.gateway.orgs.consent import consent, graphql, s2s_settings
from tests.gateway.stack import running_stack

CONTOSO = "contoso-co"
VENDORS = "{ vendors(first: 1) { nodes { id } } }"
LISTED = f"/_sandbox/entra-applications/{CONTOSO_TENANT}/production/{S2S_CLIENT_ID}"


async def test_consent_to_an_app_bc_does_not_list_connects_nothing() -> None:
    async with running_stack(**s2s_settings()) as stack:
        assert (await stack.idp.delete(LISTED)).status_code == 204
        refused = await consent(stack, "u-ann", CONTOSO)
        assert refused.status_code == 403
        assert "Business Central refused the app" in refused.text
        assert "Microsoft Entra Applications page" in refused.text
        assert await stack.gateway.state.runtime.store.list() == []


async def test_an_app_bc_stops_letting_in_gets_a_clear_error() -> None:
    async with running_stack(**s2s_settings()) as stack:
        assert (await consent(stack, "u-ann", CONTOSO)).status_code == 200
        assert "errors" not in await graphql(stack, "u-ben", CONTOSO, VENDORS)
        disabled = await stack.idp.patch(LISTED, json={"state": "Disabled"})
        assert disabled.status_code == 200, disabled.text

        body = await graphql(stack, "u-ben", CONTOSO, VENDORS)
        error = body["errors"][0]
        assert error["extensions"]["code"] == "FORBIDDEN", body
        assert error["extensions"]["reason"] == "app_not_allowed"
        assert error["extensions"]["bcCode"] == "Authentication_InvalidCredentials"
        assert "Microsoft Entra Applications page" in error["message"]
        assert "State to Enabled" in error["message"]

        # The BC admin enables it again: no new consent is needed.
        assert (await stack.idp.patch(LISTED, json={"state": "Enabled"})).status_code == 200
        assert "errors" not in await graphql(stack, "u-ben", CONTOSO, VENDORS)


async def test_a_write_its_permission_sets_do_not_cover_is_refused() -> None:
    async with running_stack(**s2s_settings()) as stack:
        assert (await consent(stack, "u-ann", CONTOSO)).status_code == 200
        reading = await stack.idp.patch(LISTED, json={"permissionSets": ["D365 READ"]})
        assert reading.status_code == 200, reading.text

        assert "errors" not in await graphql(stack, "u-ben", CONTOSO, VENDORS)
        body = await graphql(
            stack, "u-ben", CONTOSO, 'mutation { createVendor(input: {displayName: "X"}) { id } }'
        )
        error = body["errors"][0]
        assert error["extensions"]["code"] == "FORBIDDEN", body
        assert "Sorry, the current permissions prevented the action." in error["message"]
        assert "TableData Vendor Insert" in error["message"]
