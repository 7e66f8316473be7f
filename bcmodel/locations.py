from bcmodel.fields import code, country, datetime, email, key, text
from bcmodel.model import Entity, GraphQL, Watch

# BC's page APIV2Locations (page 30076) over the Location table.
LOCATION = Entity(
    name="location",
    entity_set="locations",
    default_order=("code",),
    title="Location",
    description="A location: a warehouse, store or other place that holds inventory (BC's "
    "Location); document lines name where goods arrive or leave.",
    watch=Watch.WEBHOOK,
    # The Location table is keyed by its code (NotBlank in BC).
    required=("code",),
    table_key="code",
    # `Location` is a DOM global: a generated TypeScript type of that name would shadow it.
    graphql=GraphQL(type="InventoryLocation", create_input="A new location; `code` is required."),
    fields=(
        key(),
        code(
            "code",
            10,
            description="The location's code, such as MAIN, unique in the company and "
            "required; changing it renames the location.",
        ),
        text("displayName", 100, description="The location's name (BC's Name)."),
        text("contact", 100, description="The person to contact at the location."),
        text("addressLine1", 100, description="The first line of the location's address."),
        text("addressLine2", 50, description="The second line of the location's address."),
        text("city", 30, description="The location's city."),
        text("state", 30, description="The location's state, province or county (BC's County)."),
        country(description="The location's country/region code, such as US."),
        code("postalCode", 20, description="The location's postal code (BC's Post Code)."),
        text("phoneNumber", 30, description="The location's phone number."),
        email("email", description="The location's email address."),
        text("website", 80, description="The location's website (BC's Home Page)."),
        datetime(),
    ),
)
