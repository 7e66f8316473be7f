from bcmodel.fields import code, datetime, key, text
from bcmodel.model import Entity, GraphQL, Watch

# BC's page APIV2PaymentMethods (page 30020) over the Payment Method table.
PAYMENT_METHOD = Entity(
    name="paymentMethod",
    entity_set="paymentMethods",
    default_order=("code",),
    title="Payment Method",
    description="A payment method: how the company pays or is paid, such as by bank "
    "transfer or check (BC's Payment Method); vendors name one.",
    watch=Watch.WEBHOOK,
    required=("code",),
    table_key="code",
    graphql=GraphQL(create_input="A new payment method; `code` is required."),
    fields=(
        key(),
        code(
            "code",
            10,
            description="The payment method's code, such as BANK, unique in the company and "
            "required; changing it renames the payment method.",
        ),
        text(
            "displayName",
            100,
            description="What the payment method is, such as Bank transfer (BC's Description).",
        ),
        datetime(),
    ),
)
