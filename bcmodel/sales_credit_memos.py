from bcmodel.enums import SALES_CREDIT_MEMO_STATUS
from bcmodel.fields import address, code, date, datetime, dimension_fields, enum, guid, key
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

# BC's page APIV2SalesCreditMemos (page 30038) over the Sales Cr. Memo Entity Buffer:
# drafts and posted credit memos in one list.
SALES_CREDIT_MEMO = Entity(
    name="salesCreditMemo",
    entity_set="salesCreditMemos",
    default_order=("number",),
    title="Sales Header",
    table="Sales Cr. Memo Entity Buffer",
    description="A sales credit memo: money the company credits a customer (returns, "
    "corrections), as a draft that can change and be posted, or posted.",
    watch=Watch.WEBHOOK,
    actions=(
        Action(
            "post",
            "postSalesCreditMemo",
            # Applied to an invoice, it lowers what remains open of that invoice.
            invalidates=("customers", "accounts", "salesInvoices"),
            description="Posts a draft credit memo (BC's Microsoft.NAV.post): BC numbers it "
            "from the posted credit memos' series, writes its ledger entries and lowers the "
            "customer's balance; returns it posted.",
            record="The id of the draft credit memo to post.",
        ),
        Action(
            "postAndSend",
            "postAndSendSalesCreditMemo",
            invalidates=("customers", "accounts", "salesInvoices"),
            description="Posts a draft credit memo as postSalesCreditMemo does and emails it "
            "to the customer (BC's Microsoft.NAV.postAndSend): BC commits the posting before "
            "sending, so when there is no address to send to, the memo stays posted and the "
            "mutation fails with BC's refusal.",
            record="The id of the draft credit memo to post and send.",
        ),
        Action(
            "send",
            "sendSalesCreditMemo",
            description="Emails a posted credit memo to the customer (BC's "
            "Microsoft.NAV.send); BC refuses a draft, and a posted memo when there is no "
            "address to send it to (a canceled one is sent later, from BC's job queue).",
            record="The id of the posted credit memo to send.",
        ),
        Action(
            "cancel",
            "cancelSalesCreditMemo",
            invalidates=("customers", "accounts", "salesInvoices", "salesInvoiceLines"),
            description="Cancels a corrective credit memo, one that canceled an invoice (BC's "
            "Microsoft.NAV.cancel): BC posts a corrective invoice for all of it, the canceled "
            "invoice is open again and the memo becomes CANCELED. BC refuses any other memo.",
            record="The id of the corrective credit memo to cancel.",
        ),
        Action(
            "cancelAndSend",
            "cancelAndSendSalesCreditMemo",
            invalidates=("customers", "accounts", "salesInvoices", "salesInvoiceLines"),
            description="Cancels a corrective credit memo as cancelSalesCreditMemo does and "
            "has BC email the cancellation from its job queue (BC's "
            "Microsoft.NAV.cancelAndSend).",
            record="The id of the corrective credit memo to cancel.",
        ),
    ),
    invalidates=("salesCreditMemoLines",),
    children_change_while=("status", "Draft"),
    required_one_of=("customerId", "customerNumber"),
    graphql=GraphQL(
        several="sales credit memos, drafts and posted",
        create_description="Creates a draft credit memo and returns it as BC stored it; with "
        "`lines`, one call to BC creates them all.",
        create_input="A new draft credit memo, for the customer given by customerId or "
        "customerNumber; BC fills in the customer's addresses, currency and payment terms, "
        "numbers it and computes its totals from its lines.",
        update_input="Lines change one by one.",
    ),
    number_series=NumberSeries("number", first="1001"),
    logic=Logic.SALES_CREDIT_MEMO,
    fields=(
        key(
            "BC's id of the credit memo. It stays the same when it is posted; the "
            "single-record queries and the mutations take it."
        ),
        code(
            "number",
            20,
            read_only=True,
            description="The credit memo's number (BC's No.): a draft's from the draft "
            "series, a posted one's from the posted series.",
        ),
        code(
            "externalDocumentNumber",
            35,
            description="The customer's own number for the credit (BC's External Document No.).",
        ),
        date(
            "creditMemoDate",
            description="The credit memo's date (BC's Document Date); BC computes the due "
            "date from it.",
        ),
        date("postingDate", description="The date the credit memo is posted on, or will be."),
        date(
            "dueDate",
            description="When the credit falls due; BC computes it from the credit memo date "
            "and the payment terms unless it is given.",
        ),
        *customer_fields("credit memo"),
        *address("sellTo", "the sell-to customer's"),
        *address("billTo", "the bill-to customer's"),
        *dimension_fields("credit memo"),
        *terms_fields("credit memo"),
        *total_fields("credit memo"),
        enum(
            "status",
            SALES_CREDIT_MEMO_STATUS,
            read_only=True,
            description="Where the credit memo is in its life: DRAFT until posted, then OPEN; "
            "CORRECTIVE when BC posted it to cancel an invoice.",
        ),
        datetime(),
        guid(
            "invoiceId",
            description="The id of the posted sales invoice the credit memo applies to "
            "(BC's Applies-to Doc. No., by id), if any.",
        ),
        code(
            "invoiceNumber",
            20,
            description="The number of the posted sales invoice the credit memo applies to, "
            "if any.",
        ),
        *contact_fields("credit memo"),
        guid(
            "customerReturnReasonId",
            description="The id of the reason code for the return, if any.",
        ),
    ),
    relations=(
        attachments("credit memo"),
        document_attachments("credit memo"),
        pdf_document("credit memo"),
        Relation(
            "customer",
            "customers",
            "customerId",
            nav="customer",
            description="The customer the credit memo is for. Read in the credit memo's own "
            "call to BC when selected with it.",
            checked=True,
        ),
        Relation(
            "paymentTerm",
            "paymentTerms",
            "paymentTermsId",
            nav="paymentTerm",
            description="The credit memo's payment terms; null when it has none.",
            checked=True,
        ),
        Relation(
            "currency",
            "currencies",
            "currencyId",
            nav="currency",
            description="The credit memo's currency; null for the local currency.",
            checked=True,
        ),
        # BC has no navigation to the invoice: a lookup on salesInvoices.
        Relation(
            "invoice",
            "salesInvoices",
            "invoiceId",
            description="The posted sales invoice the credit memo applies to; null when none.",
        ),
        shipment_method("credit memo's"),
        Relation(
            "lines",
            "salesCreditMemoLines",
            "id",
            "documentId",
            many=True,
            nav="salesCreditMemoLines",
            contained=True,
            description="The credit memo's lines, in `sequence` order. Read in the credit "
            "memo's own call to BC ($expand) when selected with it.",
            created="Lines created with the credit memo, in one call to BC (a deep insert); "
            "left out or null: none.",
        ),
        dimension_set_lines("credit memo's", "Sales Credit Memo"),
    ),
)
