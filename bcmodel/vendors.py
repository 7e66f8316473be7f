from bcmodel.enums import VENDOR_BLOCKED
from bcmodel.fields import boolean, code, datetime, decimal, enum, guid, key, text
from bcmodel.model import Entity, Relation, Watch

VENDOR = Entity(
    name="vendor",
    entity_set="vendors",
    default_order=("number",),
    title="Vendor",
    watch=Watch.WEBHOOK,
    fields=(
        key(),
        code("number", 20),
        text("displayName", 100),
        text("addressLine1", 100),
        text("addressLine2", 50),
        text("city", 30),
        text("state", 30),
        code("country", 10),
        code("postalCode", 20),
        text("phoneNumber", 30),
        text("email", 80),
        text("website", 255),
        text("taxRegistrationNumber", 20),
        guid("currencyId"),
        code("currencyCode", 10),
        code("irs1099Code", 10),
        guid("paymentTermsId"),
        guid("paymentMethodId"),
        boolean("taxLiable"),
        enum("blocked", VENDOR_BLOCKED),
        decimal("balance", read_only=True),
        datetime(),
    ),
    relations=(
        Relation("paymentTerm", "paymentTerms", "paymentTermsId", nav="paymentTerm"),
        # BC has no vendor -> invoices navigation: a query on purchaseInvoices.
        Relation("purchaseInvoices", "purchaseInvoices", "id", "vendorId", many=True),
    ),
)
