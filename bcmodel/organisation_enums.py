"""BC's enum types of the organisation's entities (employees, contacts) and of dimensions,
AL member names in the order BC numbers them, each with what it means."""

from bcmodel.edm import EnumType


def _enum(name: str, description: str, members: dict[str, str], graphql: str = "") -> EnumType:
    return EnumType(name, tuple(members), description, tuple(members.values()), graphql)


EMPLOYEE_STATUS = _enum(
    "employeeStatus",
    "Whether an employee still works for the company.",
    {
        "Active": "Employed.",
        "Inactive": "Employed but not working now, such as on leave.",
        "Terminated": "No longer employed (see terminationDate).",
    },
)
# BC's enum "Contact Business Relation" (table Contact's field of that name); its member
# list is taken from the base application as it stands in BC 27.
CONTACT_BUSINESS_RELATION = _enum(
    "contactBusinessRelation",
    "What business the company has with a contact, as BC derives it from the contact's "
    "links to customers, vendors, bank accounts and employees.",
    {
        " ": "Not computed yet.",
        "None": "No business relation.",
        "Customer": "The contact is linked to a customer.",
        "Vendor": "The contact is linked to a vendor.",
        "Bank Account": "The contact is linked to a bank account.",
        "Employee": "The contact is linked to an employee.",
        "Multiple": "The contact is linked to records of more than one kind.",
        "Other": "A business relation of another kind.",
    },
)
DEFAULT_DIMENSION_PARENT_TYPE = _enum(
    "defaultDimensionParentType",
    "The kind of record a default dimension belongs to.",
    {
        " ": "No parent: BC refuses to create a default dimension without one.",
        "Customer": "A customer (parentId is the customer's id).",
        "Item": "An item (parentId is the item's id).",
        "Vendor": "A vendor (parentId is the vendor's id).",
        "Employee": "An employee (parentId is the employee's id).",
    },
)
VALUE_POSTING = _enum(
    "defaultDimensionValuePostingType",
    "What BC requires of the dimension when a document or journal line of the parent "
    "record is posted (BC's Value Posting).",
    {
        " ": "No rule: any value, or none.",
        "Code Mandatory": "A value of the dimension must be given, any value.",
        "Same Code": "The value must be the default dimension's own value (or none when "
        "it has none).",
        "No Code": "The dimension must have no value; the default dimension then has no "
        "value either.",
    },
    graphql="DefaultDimensionPostingValidation",
)
DIMENSION_SET_PARENT_TYPE = _enum(
    "dimensionSetEntryBufferParentType",
    "The kind of record a dimension set line belongs to.",
    {
        " ": "No parent.",
        "Journal Line": "A general journal line.",
        "Sales Order": "A sales order.",
        "Sales Order Line": "A line of a sales order.",
        "Sales Quote": "A sales quote.",
        "Sales Quote Line": "A line of a sales quote.",
        "Sales Credit Memo": "A sales credit memo.",
        "Sales Credit Memo Line": "A line of a sales credit memo.",
        "Sales Invoice": "A sales invoice.",
        "Sales Invoice Line": "A line of a sales invoice.",
        "Purchase Invoice": "A purchase invoice, draft or posted.",
        "Purchase Invoice Line": "A line of a purchase invoice.",
        "General Ledger Entry": "A G/L entry.",
        "Time Registration Entry": "A time registration entry.",
        "Sales Shipment": "A posted sales shipment.",
        "Sales Shipment Line": "A line of a posted sales shipment.",
        "Purchase Receipt": "A posted purchase receipt.",
        "Purchase Receipt Line": "A line of a posted purchase receipt.",
        "Purchase Order": "A purchase order.",
        "Purchase Order Line": "A line of a purchase order.",
        "Purchase Credit Memo": "A purchase credit memo.",
        "Purchase Credit Memo Line": "A line of a purchase credit memo.",
    },
    graphql="DimensionSetLineParentType",
)
