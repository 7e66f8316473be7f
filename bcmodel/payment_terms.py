from bcmodel.fields import boolean, code, datetime, decimal, key, text
from bcmodel.model import Entity, Watch

PAYMENT_TERM = Entity(
    name="paymentTerm",
    entity_set="paymentTerms",
    default_order=("code",),
    title="Payment Terms",
    watch=Watch.WEBHOOK,
    # BC refuses payment terms without a code (their key in BC's UI).
    required=("code",),
    fields=(
        key(),
        code("code", 10),
        text("displayName", 100),
        # AL DateFormula text: `10D`, `1M`, `CM`, `CM+1M`, or "".
        text("dueDateCalculation", 32),
        text("discountDateCalculation", 32),
        decimal("discountPercent"),
        boolean("calculateDiscountOnCreditMemos"),
        datetime(),
    ),
)
