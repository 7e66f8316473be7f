from bcmodel.fields import code, country, date, datetime, email, key, text
from bcmodel.model import Entity, GraphQL, Watch

# BC's page APIV2CompanyInformation (page 30011) over the Company Information table: one
# record per company, which BC lets a client read and change but not add or delete.
COMPANY_INFORMATION = Entity(
    name="companyInformation",
    entity_set="companyInformation",
    default_order=("id",),
    title="Company Information",
    description="The company's own details: its name, address, contact data and tax "
    "registration (BC's Company Information). Each company has exactly one.",
    watch=Watch.WEBHOOK,
    insertable=False,
    deletable=False,
    graphql=GraphQL(
        type="CompanyInformation",
        # The list field is the set's name, so the get-by-id field would take the same
        # name: the one record is read as the list's only node instead.
        get=None,
        the_one="the company information",
        a_new="a company information record",
        several="company information",
        list_description="The company's information, as BC's entity set has it: a page "
        "that always holds exactly one node (BC keeps one record per company; there is no "
        "get-by-id field, since the list is the record).",
        update_input="BC keeps one record per company: it can be changed, not added or deleted.",
        non_null=("displayName",),
    ),
    fields=(
        key(),
        text("displayName", 100, description="The company's name (BC's Name)."),
        text("addressLine1", 100, description="The first line of the company's address."),
        text("addressLine2", 50, description="The second line of the company's address."),
        text("city", 30, description="The company's city."),
        text("state", 30, description="The company's state, province or county (BC's County)."),
        country(description="The company's country/region code, such as US."),
        code("postalCode", 20, description="The company's postal code (BC's Post Code)."),
        text("phoneNumber", 30, description="The company's phone number."),
        text("faxNumber", 30, description="The company's fax number."),
        email(
            "email",
            description="The company's email address; BC refuses text that is not an email "
            "address.",
        ),
        text("website", 80, description="The company's website (BC's Home Page)."),
        text(
            "taxRegistrationNumber",
            50,
            description="The company's tax registration number (BC's VAT Registration No.; "
            "in Belgium its Enterprise No.).",
        ),
        code(
            "currencyCode",
            10,
            read_only=True,
            description="The company's local currency, such as USD (General Ledger Setup's "
            "LCY Code).",
        ),
        date(
            "currentFiscalYearStartDate",
            read_only=True,
            description="The first day of the current fiscal year (the last accounting "
            "period that starts a new fiscal year).",
        ),
        text(
            "industry",
            30,
            description="The company's industry (BC's Industrial Classification).",
        ),
        text(
            "experience",
            description="The BC user experience the company runs with, such as Essential or "
            "Premium.",
        ),
        datetime(),
    ),
)
