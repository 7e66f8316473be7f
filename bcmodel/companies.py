from bcmodel.fields import datetime, guid, int64, key, text
from bcmodel.model import Entity, GraphQL

COMPANY = Entity(
    name="company",
    entity_set="companies",
    default_order=("name",),
    title="Company",
    company_scoped=False,
    insertable=False,
    updatable=False,
    deletable=False,
    graphql=GraphQL(get=None),
    fields=(
        key(),
        text("systemVersion", read_only=True),
        int64("timestamp", read_only=True),
        text("name", 30, read_only=True),
        text("displayName", 250, read_only=True),
        text("businessProfileId", 250, read_only=True),
        datetime("systemCreatedAt"),
        guid("systemCreatedBy", read_only=True),
        datetime("systemModifiedAt"),
        guid("systemModifiedBy", read_only=True),
    ),
)
