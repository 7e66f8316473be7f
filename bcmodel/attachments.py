from bcmodel.attachment_enums import ATTACHMENT_PARENT_TYPE
from bcmodel.edm import Edm, Field
from bcmodel.fields import datetime, enum, guid, key, stream, text
from bcmodel.logic import Logic
from bcmodel.model import Entity, GraphQL

CONTENT = (
    "The file's bytes. BC keeps them out of the record's JSON: they are read at the "
    "record's path plus /attachmentContent and written there with a PATCH of the raw body "
    "(If-Match: *), which sets byteSize."
)

# BC's page APIV2Attachments (page 30039) over the temporary Attachment Entity Buffer: the
# files of documents and journal lines, loaded from their tables for each request. BC
# refuses master records as parents (documentAttachments has them). A create makes the
# record from fileName, parentId and parentType; the content is uploaded after it.
ATTACHMENT = Entity(
    name="attachment",
    entity_set="attachments",
    default_order=("id",),
    title="Attachment",
    description="A file attached to a document or a journal line: its name and size; the "
    "bytes themselves are attachmentContent.",
    # parentType not master data; a bad file name becomes filename.txt; byteSize follows
    # the content.
    logic=Logic.ATTACHMENT,
    # BC's OnModifyRecord: 'You cannot change the value of the key field parentId.'
    fixed=("parentId", "parentType"),
    graphql=GraphQL(
        create_input="A new attachment of the document given by parentType and parentId; "
        "its content is uploaded after it (uploadAttachment does both).",
        update_input="Only the file name can change.",
        non_null=("fileName", "byteSize"),
    ),
    fields=(
        key(),
        guid(
            "parentId",
            description="The id of the document or journal line the file is attached to.",
        ),
        text(
            "fileName",
            250,
            description="The file's name, such as invoice.pdf; BC names a file whose name is "
            "not valid filename.txt.",
        ),
        Field(
            "byteSize",
            Edm.INT32,
            ignored_on_write=True,
            description="The content's length in bytes, as BC computes it from the content.",
        ),
        stream("attachmentContent", size="byteSize", description=CONTENT),
        datetime(description="When the file was attached (BC's Created Date-Time)."),
        enum(
            "parentType",
            ATTACHMENT_PARENT_TYPE,
            description="The kind of record the file is attached to; BC refuses Employee, "
            "Job, Item, Customer and Vendor here (documentAttachments takes them).",
        ),
    ),
)
