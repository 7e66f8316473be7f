"""Attachments, document attachments and a document's PDF over the sandbox's HTTP API, as
BC serves them: the record is JSON, its content a stream of its own
(`attachments({id})/attachmentContent`), uploaded with a PATCH of the raw bytes."""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import quote

from bcmodel import STANDARD
from gateway.webhooks.event_query import event_query
from tests.conftest import BC

ANY = {"If-Match": "*"}


def error(response: Any) -> tuple[int, str]:
    body = response.json()["error"]
    return response.status_code, body["message"].split("  CorrelationId:")[0]


async def new_attachment(bc: BC, invoice_id: str, name: str = "notes.txt") -> dict[str, Any]:
    response = await bc.post(
        "attachments",
        json={"fileName": name, "parentId": invoice_id, "parentType": "Sales_x0020_Invoice"},
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def test_create_then_patch_the_content_then_read_it_back(bc: BC) -> None:
    invoice = await bc.first("salesInvoices")
    created = await new_attachment(bc, invoice["id"])
    assert created["byteSize"] == 0 and "attachmentContent" not in created
    assert created["parentType"] == "Sales_x0020_Invoice"
    path = f"attachments({created['id']})/attachmentContent"
    content = b"%PDF-1.4 not really\x00\xff binary"
    # BC wants If-Match on a stream write, as on any write.
    refused = await bc.patch(path, content=content)
    assert refused.status_code == 400, refused.text
    written = await bc.patch(path, content=content, headers=ANY)
    assert written.status_code == 204, written.text
    read = await bc.get(path)
    assert read.status_code == 200 and read.content == content
    again = (await bc.get(f"attachments({created['id']})")).json()
    assert again["byteSize"] == len(content) and "attachmentContent" not in again
    listed = await bc.get(f"salesInvoices({invoice['id']})/attachments")
    assert created["id"] in [a["id"] for a in listed.json()["value"]]
    # A new upload replaces the content, and the size follows it.
    await bc.patch(path, content=b"short", headers=ANY)
    assert (await bc.get(path)).content == b"short"
    assert (await bc.get(f"attachments({created['id']})")).json()["byteSize"] == 5
    gone = await bc.delete(f"attachments({created['id']})", headers=ANY)
    assert gone.status_code == 204
    assert (await bc.get(path)).status_code == 404


async def test_bc_refuses_master_records_content_in_json_and_a_missing_parent(bc: BC) -> None:
    customer = await bc.first("customers")
    master = await bc.post(
        "attachments",
        json={"fileName": "a.txt", "parentId": customer["id"], "parentType": "Customer"},
    )
    assert error(master) == (
        400,
        "Parent type Customer is not supported. Use documentAttachments API instead.",
    )
    inline = await bc.post("attachments", json={"fileName": "a.txt", "attachmentContent": "x"})
    assert inline.status_code == 400 and "stream" in error(inline)[1]
    nowhere = await bc.post(
        "attachments",
        json={
            "fileName": "a.txt",
            "parentId": "6f1c7a10-3c3d-4b8e-9a53-0b1e2a2f9d11",
            "parentType": "Sales_x0020_Invoice",
        },
    )
    assert nowhere.status_code == 400 and "does not exist" in error(nowhere)[1]


async def test_an_invalid_file_name_becomes_filename_txt_and_the_parent_is_fixed(bc: BC) -> None:
    invoice = await bc.first("salesInvoices")
    created = await new_attachment(bc, invoice["id"], name="a/b?.txt")
    assert created["fileName"] == "filename.txt"
    other = await bc.first("salesInvoices", "&$skip=1")
    moved = await bc.patch(
        f"attachments({created['id']})", json={"parentId": other["id"]}, headers=ANY
    )
    assert moved.status_code == 400, moved.text


async def test_document_attachments_take_master_records(bc: BC) -> None:
    customer = await bc.first("customers")
    response = await bc.post(
        "documentAttachments",
        json={"fileName": "contract.pdf", "parentId": customer["id"], "parentType": "Customer"},
    )
    assert response.status_code == 201, response.text
    made = response.json()
    path = f"documentAttachments({made['id']})/attachmentContent"
    assert (await bc.patch(path, content=b"12345678", headers=ANY)).status_code == 204
    assert (await bc.get(f"documentAttachments({made['id']})")).json()["byteSize"] == 8
    # byteSize is BC's to compute.
    sized = await bc.patch(f"documentAttachments({made['id']})", json={"byteSize": 1}, headers=ANY)
    assert sized.status_code == 400
    blank = await bc.post("documentAttachments", json={"fileName": "x.txt"})
    assert blank.status_code == 400 and "parentId" in error(blank)[1]


async def test_the_pdf_of_an_invoice_is_printed_when_read(bc: BC) -> None:
    invoice = await bc.first("salesInvoices")
    pdf = await bc.get(f"salesInvoices({invoice['id']})/pdfDocument")
    assert pdf.status_code == 200, pdf.text
    body = pdf.json()
    assert (body["id"], body["parentId"]) == (invoice["id"], invoice["id"])
    assert body["parentType"] == "Sales_x0020_Invoice" and "pdfDocumentContent" not in body
    content = await bc.get(f"salesInvoices({invoice['id']})/pdfDocument/pdfDocumentContent")
    assert content.status_code == 200
    assert content.content.startswith(b"%PDF-1.4") and content.content.rstrip().endswith(b"%%EOF")
    assert invoice["number"].encode() in content.content
    # Read-only: BC prints it; nothing writes it.
    written = await bc.patch(
        f"salesInvoices({invoice['id']})/pdfDocument/pdfDocumentContent",
        content=b"x",
        headers=ANY,
    )
    assert written.status_code == 405
    expanded = await bc.get(f"salesInvoices({invoice['id']})?$expand=pdfDocument")
    assert expanded.json()["pdfDocument"]["parentId"] == invoice["id"]


async def test_the_pdf_list_needs_its_document(bc: BC) -> None:
    invoice = await bc.first("purchaseInvoices")
    unnamed = await bc.get("pdfDocument")
    assert error(unnamed) == (400, "You must specify a parentType in the request body.")
    typed = "parentType eq 'Purchase_x0020_Invoice'"
    no_id = await bc.get("pdfDocument?$filter=" + quote(typed))
    assert error(no_id) == (400, "You must specify a parentId in the request body.")
    both = f"{typed} and parentId eq {invoice['id']}"
    found = await bc.get("pdfDocument?$filter=" + quote(both))
    assert [p["id"] for p in found.json()["value"]] == [invoice["id"]]


def test_an_event_of_a_document_does_not_print_its_pdf() -> None:
    # The webhook engine reads an event's record with its references; a PDF is printed
    # for each read, so it is no reference to carry on every change of an invoice.
    expanded = {
        e.navigation for e in event_query(STANDARD, STANDARD.entity("salesInvoices")).expand
    }
    assert "customer" in expanded and "pdfDocument" not in expanded


async def test_the_seeded_invoices_have_files_to_download(bc: BC) -> None:
    seeded = (await bc.get("attachments")).json()["value"]
    assert seeded and all(a["byteSize"] > 0 for a in seeded)
    first = seeded[0]
    content = await bc.get(f"attachments({first['id']})/attachmentContent")
    assert len(content.content) == first["byteSize"]
    metadata = (await bc.get(f"{bc.root}/$metadata")).text
    assert 'Name="attachmentContent" Type="Edm.Stream"' in metadata


async def test_a_stream_read_in_a_batch_comes_back_base64url(bc: BC) -> None:
    first = (await bc.get("attachments?$top=1")).json()["value"][0]
    url = f"companies({bc.company_id})/attachments({first['id']})/attachmentContent"
    envelope = {"requests": [{"id": "1", "method": "GET", "url": url}]}
    response = await bc.post(f"{bc.root}/$batch", json=envelope)
    assert response.status_code == 200, response.text
    item = response.json()["responses"][0]
    assert item["status"] == 200
    direct = await bc.get(f"attachments({first['id']})/attachmentContent")
    assert base64.urlsafe_b64decode(item["body"]) == direct.content
