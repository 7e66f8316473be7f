from bcmodel.fields import code, datetime, guid, key, text
from bcmodel.logic import Logic
from bcmodel.model import Action, Entity, GraphQL, Relation, Watch

# BC's Gen. Journal Batch through APIV2Journals: the batches of the general journal
# template BC's API uses (GENERAL), each holding journal lines until it is posted.
JOURNAL = Entity(
    name="journal",
    entity_set="journals",
    default_order=("templateDisplayName", "code"),
    title="Gen. Journal Batch",
    description="A general journal batch: a named set of journal lines that are posted "
    "together to the general ledger.",
    watch=Watch.WEBHOOK,
    required=("code",),
    table_key="code",
    logic=Logic.JOURNAL,
    actions=(
        Action(
            "post",
            "postJournal",
            invalidates=(
                "accounts",
                "journalLines",
                "generalLedgerEntries",
                "customerPayments",
                "vendorPayments",
                "customers",
                "vendors",
                "salesInvoices",
                "purchaseInvoices",
            ),
            description="Posts the journal's lines (BC's Microsoft.NAV.post): each line's "
            "amount to its account and, against it, to its balancing account or the "
            "journal's; the posted lines are removed. Returns the journal. BC posts a "
            "customer or vendor payment journal the same way, by its id: its payments "
            "close the invoices they apply to and move the party's balance.",
            record="The id of the journal to post.",
        ),
    ),
    graphql=GraphQL(
        the_one="the journal",
        a_new="a journal",
        several="journals",
        create_input="A new journal batch, named by its code; BC puts it in the GENERAL template.",
    ),
    fields=(
        key(),
        code(
            "code",
            10,
            description="The batch's name (BC's Name), unique in its template; BC uppercases it.",
        ),
        text("displayName", 100, description="The batch's description."),
        code(
            "templateDisplayName",
            10,
            caption="Journal Template Name",
            description="The journal template the batch belongs to (BC's Journal Template "
            "Name); BC's API uses GENERAL.",
        ),
        datetime(),
        guid(
            "balancingAccountId",
            description="The id of the G/L account that balances the journal's lines that "
            "name no balancing account of their own; empty: none.",
        ),
        code(
            "balancingAccountNumber",
            20,
            read_only=True,
            description="The number of the balancing account; BC fills it in from "
            "balancingAccountId.",
        ),
    ),
    relations=(
        Relation(
            "lines",
            "journalLines",
            "id",
            "journalId",
            many=True,
            nav="journalLines",
            contained=True,
            description="The journal's lines, in lineNumber order. Read in the journal's own "
            "call to BC ($expand) when selected with it.",
            created="Lines created with the journal, in one call to BC (a deep insert); left "
            "out or null: none.",
        ),
        Relation(
            "balancingAccount",
            "accounts",
            "balancingAccountId",
            description="The journal's balancing G/L account; null when it has none.",
            checked=True,
        ),
    ),
)
