"""BC's answer to a DELETE of a posted invoice or credit memo, through the API pages.

The pages (APIV2 - Sales Invoices, Purchase Invoices, Sales/Purchase Credit Memos) hand a
delete to their aggregator's PropagateOnDelete (`Sales Invoice Aggregator`, `Purch. Inv.
Aggregator`, `Sales Cr. Memo Aggregator`, `Purch. Cr. Memo Aggregator`), which for a posted
document deletes the posted header itself (`Sales Invoice Header.Delete(true)`, after
setting No. Printed). Its OnDelete trigger first asks `PostSales-Delete` (`PostPurch-Delete`)
.IsDocumentDeletionAllowed(Posting Date): the W1 document retention period allows it, then
`SalesSetup.TestField("Allow Document Deletion Before")`. That date is blank in a new
company (Contoso's setup leaves it; BC's own tests set it before deleting posted documents),
so the TestField refuses, naming the setup table by its caption and its key. The sandbox's
companies have no such date, so this is the answer to every such DELETE.
"""

from __future__ import annotations

from sandbox.errors import ODataError
from sandbox.rules.document_kinds import DocumentKind

# The side's setup table, by the entity set of the party its documents are with.
_SETUP = {"customers": "Sales & Receivables Setup", "vendors": "Purchases & Payables Setup"}


def refusal(kind: DocumentKind) -> ODataError:
    setup = _SETUP[kind.party.entity_set]
    return ODataError(
        400,
        "Application_FieldValidationException",
        f"Allow Document Deletion Before must have a value in {setup}: Primary Key=. "
        "It cannot be zero or empty.",
    )
