"""BC's enum types of the purchase orders, credit memos and receipts (AL member names,
decoded), each member with what it means."""

from bcmodel.edm import EnumType


def _enum(name: str, description: str, members: dict[str, str], graphql: str) -> EnumType:
    return EnumType(name, tuple(members), description, tuple(members.values()), graphql)


PURCHASE_ORDER_STATUS = _enum(
    "purchaseOrderEntityBufferStatus",
    "Where a purchase order is in its life: a draft until released.",
    {
        "Draft": "Open for changes (BC's Open): `receiveAndInvoicePurchaseOrder` posts it.",
        "In Review": "Waiting for approval in an approval workflow.",
        "Open": "Released: approved and ready to be received.",
    },
    graphql="PurchaseOrderStatus",
)
PURCHASE_CREDIT_MEMO_STATUS = _enum(
    "purchaseCrMemoEntityBufferStatus",
    "Where a purchase credit memo is in its life: a draft until posted, then open until used.",
    {
        " ": "No status.",
        "Draft": "Not posted yet: it can still change, and `postPurchaseCreditMemo` posts it.",
        "In Review": "Waiting for approval in an approval workflow.",
        "Open": "Posted and not yet fully applied.",
        "Paid": "Posted and fully applied.",
        "Canceled": "Posted, then canceled by a corrective invoice.",
        "Corrective": "Posted to cancel a posted invoice.",
    },
    graphql="PurchaseCreditMemoStatus",
)
# A posted receipt line's Type is the Purchase Line's own enum, not the API's line type.
PURCHASE_LINE_TYPE = _enum(
    "purchaseLineType",
    "What a posted purchase line is for (BC's Type).",
    {
        " ": "Text only: a comment.",
        "G/L Account": "A G/L account.",
        "Item": "An item.",
        "Resource": "A resource, such as a person's time or a machine.",
        "Fixed Asset": "A fixed asset.",
        "Charge (Item)": "An item charge, such as freight, that adds to the cost of items.",
        "Allocation Account": "An allocation account, which spreads the amount over "
        "other accounts.",
    },
    graphql="PurchaseReceiptLineType",
)
