from bcmodel.fields import boolean, code, date_formula, datetime, decimal, key, text
from bcmodel.model import Entity, GraphQL, Watch

PAYMENT_TERM = Entity(
    name="paymentTerm",
    entity_set="paymentTerms",
    default_order=("code",),
    title="Payment Terms",
    description="Payment terms: when an invoice falls due, and what discount paying early "
    "earns (BC's Payment Terms).",
    watch=Watch.WEBHOOK,
    # BC refuses payment terms without a code (their key in BC's UI).
    required=("code",),
    graphql=GraphQL(
        the_one="the payment terms",
        a_new="payment terms",
        create_input="New payment terms; `code` is required.",
    ),
    table_key="code",
    fields=(
        key(),
        code(
            "code",
            10,
            description="The payment terms' code, such as 30 DAYS, unique in the company. "
            "Required; changing it renames the payment terms.",
        ),
        text(
            "displayName",
            100,
            description="What the payment terms are, such as Net 30 days (BC's Description).",
        ),
        date_formula(
            "dueDateCalculation",
            description="How BC computes an invoice's due date from its date, as a BC date "
            "formula: 10D (ten days later), 1M (a month later), CM (the end of that "
            "month), CM+1M; empty for none.",
        ),
        date_formula(
            "discountDateCalculation",
            description="How BC computes the last date that earns the payment discount, as "
            "a date formula like dueDateCalculation; empty for none.",
        ),
        decimal(
            "discountPercent",
            description="The payment discount, in percent of the invoice amount, for paying "
            "by the discount date (BC's Discount %).",
        ),
        boolean(
            "calculateDiscountOnCreditMemos",
            description="Whether the payment discount applies to credit memos too (BC's "
            "Calc. Pmt. Disc. on Cr. Memos).",
        ),
        datetime(),
    ),
)
