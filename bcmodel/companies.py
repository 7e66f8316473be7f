from bcmodel.fields import datetime, guid, int64, key, text
from bcmodel.model import Entity, GraphQL, Listing

COMPANY = Entity(
    name="company",
    entity_set="companies",
    default_order=("name",),
    title="Company",
    description="A BC company the connection can reach.",
    company_scoped=False,
    insertable=False,
    updatable=False,
    deletable=False,
    graphql=GraphQL(
        get=None,
        listing=Listing.ALL,
        list_description="The companies the user's Business Central connection can reach.",
        non_null=("name",),
    ),
    fields=(
        key("BC's id of the company: what `companyId` arguments take."),
        text(
            "systemVersion",
            read_only=True,
            description="The version of BC serving the company, such as 21.2.49946.51685.",
        ),
        int64(
            "timestamp",
            read_only=True,
            description="The company record's row version in BC; it grows with each change.",
        ),
        text(
            "name",
            30,
            read_only=True,
            description="The company's name, which is its key in BC, such as CRONUS US.",
        ),
        text(
            "displayName",
            250,
            read_only=True,
            description="The company's display name, such as CRONUS USA, Inc.",
        ),
        text(
            "businessProfileId",
            250,
            read_only=True,
            description="The id of the company's business profile; empty when it has none.",
        ),
        datetime("systemCreatedAt", description="When the company was created in BC."),
        guid(
            "systemCreatedBy",
            read_only=True,
            description="The id of the BC user who created the company.",
        ),
        datetime("systemModifiedAt", description="When the company record last changed."),
        guid(
            "systemModifiedBy",
            read_only=True,
            description="The id of the BC user who last changed the company record.",
        ),
    ),
)
