from bcmodel.edm import Edm, Field, Lookup
from bcmodel.enums import CONTACT_TYPE
from bcmodel.fields import boolean, code, country, date, datetime, email, enum, key, phone, text
from bcmodel.logic import Logic
from bcmodel.model import Entity, GraphQL, NumberSeries, Watch
from bcmodel.organisation_enums import CONTACT_BUSINESS_RELATION

# BC's page APIV2Contacts (page 30071) over the Contact table.
CONTACT = Entity(
    name="contact",
    entity_set="contacts",
    default_order=("number",),
    title="Contact",
    description="A contact: a company or a person the company deals with (BC's Contact card).",
    watch=Watch.WEBHOOK,
    table_key="number",
    # Marketing Setup's Contact Nos. series numbers a new contact.
    number_series=NumberSeries("number", first="CT000010"),
    # The page refuses a contact without a name, with its own messages.
    logic=Logic.CONTACT,
    graphql=GraphQL(
        create_input="A new contact; it needs a displayName, and BC's number series numbers "
        "it unless `number` is given."
    ),
    fields=(
        key(),
        code(
            "number",
            20,
            description="The contact's number (BC's No.), unique in the company. Left out on "
            "create, BC's number series assigns one; changing it renames the contact.",
        ),
        enum("type", CONTACT_TYPE, description="Whether the contact is a company or a person."),
        text(
            "displayName",
            100,
            description="The contact's name (BC's Name). BC refuses a contact without one.",
        ),
        Field(
            "companyNumber",
            Edm.STRING,
            max_length=20,
            code=True,
            # Contact's TableRelation = Contact where(Type = const(Company)).
            lookup=Lookup("contacts", "Contact", key="number", where=(("type", "Company"),)),
            caption="Company No.",
            description="The number of the company contact a person works for (BC's "
            "Company No.); empty for a company. BC refuses one that names no company contact.",
        ),
        text(
            "companyName",
            100,
            description="The name of the company a person works for (BC's Company Name).",
        ),
        enum(
            "contactBusinessRelation",
            CONTACT_BUSINESS_RELATION,
            # Contact's field is Editable = false, which the page's control inherits.
            read_only=True,
            description="What business the company has with the contact (customer, vendor "
            "and so on), as BC derives it from the contact's links; read-only.",
        ),
        text("addressLine1", 100, description="The first line of the contact's address."),
        text("addressLine2", 50, description="The second line of the contact's address."),
        text("city", 30, description="The contact's city."),
        text("state", 30, description="The contact's state, province or county (BC's County)."),
        country(description="The contact's country/region code, such as US."),
        code("postalCode", 20, description="The contact's postal code (BC's Post Code)."),
        phone("phoneNumber", description="The contact's phone number."),
        phone(
            "mobilePhoneNumber",
            caption="Mobile Phone No.",
            description="The contact's mobile phone number.",
        ),
        email(
            "email",
            description="The contact's email address; BC refuses text that is not an email "
            "address.",
        ),
        text("website", 255, description="The contact's website (BC's Home Page)."),
        code(
            "searchName",
            100,
            description="The name BC searches the contact by; BC uppercases it.",
        ),
        boolean(
            "privacyBlocked",
            description="Whether the contact is blocked for privacy reasons: BC keeps the "
            "contact out of new transactions.",
        ),
        text(
            "taxRegistrationNumber",
            50,
            description="The contact's tax registration number (BC's VAT Registration No.; "
            "in Belgium its Enterprise No.).",
        ),
        date(
            "lastInteractionDate",
            read_only=True,
            description="The date of the last interaction with the contact that BC logged.",
        ),
        datetime(),
    ),
)
