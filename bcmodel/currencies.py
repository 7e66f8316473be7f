from bcmodel.fields import code, datetime, decimal, key, text
from bcmodel.model import Entity, Watch

# BC's page APIV2Currencies (page 30019) over the Currency table: plain master data.
CURRENCY = Entity(
    name="currency",
    entity_set="currencies",
    default_order=("code",),
    title="Currency",
    description="A foreign currency the company trades in (BC's Currency card); the "
    "company's local currency is not one of them.",
    watch=Watch.WEBHOOK,
    # The Currency table is keyed by its code, which the page shows as mandatory.
    required=("code",),
    table_key="code",
    fields=(
        key(),
        code(
            "code",
            10,
            description="The currency's code, such as EUR, unique in the company and "
            "required; vendors and documents name it in currencyCode. Changing it renames "
            "the currency.",
        ),
        text(
            "displayName",
            30,
            description="The currency's name, such as Euro (BC's Description).",
        ),
        text("symbol", 10, description="The currency's symbol, such as €."),
        text(
            "amountDecimalPlaces",
            5,
            description="How many decimal places BC shows amounts in the currency with, "
            "as minimum:maximum, such as 2:2 (BC's Amount Decimal Places).",
        ),
        decimal(
            "amountRoundingPrecision",
            description="What BC rounds invoice totals in the currency to, such as 0.01 "
            "(BC's Invoice Rounding Precision).",
        ),
        datetime(),
    ),
)
