from bcmodel.fields import code, datetime, enum, guid, key
from bcmodel.logic import Logic
from bcmodel.model import Entity, GraphQL, Relation, Watch
from bcmodel.organisation_enums import DEFAULT_DIMENSION_PARENT_TYPE, VALUE_POSTING

# BC's page APIV2DefaultDimensions (page 30054) over the Default Dimension table: at the
# API root of the company and as the `defaultDimensions` part of the customer, vendor,
# item and employee pages (bcmodel.relations.default_dimensions), which link it by
# ParentId. BC's table key is (Table ID, No., Dimension Code): one default per dimension
# and parent.
DEFAULT_DIMENSION = Entity(
    name="defaultDimension",
    entity_set="defaultDimensions",
    default_order=("parentType", "parentId", "dimensionCode"),
    title="Default Dimension",
    description="A default dimension: the value of a dimension that BC puts on the "
    "documents and journal lines of a customer, vendor, item or employee, and what BC "
    "requires of it when they are posted.",
    watch=Watch.WEBHOOK,
    # The parent and the dimension (and the value, if any) must exist and agree.
    logic=Logic.DEFAULT_DIMENSION,
    # BC finds the dimension by its id: a new default dimension needs one.
    required=("dimensionId",),
    # BC's OnRename refuses to move a default dimension to another dimension or parent
    # kind; its parent is its key too.
    fixed=("parentType", "parentId", "dimensionId"),
    graphql=GraphQL(
        create_input="A new default dimension of the record given by parentType and "
        "parentId, for the dimension dimensionId, with the value dimensionValueId or none.",
        update_input="The value and the posting rule can change; the parent and the "
        "dimension cannot.",
        non_null=("parentId", "dimensionId"),
    ),
    fields=(
        key(),
        enum(
            "parentType",
            DEFAULT_DIMENSION_PARENT_TYPE,
            description="The kind of record the default dimension belongs to. BC refuses "
            "to create one without it unless it is created under its parent.",
        ),
        guid(
            "parentId",
            description="The id of the customer, vendor, item or employee the default "
            "dimension belongs to; it must be one of parentType's kind.",
        ),
        guid(
            "dimensionId",
            description="The id of the dimension; BC sets dimensionCode from it.",
        ),
        code(
            "dimensionCode",
            20,
            read_only=True,
            description="The code of the dimension, such as DEPARTMENT, as BC filled it in.",
        ),
        guid(
            "dimensionValueId",
            description="The id of the default value, a value of the dimension; the empty "
            "GUID for no value. BC sets dimensionValueCode from it.",
        ),
        code(
            "dimensionValueCode",
            20,
            read_only=True,
            description="The code of the default value, such as SALES, as BC filled it in; "
            "empty for no value.",
        ),
        enum(
            "postingValidation",
            VALUE_POSTING,
            description="What BC requires of the dimension when the parent's documents are "
            "posted (BC's Value Posting).",
        ),
        datetime(),
    ),
    relations=(
        Relation(
            "dimension",
            "dimensions",
            "dimensionId",
            description="The dimension. Read with one query on dimensions for the page's "
            "default dimensions.",
        ),
        Relation(
            "dimensionValue",
            "dimensionValues",
            "dimensionValueId",
            description="The default value; null when there is none. Read with one query "
            "on dimension values for the page's default dimensions.",
        ),
    ),
)
