"""BC's enum "Attachment Entity Buffer Document Type" (enum 135 of the base application):
the kind of record an attachment, a document attachment or a PDF belongs to, AL member
names in the order BC numbers them."""

from bcmodel.edm import EnumType

ATTACHMENT_PARENT_TYPE = EnumType(
    "attachmentEntityBufferDocumentType",
    (
        " ",
        "Journal",
        "Sales Order",
        "Sales Quote",
        "Sales Credit Memo",
        "Sales Invoice",
        "Purchase Invoice",
        "Purchase Order",
        "Employee",
        "Job",
        "Item",
        "Customer",
        "Vendor",
        "Purchase Credit Memo",
        "Customer Statement",
    ),
    "The kind of record a file is attached to (or a PDF printed from).",
    (
        "None: a file of an incoming document, or a journal line's or G/L entry's.",
        "A general journal line.",
        "A sales order.",
        "A sales quote.",
        "A sales credit memo.",
        "A sales invoice.",
        "A purchase invoice.",
        "A purchase order.",
        "An employee.",
        "A project (BC's Job).",
        "An item.",
        "A customer.",
        "A vendor.",
        "A purchase credit memo.",
        "A customer statement.",
    ),
    graphql="AttachmentParentType",
)

# The master records BC's attachments page refuses (ParentTypeNotSupportedErr): their
# files go through documentAttachments.
MASTER_PARENT_TYPES = ("Employee", "Job", "Item", "Customer", "Vendor")
