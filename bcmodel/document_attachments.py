from bcmodel.attachment_enums import ATTACHMENT_PARENT_TYPE
from bcmodel.attachments import CONTENT
from bcmodel.edm import Edm, Field
from bcmodel.fields import boolean, datetime, enum, guid, key, stream, text
from bcmodel.logic import Logic
from bcmodel.model import Entity, GraphQL

# BC's page APIV2DocumentAttachments (page 30080) over the temporary Attachment Entity
# Buffer, loaded from the Document Attachment table: files of documents and of master
# records (customers, vendors, items, employees, projects). A create makes the record; the
# content is uploaded after it.
DOCUMENT_ATTACHMENT = Entity(
    name="documentAttachment",
    entity_set="documentAttachments",
    default_order=("id",),
    title="Document Attachment",
    description="A file attached to a document or a master record (BC's Document "
    "Attachment): its name, size and where it flows; the bytes are attachmentContent.",
    logic=Logic.DOCUMENT_ATTACHMENT,
    # The page marks parentId mandatory; BC files the attachment under its parent's table.
    required=("parentId",),
    fixed=("parentId", "parentType"),
    graphql=GraphQL(
        create_input="A new document attachment of the record given by parentType and "
        "parentId; its content is uploaded after it (uploadDocumentAttachment does both).",
        update_input="The file name, line number and flows can change; the parent cannot.",
        non_null=("fileName", "byteSize"),
    ),
    fields=(
        key(),
        text(
            "fileName",
            250,
            description="The file's name, such as contract.pdf; BC names a file whose name "
            "is not valid filename.txt.",
        ),
        Field(
            "byteSize",
            Edm.INT32,
            read_only=True,
            description="The content's length in bytes, as BC computes it from the content.",
        ),
        stream("attachmentContent", size="byteSize", description=CONTENT),
        enum(
            "parentType",
            ATTACHMENT_PARENT_TYPE,
            description="The kind of record the file is attached to.",
        ),
        guid(
            "parentId",
            description="The id of the record the file is attached to; required.",
        ),
        Field(
            "lineNumber",
            Edm.INT32,
            description="The document line the file belongs to; 0 for the whole record.",
        ),
        boolean(
            "documentFlowSales",
            description="Whether BC copies the file to sales documents made for the parent.",
        ),
        boolean(
            "documentFlowPurchase",
            description="Whether BC copies the file to purchase documents made for the parent.",
        ),
        datetime(description="When the file was attached (BC's Attached Date)."),
    ),
)
