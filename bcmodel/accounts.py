from bcmodel.enums import ACCOUNT_CATEGORY, ACCOUNT_TYPE
from bcmodel.fields import boolean, code, datetime, decimal, enum, key, text
from bcmodel.model import Entity, Watch

ACCOUNT = Entity(
    name="account",
    entity_set="accounts",
    default_order=("number",),
    title="G/L Account",
    watch=Watch.WEBHOOK,
    insertable=False,
    updatable=False,
    deletable=False,
    fields=(
        key(),
        code("number", 20, read_only=True),
        text("displayName", 100, read_only=True),
        enum("category", ACCOUNT_CATEGORY, read_only=True),
        text("subCategory", 80, read_only=True),
        boolean("blocked", read_only=True),
        enum("accountType", ACCOUNT_TYPE, read_only=True),
        boolean("directPosting", read_only=True),
        decimal("netChange", read_only=True),
        # BC's wire form of this AL option is unconfirmed; the docs call it a string.
        text("consolidationTranslationMethod", read_only=True),
        code("consolidationDebitAccount", 20, read_only=True),
        code("consolidationCreditAccount", 20, read_only=True),
        boolean("excludeFromConsolidation", read_only=True),
        datetime(),
    ),
)
