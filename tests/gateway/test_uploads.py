"""Uploading a file through the whole gateway (HTTP, the request body limit, the user's
session to BC as production builds it), against the sandbox."""

from __future__ import annotations

import base64

from gateway.limits import LimitsConfig
from tests.conftest import ALICE
from tests.gateway.stack import running_stack

LIMITS = LimitsConfig(max_body_bytes=64_000)
UPLOAD = """
mutation($input: CreateAttachmentInput!, $content: String!) {
  uploadAttachment(input: $input, content: $content) { id byteSize attachmentContent }
}"""


async def test_an_upload_within_the_body_limit_is_stored_and_a_larger_one_is_413() -> None:
    async with running_stack(limits=LIMITS) as stack:
        assert (await stack.connect("user-a", ALICE)).status_code == 200
        invoices = await stack.graphql("user-a", "{ salesInvoices(first: 1) { nodes { id } } }")
        invoice = invoices.json()["data"]["salesInvoices"]["nodes"][0]["id"]
        parent = {"fileName": "scan.bin", "parentId": invoice, "parentType": "SALES_INVOICE"}

        small = bytes(range(256)) * 100  # 25,600 bytes: about 34,000 as base64
        encoded = base64.b64encode(small).decode()
        stored = await stack.graphql("user-a", UPLOAD, {"input": parent, "content": encoded})
        assert stored.status_code == 200, stored.text
        made = stored.json()["data"]["uploadAttachment"]
        assert made["byteSize"] == len(small)
        assert base64.b64decode(made["attachmentContent"]) == small

        large = base64.b64encode(small * 3).decode()  # over 64,000 bytes of body
        refused = await stack.graphql("user-a", UPLOAD, {"input": parent, "content": large})
        assert refused.status_code == 413
        error = refused.json()["errors"][0]
        assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
        assert error["extensions"]["maxBytes"] == 64_000

        # The file at a URL of the gateway: the REST passthrough serves BC's stream as is.
        me = await stack.graphql("user-a", "{ me { defaultCompanyId } }")
        company = me.json()["data"]["me"]["defaultCompanyId"]
        raw = await stack.http.get(
            f"/proxy/companies({company})/attachments({made['id']})/attachmentContent",
            headers=stack.auth("user-a"),
        )
        assert raw.status_code == 200 and raw.content == small

        listed = await stack.graphql(
            "user-a",
            """query($id: UUID!) { salesInvoice(id: $id) { attachments { nodes { id } } } }""",
            {"id": invoice},
        )
        ids = [n["id"] for n in listed.json()["data"]["salesInvoice"]["attachments"]["nodes"]]
        assert made["id"] in ids and len(ids) == len(set(ids))
