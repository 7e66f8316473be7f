from bcmodel.enums import VENDOR_BLOCKED
from bcmodel.fields import (
    boolean,
    code,
    country,
    datetime,
    decimal,
    email,
    enum,
    guid,
    key,
    phone,
    text,
)
from bcmodel.logic import Logic
from bcmodel.model import Entity, GraphQL, NumberSeries, Relation, Watch
from bcmodel.relations import default_dimensions, document_attachments

VENDOR = Entity(
    name="vendor",
    entity_set="vendors",
    default_order=("number",),
    title="Vendor",
    description="A vendor: a company or person the company buys from (BC's Vendor card).",
    watch=Watch.WEBHOOK,
    graphql=GraphQL(
        create_input="A new vendor; BC's number series numbers it unless `number` is given."
    ),
    table_key="number",
    number_series=NumberSeries("number", first="V00010"),
    # No deleting a vendor with outstanding purchase invoices.
    logic=Logic.VENDOR,
    fields=(
        key(),
        code(
            "number",
            20,
            description="The vendor's number (BC's No.), unique in the company. Left out on "
            "create, BC's number series assigns one; changing it renames the vendor.",
        ),
        text("displayName", 100, description="The vendor's name (BC's Name)."),
        text("addressLine1", 100, description="The first line of the vendor's address."),
        text("addressLine2", 50, description="The second line of the vendor's address."),
        text("city", 30, description="The vendor's city."),
        text("state", 30, description="The vendor's state, province or county (BC's County)."),
        country(description="The vendor's country/region code, such as US."),
        code("postalCode", 20, description="The vendor's postal code (BC's Post Code)."),
        phone("phoneNumber", description="The vendor's phone number."),
        email("email", description="The vendor's email address."),
        text("website", 255, description="The vendor's website (BC's Home Page)."),
        text(
            "taxRegistrationNumber",
            20,
            description="The vendor's tax registration number (BC's VAT Registration No.; "
            "in Belgium its Enterprise No.).",
        ),
        guid(
            "currencyId",
            description="The id of the currency the vendor bills in; none means the "
            "company's local currency. Setting it sets currencyCode too.",
        ),
        code(
            "currencyCode",
            10,
            description="The code of the currency the vendor bills in, such as EUR; BC "
            "shows the local currency's code when the vendor bills in it. It must agree "
            "with currencyId when both are given.",
        ),
        code(
            "irs1099Code",
            10,
            description="The vendor's IRS 1099 code (in the US; empty elsewhere).",
        ),
        guid(
            "paymentTermsId",
            description="The id of the vendor's payment terms (the `paymentTerm` field "
            "reads them).",
        ),
        guid(
            "paymentMethodId",
            description="The id of the vendor's payment method (the `paymentMethod` field "
            "reads it).",
        ),
        boolean("taxLiable", description="Whether the vendor is liable for sales tax."),
        enum(
            "blocked",
            VENDOR_BLOCKED,
            description="Which transactions the vendor is blocked for.",
        ),
        decimal(
            "balance",
            read_only=True,
            description="What the company owes the vendor, in local currency (BC's "
            "Balance (LCY), computed from the vendor's ledger entries).",
        ),
        datetime(),
    ),
    relations=(
        Relation(
            "paymentTerm",
            "paymentTerms",
            "paymentTermsId",
            nav="paymentTerm",
            description="The vendor's payment terms; null when it has none. Read in the "
            "vendor's own call to BC when selected with it.",
            checked=True,
        ),
        Relation(
            "currency",
            "currencies",
            "currencyId",
            nav="currency",
            description="The currency the vendor bills in; null for the company's local "
            "currency. Read in the vendor's own call to BC when selected with it.",
            checked=True,
        ),
        Relation(
            "paymentMethod",
            "paymentMethods",
            "paymentMethodId",
            nav="paymentMethod",
            description="How the company pays the vendor; null when no method is set. Read "
            "in the vendor's own call to BC when selected with it.",
            checked=True,
        ),
        # BC has no vendor -> invoices navigation: a query on purchaseInvoices.
        Relation(
            "purchaseInvoices",
            "purchaseInvoices",
            "id",
            "vendorId",
            many=True,
            description="The vendor's purchase invoices, drafts and posted.",
        ),
        default_dimensions("vendor's"),
        document_attachments("vendor"),
    ),
)
