"""Relations several entities declare alike, built in one place so that giving another
entity one is a single line of its `relations`."""

from bcmodel.model import Relation


def default_dimensions(whose: str) -> Relation:
    """BC's `defaultDimensions` navigation of a customer, vendor, item or employee (a part
    of its API page linked by ParentId = SystemId): the default dimensions whose parentId
    is the record's id. `whose` names the record in the description ("vendor's")."""
    return Relation(
        "defaultDimensions",
        "defaultDimensions",
        "id",
        "parentId",
        many=True,
        nav="defaultDimensions",
        description=f"The {whose} default dimensions: the dimension values BC puts on "
        "documents and journal lines for it. Read in the record's own call to BC ($expand) "
        "when selected with it.",
        # BC's DimensionManagement deletes a record's default dimensions with it.
        cascade=True,
    )


def shipment_method(whose: str) -> Relation:
    """BC's `shipmentMethod` navigation, by the record's shipmentMethodId."""
    return Relation(
        "shipmentMethod",
        "shipmentMethods",
        "shipmentMethodId",
        nav="shipmentMethod",
        description=f"The {whose} shipment method; null when it has none. Read in the "
        "record's own call to BC when selected with it.",
        checked=True,
    )


def payment_method(whose: str) -> Relation:
    """BC's `paymentMethod` navigation, by the record's paymentMethodId."""
    return Relation(
        "paymentMethod",
        "paymentMethods",
        "paymentMethodId",
        nav="paymentMethod",
        description=f"The {whose} payment method; null when it has none. Read in the "
        "record's own call to BC when selected with it.",
        checked=True,
    )


def line_objects(moved: str) -> tuple[Relation, ...]:
    """What a document line names besides its account: BC's `item`, `unitOfMeasure`,
    `itemVariant` and `location` navigations of purchase and sales lines. `moved` says
    what the location does with the goods ("receives", "ships")."""
    return (
        Relation(
            "item",
            "items",
            "itemId",
            nav="item",
            description="The item of an item line; null on other lines.",
        ),
        Relation(
            "unitOfMeasure",
            "unitsOfMeasure",
            "unitOfMeasureId",
            nav="unitOfMeasure",
            description="The unit the quantity counts, on an item line; null otherwise.",
        ),
        Relation(
            "itemVariant",
            "itemVariants",
            "itemVariantId",
            nav="itemVariant",
            description="The variant of the item; null when the line names none.",
        ),
        Relation(
            "location",
            "locations",
            "locationId",
            nav="location",
            description=f"The location that {moved} the goods; null when the line names none.",
        ),
    )


def dimension_set_lines(whose: str, kind: str, *, writable: bool = True) -> Relation:
    """BC's `dimensionSetLines` part of a document, line or entry's API page, linked by
    "Parent Id" = SystemId and "Parent Type" = const(`kind`): the record's dimension set.
    `whose` names the record in the description ("invoice's"); `writable` is False where
    BC's page saves no set into the parent (posted entries, shipments, receipts)."""
    said = (
        f"The {whose} dimension set: each dimension and its value. Read in the record's own "
        "call to BC ($expand) when selected with it."
    )
    if not writable:
        said += " BC refuses to change it."
    return Relation(
        "dimensionSetLines",
        "dimensionSetLines",
        "id",
        "parentId",
        many=True,
        nav="dimensionSetLines",
        contained=True,
        description=said,
        kind=kind,
        # The dimension set goes with the record.
        cascade=writable,
    )


def attachments(whose: str) -> Relation:
    """BC's `attachments` part of a document (Document Id = the document's id, with its
    Document Type)."""
    return Relation(
        "attachments",
        "attachments",
        "id",
        "parentId",
        many=True,
        nav="attachments",
        description=f"The files attached to the {whose} (BC's attachments). Read in the "
        f"{whose}'s own call to BC ($expand) when selected with it; their content costs "
        "one call per file.",
    )


def document_attachments(whose: str) -> Relation:
    """BC's `documentAttachments` part of a document (Document Id = the document's id,
    with its Document Type)."""
    return Relation(
        "documentAttachments",
        "documentAttachments",
        "id",
        "parentId",
        many=True,
        nav="documentAttachments",
        description=f"The {whose}'s document attachments (BC's Document Attachment table). "
        f"Read in the {whose}'s own call to BC ($expand) when selected with it; their "
        "content costs one call per file.",
    )


def pdf_document(whose: str) -> Relation:
    """BC's `pdfDocument` part of a document: the document printed as PDF."""
    return Relation(
        "pdfDocument",
        "pdfDocument",
        "id",
        "parentId",
        nav="pdfDocument",
        description=f"The {whose} printed as PDF by BC. Read in the {whose}'s own call to BC "
        "when selected with it; its content costs one more call.",
    )
