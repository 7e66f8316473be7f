from bcmodel.fields import code, enum, guid, text
from bcmodel.logic import Logic
from bcmodel.model import Entity, GraphQL, Relation, Watch
from bcmodel.organisation_enums import DIMENSION_SET_PARENT_TYPE

# BC's page APIV2DimensionSetLines (page 30022) over the temporary Dimension Set Entry
# Buffer: a document's dimension set, loaded from it for each request and saved back to
# it (a new Dimension Set ID) on each write. Declared here under purchase invoices, the
# `dimensionSetLines` part of their page (Parent Type = Purchase Invoice).
#
# BC keys the page by the dimension's id (ODataKeyFields = "Dimension Id"): a line's `id`
# is unique only within its document, so lines live under their invoice, are never read
# by id alone, and two invoices' DEPARTMENT lines share an id.
DIMENSION_SET_LINE = Entity(
    name="dimensionSetLine",
    entity_set="dimensionSetLines",
    default_order=("parentId", "code"),
    title="Dimension Set Line",
    description="A dimension of a record's dimension set and its value, such as "
    "DEPARTMENT = SALES on a sales invoice, an order line, a journal line or a G/L entry. "
    "Its id is the dimension's: unique only within its record (parentId).",
    parent="invoice",
    parent_kind="parentType",
    watch=Watch.PARENT,
    # Found by id or code; the value by valueId or valueCode; saved into the document.
    logic=Logic.DIMENSION_SET_LINE,
    # BC finds the dimension by id or code; GraphQL's create input names it by code (the
    # id is the key, which inputs leave out).
    required=("code",),
    fixed=("code",),
    # BC saves the set into its record: the record (its etag, its global dimension codes)
    # changes with each write.
    invalidates=(
        "salesQuotes",
        "salesQuoteLines",
        "salesOrders",
        "salesOrderLines",
        "salesInvoices",
        "salesInvoiceLines",
        "salesCreditMemos",
        "salesCreditMemoLines",
        "purchaseInvoices",
        "purchaseInvoiceLines",
        "purchaseOrders",
        "purchaseOrderLines",
        "purchaseCreditMemos",
        "purchaseCreditMemoLines",
        "journalLines",
    ),
    graphql=GraphQL(
        get=None,
        a_new="a dimension set line of a record",
        list_description="A page of the dimension set lines of one or more records, "
        "filtered and sorted as asked. BC lists them only for given records: a filter "
        "without a condition on parentId is BAD_USER_INPUT (SalesInvoice."
        "dimensionSetLines and the other records' dimensionSetLines read one record's). A "
        "line's id is its dimension's, so the same id appears under several records.",
        create_input="A new dimension set line: a dimension by id or code, and its value "
        "by valueId or valueCode.",
        update_input="Only the value can change; the dimension cannot.",
        kind_description="DimensionSetLine records of purchase invoices. BC has no webhook "
        "for them: bcgraph compares an invoice's lines when BC notifies a change to the "
        "invoice.",
        non_null=("parentId", "code"),
    ),
    fields=(
        guid(
            "id",
            description="The id of the dimension (BC keys the line by it): unique within "
            "the document, not across documents, so a cache that keeps one object per "
            "__typename and id must key DimensionSetLine by parentId and id (Apollo's "
            "keyFields, urql's keys). Given on create, BC finds the dimension by it; the "
            "update and delete mutations take it with the line's parent (parentId and "
            "parentType, or invoiceId).",
        ),
        code(
            "code",
            20,
            description="The dimension's code, such as DEPARTMENT; it must agree with id "
            "when both are given, and it never changes.",
        ),
        code(
            "consolidationCode",
            20,
            read_only=True,
            description="The dimension's consolidation code.",
        ),
        guid(
            "parentId",
            read_only=True,
            description="The id of the record the line belongs to; parentType says which "
            "kind of record it is.",
        ),
        enum(
            "parentType",
            DIMENSION_SET_PARENT_TYPE,
            read_only=True,
            description="The kind of record the line belongs to, as the record's page "
            "links its dimensionSetLines.",
        ),
        text(
            "displayName",
            30,
            read_only=True,
            description="The dimension's name, as BC looks it up.",
        ),
        guid(
            "valueId",
            description="The id of the dimension's value on the document; BC sets valueCode "
            "from it.",
        ),
        code(
            "valueCode",
            20,
            description="The code of the dimension's value, such as SALES; it must agree "
            "with valueId when both are given.",
        ),
        code(
            "valueConsolidationCode",
            20,
            read_only=True,
            description="The value's consolidation code.",
        ),
        text(
            "valueDisplayName",
            50,
            read_only=True,
            description="The value's name, as BC looks it up.",
        ),
    ),
    relations=(
        Relation(
            "invoice",
            "purchaseInvoices",
            "parentId",
            description="The purchase invoice the line belongs to; null when it belongs to "
            "another kind of record.",
        ),
    ),
)
