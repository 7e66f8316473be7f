"""BC's payment journals, customer and vendor alike: a Gen. Journal Batch of the API's
payments template (APIV2CustPaymJournals, APIV2VendPaymJournals) and its lines, the
payments (APIV2CustomerPayments, APIV2VendorPayments). The two pairs differ only in the
party, so their declarations are built here and each entity set's module names one."""

from dataclasses import dataclass
from typing import Any

from bcmodel.fields import code, date, datetime, decimal, guid, integer, key, text
from bcmodel.logic import Logic
from bcmodel.model import GraphQL, Relation, Watch


@dataclass(frozen=True)
class Party:
    """Who a payment journal pays or is paid by, in its entities' names and wording."""

    party: str  # customer
    parties: str  # customers: the party's entity set
    invoices: str  # salesInvoices: the posted invoices a payment applies to
    journal_name: str  # customerPaymentJournal
    journal_set: str  # customerPaymentJournals
    payment_name: str  # customerPayment
    payment_set: str  # customerPayments
    template: str  # CASHRCPT: BC's default template of the journals
    direction: str  # "received from the customer"
    sign: str  # what the amount's sign means for the party
    # The party's `blocked` values that refuse a payment line (CheckBlockedCustOnJnls,
    # CheckBlockedVendOnJnls: All, and a vendor's Payment for a Payment document).
    blocked_by: tuple[str, ...] = ("All",)


CUSTOMER = Party(
    "customer",
    "customers",
    "salesInvoices",
    "customerPaymentJournal",
    "customerPaymentJournals",
    "customerPayment",
    "customerPayments",
    "CASHRCPT",
    "received from a customer",
    "negative: BC posts a customer payment as a credit to the customer",
)
VENDOR = Party(
    "vendor",
    "vendors",
    "purchaseInvoices",
    "vendorPaymentJournal",
    "vendorPaymentJournals",
    "vendorPayment",
    "vendorPayments",
    "PAYMENT",
    "made to a vendor",
    "positive: BC posts a vendor payment as a debit to the vendor",
    blocked_by=("Payment", "All"),
)


def payment_journal(p: Party) -> dict[str, Any]:
    """The declaration's arguments: `NAME = Entity(**payment_journal(CUSTOMER))`."""
    return dict(
        name=p.journal_name,
        entity_set=p.journal_set,
        default_order=("code",),
        title="Gen. Journal Batch",
        description=f"A {p.party} payment journal: a batch of the {p.template} journal "
        f"template holding payments {p.direction} until it is posted (through "
        "postJournal, BC's journals action, which posts any batch by its id).",
        watch=Watch.WEBHOOK,
        required=("code",),
        table_key="code",
        logic=Logic.PAYMENT_JOURNAL,
        graphql=GraphQL(
            the_one=f"the {p.party} payment journal",
            a_new=f"a {p.party} payment journal",
            several=f"{p.party} payment journals",
            create_input=f"A new {p.party} payment journal, named by its code; BC puts it "
            f"in the {p.template} template.",
        ),
        fields=(
            key(),
            code(
                "code",
                10,
                description="The batch's name (BC's Name), unique in its template; BC "
                "uppercases it.",
            ),
            text("displayName", 100, description="The batch's description."),
            datetime(),
            guid(
                "balancingAccountId",
                description="The id of the G/L account the payments are balanced by (the "
                "bank or cash account); empty: none.",
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
                "payments",
                p.payment_set,
                "id",
                "journalId",
                many=True,
                nav=p.payment_set,
                contained=True,
                description=f"The journal's {p.party} payments, in lineNumber order. Read in "
                "the journal's own call to BC ($expand) when selected with it.",
                created="Payments created with the journal, in one call to BC (a deep "
                "insert); left out or null: none.",
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


def payment(p: Party) -> dict[str, Any]:
    """The declaration's arguments: `NAME = Entity(**payment(CUSTOMER))`."""
    by = f"BC fills in the {p.party}'s number from its id and the id from its number."
    applies = (
        f"BC fills in the number from the id and the id from the number; the {p.party} "
        "is taken from the invoice when none is given. Posting the payment closes that much "
        "of the invoice."
    )
    return dict(
        name=p.payment_name,
        entity_set=p.payment_set,
        default_order=("journalId", "lineNumber"),
        title="Gen. Journal Line",
        description=f"A payment {p.direction}: a line of a {p.party} payment journal, "
        "posted with its journal.",
        parent="journal",
        watch=Watch.PARENT,
        # BC refuses to change it (the page's trigger); a create's is the journal's anyway.
        fixed=("journalDisplayName",),
        logic=Logic.PAYMENT,
        graphql=GraphQL(
            a_new=f"a {p.party} payment",
            list_description=f"A page of the payments of one or more {p.party} payment "
            "journals, filtered and sorted as asked. BC lists payments only for given "
            "journals: a filter without a condition on journalId is BAD_USER_INPUT.",
            create_input=f"A new {p.party} payment: the {p.party}, a date, an amount and "
            "the invoice it pays.",
            kind_description=f"{p.payment_name[:1].upper()}{p.payment_name[1:]} records. BC "
            "has no webhook for payments: bcgraph compares a journal's payments when BC "
            "notifies a change to the journal.",
            non_null=("journalId",),
        ),
        fields=(
            key(),
            guid(
                "journalId",
                description="The id of the payment's journal: a payment created outside its "
                "journal names it; it cannot change.",
            ),
            code(
                "journalDisplayName",
                10,
                description="The code of the payment's journal (BC's Journal Batch Name); it "
                "cannot change.",
            ),
            integer(
                "lineNumber",
                description="The payment's number in its journal (BC's Line No.); BC numbers "
                "a new one in steps of 10000 unless it is given.",
            ),
            guid(f"{p.party}Id", description=f"The id of the {p.party}. {by}"),
            code(f"{p.party}Number", 20, description=f"The number of the {p.party}. {by}"),
            date(
                "postingDate",
                description="The date the payment posts on; BC gives a new one today's date.",
            ),
            code(
                "documentNumber",
                20,
                description="The document number the entries get (BC's Document No.).",
            ),
            code(
                "externalDocumentNumber",
                35,
                description="The payment's number at the other party.",
            ),
            decimal("amount", description=f"The amount paid; {p.sign}."),
            guid(
                "appliesToInvoiceId",
                description=f"The id of the posted invoice the payment pays. {applies}",
            ),
            code(
                "appliesToInvoiceNumber",
                20,
                description=f"The number of the posted invoice the payment pays. {applies}",
            ),
            text("description", 100, description="What the payment is for."),
            text("comment", 250, description="A comment on the payment."),
            datetime(),
        ),
        relations=(
            Relation(
                "journal",
                p.journal_set,
                "journalId",
                description="The journal the payment belongs to.",
            ),
            Relation(
                p.party,
                p.parties,
                f"{p.party}Id",
                description=f"The {p.party} of the payment; null when none is set.",
            ),
            Relation(
                "appliesToInvoice",
                p.invoices,
                "appliesToInvoiceId",
                description="The posted invoice the payment pays; null when none.",
            ),
        ),
    )
