from bcmodel.attachment_enums import ATTACHMENT_PARENT_TYPE
from bcmodel.fields import enum, guid, stream
from bcmodel.logic import Logic
from bcmodel.model import Entity, GraphQL

# BC's page APIV2PDFDocument (page 30056): a document printed as PDF on request, into the
# temporary Attachment Entity Buffer. Read-only; BC generates it only for a document it is
# given (parentId and parentType, which the document's `pdfDocument` part supplies), so it
# is read under its document, never by its own id. Its id is the document's.
PDF_DOCUMENT = Entity(
    name="pdfDocument",
    entity_set="pdfDocument",
    default_order=("id",),
    title="PDF Document",
    description="A sales or purchase document printed as PDF by BC, on request.",
    insertable=False,
    updatable=False,
    deletable=False,
    etag=False,
    logic=Logic.PDF_DOCUMENT,
    reached_under=(
        ("Sales Invoice", "salesInvoices"),
        ("Sales Quote", "salesQuotes"),
        ("Sales Credit Memo", "salesCreditMemos"),
        ("Purchase Invoice", "purchaseInvoices"),
        ("Purchase Credit Memo", "purchaseCreditMemos"),
    ),
    graphql=GraphQL(
        get=None,
        the_one="the PDF document",
        a_new="a PDF document",
        several="PDF documents",
        list_description="The PDF of the documents a filter names: BC prints one only for "
        "a given document, so the filter must name parentId and parentType (each document's "
        "pdfDocument field reads its own).",
        non_null=("parentId", "parentType"),
    ),
    fields=(
        guid("id", read_only=True, description="The document's id (the PDF has no id of its own)."),
        guid("parentId", read_only=True, description="The id of the document printed."),
        enum(
            "parentType",
            ATTACHMENT_PARENT_TYPE,
            read_only=True,
            description="The kind of document printed.",
        ),
        stream(
            "pdfDocumentContent",
            read_only=True,
            description="The PDF's bytes, which BC prints when they are read: at the "
            "record's path plus /pdfDocumentContent, never in its JSON.",
        ),
    ),
)
