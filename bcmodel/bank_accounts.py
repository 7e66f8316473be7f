from bcmodel.fields import boolean, code, datetime, guid, key, text
from bcmodel.logic import Logic
from bcmodel.model import Entity, NumberSeries, Watch

# BC's page APIV2BankAccounts (page 30051) over the Bank Account table.
BANK_ACCOUNT = Entity(
    name="bankAccount",
    entity_set="bankAccounts",
    default_order=("number",),
    title="Bank Account",
    description="One of the company's bank accounts (BC's Bank Account card).",
    watch=Watch.WEBHOOK,
    table_key="number",
    # General Ledger Setup's Bank Account Nos. series numbers a new account.
    number_series=NumberSeries("number", first="B010"),
    # currencyCode and currencyId must name a currency, the same one.
    logic=Logic.BANK_ACCOUNT,
    fields=(
        key(),
        code(
            "number",
            20,
            description="The bank account's number in BC (BC's No.), unique in the company. "
            "Left out on create, BC's number series assigns one.",
        ),
        text("displayName", 100, description="The bank account's name (BC's Name)."),
        datetime(),
        text(
            "bankAccountNumber",
            30,
            description="The account's number at the bank (BC's Bank Account No.).",
        ),
        boolean("blocked", description="Whether the account is blocked: BC posts nothing to it."),
        code(
            "currencyCode",
            10,
            description="The code of the account's currency, such as EUR; BC shows the "
            "local currency's code for an account in it. It must name a currency, and agree "
            "with currencyId when both are given.",
        ),
        guid(
            "currencyId",
            description="Written: the id of the account's currency, which sets currencyCode. "
            "BC's page never reads it back: it is the empty GUID on every read (use "
            "currencyCode).",
        ),
        code("iban", 50, description="The account's international bank account number (IBAN)."),
        boolean(
            "intercompanyEnabled",
            description="Whether intercompany transactions may use the account.",
        ),
    ),
)
