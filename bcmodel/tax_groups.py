from bcmodel.enums import TAX_TYPE
from bcmodel.fields import code, datetime, enum, key, text
from bcmodel.model import Entity, GraphQL, Watch

# From a temporary buffer table in BC: no webhooks, so it is polled.
TAX_GROUP = Entity(
    name="taxGroup",
    entity_set="taxGroups",
    default_order=("code",),
    title="Tax Group",
    description="A tax group: how a kind of item or service is taxed. A Tax Group in "
    "sales-tax countries (such as the US), a VAT Product Posting Group in VAT countries.",
    watch=Watch.POLL,
    # A tax group is keyed by its code.
    required=("code",),
    graphql=GraphQL(create_input="A new tax group; `code` is required."),
    table_key="code",
    fields=(
        key(),
        code(
            "code",
            20,
            description="The tax group's code, unique in the company and required; invoice "
            "lines name it in taxCode.",
        ),
        text("displayName", 100, description="What the tax group is (BC's Description)."),
        enum(
            "taxType",
            TAX_TYPE,
            read_only=True,
            # BC reads tax groups from Tax Group (sales-tax countries) or VAT Product
            # Posting Group (VAT countries): the company decides the type.
            company_wide=True,
            description="Which tax system the group belongs to.",
        ),
        datetime(),
    ),
)
