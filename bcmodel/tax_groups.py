from bcmodel.enums import TAX_TYPE
from bcmodel.fields import code, datetime, enum, key, text
from bcmodel.model import Entity, Watch

# From a temporary buffer table in BC: no webhooks, so it is polled.
TAX_GROUP = Entity(
    name="taxGroup",
    entity_set="taxGroups",
    default_order=("code",),
    title="Tax Group",
    watch=Watch.POLL,
    # A tax group is keyed by its code.
    required=("code",),
    fields=(
        key(),
        code("code", 20),
        text("displayName", 100),
        enum("taxType", TAX_TYPE, read_only=True),
        datetime(),
    ),
)
