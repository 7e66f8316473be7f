from bcmodel.fields import (
    address,
    boolean,
    code,
    date,
    datetime,
    dimension_fields,
    enum,
    guid,
    key,
)
from bcmodel.line_amounts import total_fields
from bcmodel.logic import Logic
from bcmodel.model import Action, Entity, GraphQL, NumberSeries, Relation, Watch
from bcmodel.purchase_documents import (
    header_relations,
    pay_to_fields,
    terms_fields,
    vendor_fields,
)
from bcmodel.purchase_enums import PURCHASE_CREDIT_MEMO_STATUS
from bcmodel.relations import attachments, dimension_set_lines, document_attachments, pdf_document

# BC's page APIV2PurchaseCreditMemos (page 30083) over the Purch. Cr. Memo Entity Buffer:
# drafts and posted credit memos in one list.
PURCHASE_CREDIT_MEMO = Entity(
    name="purchaseCreditMemo",
    entity_set="purchaseCreditMemos",
    default_order=("number",),
    title="Purchase Header",
    table="Purch. Cr. Memo Entity Buffer",
    description="A purchase credit memo: money a vendor credits the company (returns, "
    "corrections), as a draft that can change and be posted, or posted.",
    watch=Watch.WEBHOOK,
    actions=(
        Action(
            "post",
            "postPurchaseCreditMemo",
            invalidates=("vendors", "accounts", "generalLedgerEntries"),
            description="Posts a draft credit memo (BC's Microsoft.NAV.post): BC numbers it "
            "from the posted credit memos' series, writes its ledger entries and lowers what "
            "the company owes the vendor; returns it posted.",
            record="The id of the draft credit memo to post.",
        ),
        Action(
            "cancel",
            "cancelPurchaseCreditMemo",
            invalidates=("vendors", "accounts", "generalLedgerEntries", "purchaseInvoices"),
            description="Cancels a corrective credit memo, one that canceled a purchase "
            "invoice (BC's Microsoft.NAV.cancel). BC refuses a draft, a canceled memo and any "
            "memo that is not corrective; BC's API cancels no purchase invoice, so no memo "
            "made through it is corrective.",
            record="The id of the corrective credit memo to cancel.",
        ),
    ),
    invalidates=("purchaseCreditMemoLines",),
    children_change_while=("status", "Draft"),
    required_one_of=("vendorId", "vendorNumber"),
    graphql=GraphQL(
        several="purchase credit memos, drafts and posted",
        create_description="Creates a draft credit memo and returns it as BC stored it; with "
        "`lines`, one call to BC creates them all.",
        create_input="A new draft credit memo, from the vendor given by vendorId or "
        "vendorNumber; BC fills in the vendor's addresses, currency and payment terms, "
        "numbers it and computes its totals from its lines.",
        update_input="Lines change one by one.",
    ),
    number_series=NumberSeries("number", first="1001"),
    logic=Logic.PURCHASE_CREDIT_MEMO,
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
        *vendor_fields("credit memo"),
        code(
            "vendorCreditMemoNumber",
            35,
            description="The vendor's own number for the credit memo (BC's Vendor Cr. Memo "
            "No.); BC requires it for posting.",
        ),
        *pay_to_fields(),
        *address("buyFrom", "the buy-from vendor's"),
        *address("payTo", "the pay-to vendor's"),
        *dimension_fields("credit memo"),
        *terms_fields("credit memo"),
        boolean(
            "pricesIncludeTax",
            read_only=True,
            description="Whether the lines' unit costs include tax (BC's Prices Including VAT).",
        ),
        *total_fields("credit memo"),
        enum(
            "status",
            PURCHASE_CREDIT_MEMO_STATUS,
            read_only=True,
            description="Where the credit memo is in its life: DRAFT until posted, then OPEN.",
        ),
        datetime(),
        guid(
            "invoiceId",
            description="The id of the posted purchase invoice the credit memo applies to "
            "(BC's Applies-to Doc. No., by id), if any.",
        ),
        code(
            "invoiceNumber",
            20,
            description="The number of the posted purchase invoice the credit memo applies "
            "to, if any.",
        ),
        guid(
            "vendorReturnReasonId",
            description="The id of the reason code for the return, if any.",
        ),
    ),
    relations=(
        attachments("credit memo"),
        document_attachments("credit memo"),
        pdf_document("credit memo"),
        *header_relations("credit memo", "purchaseCreditMemoLines", "purchaseCreditMemoLines"),
        # BC has no navigation to the invoice: a lookup on purchaseInvoices.
        Relation(
            "invoice",
            "purchaseInvoices",
            "invoiceId",
            description="The posted purchase invoice the credit memo applies to; null when none.",
        ),
        dimension_set_lines("credit memo's", "Purchase Credit Memo"),
    ),
)
