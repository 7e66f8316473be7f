"""Files through GraphQL against the sandbox: upload (create, then the content), list under
a document with the content downloaded, delete, and a document's PDF."""

from __future__ import annotations

import base64
from typing import Any

from tests.graphql.conftest import Gateway
from tests.graphql.test_mutations import error_of

UPLOAD = """
mutation($input: CreateAttachmentInput!, $content: String!) {
  uploadAttachment(input: $input, content: $content) { id fileName byteSize parentType }
}"""

UNDER_INVOICE = """
query($id: UUID!) {
  salesInvoice(id: $id) {
    number
    attachments { nodes { id fileName byteSize attachmentContent } }
  }
}"""

FILE = bytes(range(256)) * 3 + b"end"


async def first_invoice(gw: Gateway) -> dict[str, Any]:
    data = await gw.data("{ salesInvoices(first: 1) { nodes { id number } } }")
    return dict(data["salesInvoices"]["nodes"][0])


def upload_input(invoice_id: str, name: str = "scan.bin") -> dict[str, Any]:
    return {"fileName": name, "parentId": invoice_id, "parentType": "SALES_INVOICE"}


async def test_upload_list_under_the_invoice_download_and_delete(gw: Gateway) -> None:
    invoice = await first_invoice(gw)
    content = base64.b64encode(FILE).decode()
    made = (await gw.data(UPLOAD, {"input": upload_input(invoice["id"]), "content": content}))[
        "uploadAttachment"
    ]
    assert made["byteSize"] == len(FILE) and made["fileName"] == "scan.bin"
    assert made["parentType"] == "SALES_INVOICE"

    await gw.reset_stats()
    listed = (await gw.data(UNDER_INVOICE, {"id": invoice["id"]}))["salesInvoice"]["attachments"]
    files = {n["id"]: n for n in listed["nodes"]}
    assert base64.b64decode(files[made["id"]]["attachmentContent"]) == FILE
    assert files[made["id"]]["byteSize"] == len(FILE)
    # The invoice with its attachments in one call, then one call per file's content.
    assert await gw.upstream_requests() == 1 + len(files)

    await gw.reset_stats()
    await gw.data(
        "query($id: UUID!) { salesInvoice(id: $id) { attachments { nodes { id fileName } } } }",
        {"id": invoice["id"]},
    )
    assert await gw.upstream_requests() == 1  # content not selected: not read

    deleted = await gw.data(
        "mutation($id: UUID!) { deleteAttachment(id: $id) }", {"id": made["id"]}
    )
    assert deleted["deleteAttachment"] == made["id"]
    after = (await gw.data(UNDER_INVOICE, {"id": invoice["id"]}))["salesInvoice"]["attachments"]
    assert made["id"] not in [n["id"] for n in after["nodes"]]


async def test_bad_base64_is_refused_and_nothing_is_created(gw: Gateway) -> None:
    invoice = await first_invoice(gw)
    before = (await gw.data(UNDER_INVOICE, {"id": invoice["id"]}))["salesInvoice"]
    for bad in ("not base64!", "QUJD=", "QUJ"):
        result = await gw.execute(UPLOAD, {"input": upload_input(invoice["id"]), "content": bad})
        error = error_of(result)
        assert error["code"] == "BAD_USER_INPUT" and error["field"] == "content", bad
        assert "base64" in error["message"]
    after = (await gw.data(UNDER_INVOICE, {"id": invoice["id"]}))["salesInvoice"]
    assert after["attachments"] == before["attachments"]


async def test_bc_refuses_a_master_record_as_an_attachments_parent(gw: Gateway) -> None:
    customer = (await gw.data("{ customers(first: 1) { nodes { id } } }"))["customers"]["nodes"][0]
    result = await gw.execute(
        UPLOAD,
        {
            "input": {"fileName": "a.txt", "parentId": customer["id"], "parentType": "CUSTOMER"},
            "content": base64.b64encode(b"x").decode(),
        },
    )
    error = error_of(result)
    assert error["code"] == "BAD_USER_INPUT"
    assert error["message"].startswith("Parent type Customer is not supported.")


async def test_document_attachments_of_a_customer(gw: Gateway) -> None:
    customer = (await gw.data("{ customers(first: 1) { nodes { id } } }"))["customers"]["nodes"][0]
    made = await gw.data(
        """mutation($input: CreateDocumentAttachmentInput!, $content: String!) {
          uploadDocumentAttachment(input: $input, content: $content) { id byteSize }
        }""",
        {
            "input": {
                "fileName": "terms.txt",
                "parentId": customer["id"],
                "parentType": "CUSTOMER",
            },
            "content": base64.b64encode(b"payment in 30 days").decode(),
        },
    )
    new = made["uploadDocumentAttachment"]
    assert new["byteSize"] == len(b"payment in 30 days")
    listed = await gw.data(
        """query($id: UUID!) {
          documentAttachments(filter: {parentId: {eq: $id}}) {
            nodes { id fileName attachmentContent }
          }
        }""",
        {"id": customer["id"]},
    )
    found = {n["id"]: n for n in listed["documentAttachments"]["nodes"]}
    assert base64.b64decode(found[new["id"]]["attachmentContent"]) == b"payment in 30 days"
    renamed = await gw.data(
        """mutation($id: UUID!) {
          updateDocumentAttachment(id: $id, input: {fileName: "terms-2025.txt"}) { fileName }
        }""",
        {"id": new["id"]},
    )
    assert renamed["updateDocumentAttachment"]["fileName"] == "terms-2025.txt"


async def test_the_pdf_of_an_invoice(gw: Gateway) -> None:
    invoice = await first_invoice(gw)
    await gw.reset_stats()
    data = await gw.data(
        """query($id: UUID!) {
          salesInvoice(id: $id) { pdfDocument { id parentType pdfDocumentContent } }
        }""",
        {"id": invoice["id"]},
    )
    pdf = data["salesInvoice"]["pdfDocument"]
    assert pdf["id"] == invoice["id"] and pdf["parentType"] == "SALES_INVOICE"
    content = base64.b64decode(pdf["pdfDocumentContent"])
    assert content.startswith(b"%PDF-") and invoice["number"].encode() in content
    assert await gw.upstream_requests() == 2  # the invoice with its PDF record, the content
