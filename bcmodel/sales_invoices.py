from bcmodel.enums import SALES_INVOICE_STATUS
from bcmodel.fields import (
    address,
    code,
    date,
    datetime,
    decimal,
    dimension_fields,
    enum,
    guid,
    key,
    text,
)
from bcmodel.line_amounts import total_fields
from bcmodel.logic import Logic
from bcmodel.model import Action, Entity, GraphQL, NumberSeries, Relation, Watch
from bcmodel.relations import (
    attachments,
    dimension_set_lines,
    document_attachments,
    pdf_document,
    shipment_method,
)
from bcmodel.sales_documents import contact_fields, customer_fields, terms_fields

# BC's page APIV2SalesInvoices (page 30012) over the Sales Invoice Entity Aggregate:
# drafts (Sales Header) and posted invoices (Sales Invoice Header) in one list.
SALES_INVOICE = Entity(
    name="salesInvoice",
    entity_set="salesInvoices",
    default_order=("number",),
    title="Sales Header",
    table="Sales Invoice Entity Aggregate",
    description="A sales invoice: a bill to a customer, as a draft that can change and be "
    "posted, or posted (BC lists both together).",
    watch=Watch.WEBHOOK,
    actions=(
        Action(
            "post",
            "postSalesInvoice",
            invalidates=("customers", "accounts"),
            description="Posts a draft invoice (BC's Microsoft.NAV.post): BC numbers it from "
            "the posted invoices' series, writes its ledger entries and raises the customer's "
            "balance; returns it posted.",
            record="The id of the draft invoice to post.",
        ),
        Action(
            "send",
            "sendSalesInvoice",
            description="Emails the invoice to the customer (BC's Microsoft.NAV.send), a draft "
            "or a posted one; BC refuses when there is no address to send it to.",
            record="The id of the invoice to send.",
        ),
        Action(
            "cancel",
            "cancelSalesInvoice",
            invalidates=("customers", "accounts", "salesCreditMemos"),
            description="Cancels a posted invoice (BC's Microsoft.NAV.cancel): BC posts a "
            "corrective credit memo for all of it, which lowers the customer's balance again, "
            "and the invoice becomes CANCELED.",
            record="The id of the posted invoice to cancel.",
        ),
        Action(
            "postAndSend",
            "postAndSendSalesInvoice",
            invalidates=("customers", "accounts"),
            description="Posts a draft invoice and emails it to the customer (BC's "
            "Microsoft.NAV.postAndSend): BC commits the posting before sending, so when there "
            "is no address to send to, the invoice stays posted and the mutation fails with "
            "BC's refusal.",
            record="The id of the draft invoice to post and send.",
        ),
        Action(
            "cancelAndSend",
            "cancelAndSendSalesInvoice",
            invalidates=("customers", "accounts", "salesCreditMemos"),
            description="Cancels a posted invoice as cancelSalesInvoice does and emails the "
            "cancellation to the customer (BC's Microsoft.NAV.cancelAndSend): BC commits the "
            "cancellation before sending, so when there is no address to send to, the "
            "invoice stays CANCELED and the mutation fails with BC's refusal.",
            record="The id of the posted invoice to cancel.",
        ),
        Action(
            "makeCorrectiveCreditMemo",
            "makeCorrectiveCreditMemoSalesInvoice",
            invalidates=("salesCreditMemos", "salesCreditMemoLines"),
            result="salesCreditMemos",
            description="Makes a draft credit memo for the whole of a posted invoice, applied "
            "to it (BC's Microsoft.NAV.makeCorrectiveCreditMemo): its lines are copied and the "
            "invoice is left as it is until the memo is posted; BC refuses an invoice that is "
            "paid, credited or canceled, in whole or in part. Returns the new credit memo.",
            record="The id of the posted invoice to correct.",
        ),
    ),
    invalidates=("salesInvoiceLines",),
    children_change_while=("status", "Draft"),
    required_one_of=("customerId", "customerNumber"),
    graphql=GraphQL(
        several="sales invoices, drafts and posted",
        create_description="Creates a draft invoice and returns it as BC stored it; with "
        "`lines`, one call to BC creates them all.",
        create_input="A new draft invoice, for the customer given by customerId or "
        "customerNumber; BC fills in the customer's addresses, currency and payment terms, "
        "numbers it and computes its totals from its lines.",
        update_input="Lines change one by one.",
    ),
    # Drafts are numbered here; posting renumbers from the posted invoices' series.
    number_series=NumberSeries("number", first="102001"),
    logic=Logic.SALES_INVOICE,
    fields=(
        key(
            "BC's id of the invoice. It stays the same when the invoice is posted; the "
            "single-record queries and the mutations take it."
        ),
        code(
            "number",
            20,
            read_only=True,
            description="The invoice's number (BC's No.): a draft's from the draft series, a "
            "posted invoice's from the posted series.",
        ),
        code(
            "externalDocumentNumber",
            35,
            description="The customer's own number for the sale (BC's External Document No.).",
        ),
        date(
            "invoiceDate",
            description="The invoice's date (BC's Document Date); BC computes the due date "
            "from it.",
        ),
        date("postingDate", description="The date the invoice is posted on, or will be."),
        date(
            "dueDate",
            description="When the invoice must be paid; BC computes it from the invoice date "
            "and the payment terms unless it is given.",
        ),
        text(
            "customerPurchaseOrderReference",
            35,
            description="The customer's purchase order reference (BC's Your Reference).",
        ),
        *customer_fields("invoice"),
        text("shipToName", 100, description="The name of whoever receives the goods."),
        text("shipToContact", 100, description="The contact who receives the goods."),
        *address("sellTo", "the sell-to customer's"),
        *address("billTo", "the bill-to customer's", read_only=True),
        *address("shipTo", "the ship-to"),
        *dimension_fields("invoice"),
        guid(
            "orderId",
            read_only=True,
            description="The id of the sales order the invoice was made from, if any.",
        ),
        code(
            "orderNumber",
            20,
            read_only=True,
            description="The number of the sales order the invoice was made from, if any.",
        ),
        *terms_fields("invoice"),
        decimal(
            "remainingAmount",
            read_only=True,
            description="What is still to be paid: a draft's total, a posted invoice's open "
            "amount, 0 once canceled.",
        ),
        *total_fields("invoice"),
        enum(
            "status",
            SALES_INVOICE_STATUS,
            read_only=True,
            description="Where the invoice is in its life: DRAFT until posted, then OPEN "
            "until paid, CANCELED once a corrective credit memo cancels it.",
        ),
        datetime(),
        *contact_fields("invoice"),
    ),
    relations=(
        attachments("invoice"),
        document_attachments("invoice"),
        pdf_document("invoice"),
        Relation(
            "customer",
            "customers",
            "customerId",
            nav="customer",
            description="The customer the invoice is for. Read in the invoice's own call to "
            "BC when selected with it.",
            checked=True,
        ),
        Relation(
            "paymentTerm",
            "paymentTerms",
            "paymentTermsId",
            nav="paymentTerm",
            description="The invoice's payment terms; null when it has none.",
            checked=True,
        ),
        Relation(
            "currency",
            "currencies",
            "currencyId",
            nav="currency",
            description="The invoice's currency; null for the local currency.",
            checked=True,
        ),
        shipment_method("invoice's"),
        Relation(
            "lines",
            "salesInvoiceLines",
            "id",
            "documentId",
            many=True,
            nav="salesInvoiceLines",
            contained=True,
            description="The invoice's lines, in `sequence` order. Read in the invoice's own "
            "call to BC ($expand) when selected with it.",
            created="Lines created with the invoice, in one call to BC (a deep insert); left "
            "out or null: none.",
        ),
        dimension_set_lines("invoice's", "Sales Invoice"),
    ),
)
