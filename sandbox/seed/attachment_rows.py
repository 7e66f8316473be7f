"""Files attached to the demo documents and customers: a few text notes and scanned
receipts, so that lists under a document have something to show and download."""

from __future__ import annotations

import base64

from sandbox.seed.draw import CompanyBuilder, Row, new_id

# (file name, content): small files, so the seed stays light.
_NOTES = (
    ("delivery-note.txt", b"Delivered to the loading dock; signed by the warehouse.\n"),
    ("po-confirmation.txt", b"Customer confirmed the order by phone.\n"),
    ("receipt.txt", b"Scanned receipt: paid by card at the counter.\n"),
)
_CONTRACT = b"Framework agreement: prices valid for twelve months.\n"


def _file(builder: CompanyBuilder, entity_set: str, rng_name: str, **values: object) -> Row:
    rng = builder.rng(rng_name)
    name, content = _NOTES[rng.randrange(len(_NOTES))]
    return builder.row(
        entity_set,
        id=new_id(rng),
        fileName=name,
        byteSize=len(content),
        attachmentContent=base64.b64encode(content).decode("ascii"),
        lastModifiedDateTime=builder.setup_time(rng),
        **values,
    )


def attachments(
    builder: CompanyBuilder,
    sales_invoices: list[Row],
    purchase_invoices: list[Row],
    customers: list[Row],
) -> dict[str, list[Row]]:
    """One note on each of the first sales and purchase invoices, the same as a document
    attachment, and a contract on the first customer."""
    files: list[Row] = []
    documents: list[Row] = []
    for kind, invoices in (
        ("Sales_x0020_Invoice", sales_invoices),
        ("Purchase_x0020_Invoice", purchase_invoices),
    ):
        for i, invoice in enumerate(invoices[:3]):
            parent = {"parentId": invoice["id"], "parentType": kind}
            files.append(_file(builder, "attachments", f"attachment/{kind}/{i}", **parent))
            documents.append(
                _file(builder, "documentAttachments", f"document/{kind}/{i}", **parent)
            )
    if customers:
        rng = builder.rng("document/customer")
        documents.append(
            builder.row(
                "documentAttachments",
                id=new_id(rng),
                fileName="framework-agreement.txt",
                byteSize=len(_CONTRACT),
                attachmentContent=base64.b64encode(_CONTRACT).decode("ascii"),
                parentId=customers[0]["id"],
                parentType="Customer",
                documentFlowSales=True,
                lastModifiedDateTime=builder.setup_time(rng),
            )
        )
    return {"attachments": files, "documentAttachments": documents}
