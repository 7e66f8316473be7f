from bcmodel.edm import Edm, Field, encode_name
from bcmodel.enums import ADDRESS_FORMAT
from bcmodel.fields import code, datetime, key, text
from bcmodel.model import Entity, GraphQL, Watch

# BC's page APIV2CountriesRegions (page 30027) over the Country/Region table.
COUNTRY_REGION = Entity(
    name="countryRegion",
    entity_set="countriesRegions",
    default_order=("code",),
    title="Country/Region",
    description="A country or region that addresses name (BC's Country/Region); vendors, "
    "locations and documents name one by its code.",
    watch=Watch.WEBHOOK,
    required=("code",),
    table_key="code",
    graphql=GraphQL(
        several="countries/regions",
        create_input="A new country/region; `code` is required.",
    ),
    fields=(
        key(),
        code(
            "code",
            10,
            description="The country/region's code, such as US or GB, unique in the company "
            "and required; addresses name it in their country field.",
        ),
        text("displayName", 50, description="The country/region's name (BC's Name)."),
        Field(
            "addressFormat",
            Edm.ENUM,
            enum=ADDRESS_FORMAT,
            # The table's InitValue: a new country/region lays out city, then postal code.
            blank=encode_name("City+Post Code"),
            description="How BC lays out the city, county and postal code of addresses in "
            "the country/region.",
        ),
        datetime(),
    ),
)
