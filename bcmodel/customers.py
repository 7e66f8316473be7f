from bcmodel.enums import CONTACT_TYPE, CUSTOMER_BLOCKED
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
    salesperson,
    text,
)
from bcmodel.logic import Logic
from bcmodel.model import Entity, GraphQL, NumberSeries, Relation, Watch
from bcmodel.relations import (
    default_dimensions,
    document_attachments,
    payment_method,
    shipment_method,
)

# BC's page APIV2Customers (page 30009) over the Customer table.
CUSTOMER = Entity(
    name="customer",
    entity_set="customers",
    default_order=("number",),
    title="Customer",
    description="A customer: a company or person the company sells to (BC's Customer card).",
    watch=Watch.WEBHOOK,
    graphql=GraphQL(
        create_input="A new customer; `displayName` is required, and BC's number series "
        "numbers it unless `number` is given."
    ),
    # The page refuses a customer without a name (`A "displayName" must be provided.`).
    required=("displayName",),
    table_key="number",
    number_series=NumberSeries("number", first="C00010"),
    # Currency kept in step with its code; no deleting a customer with open documents.
    logic=Logic.CUSTOMER,
    fields=(
        key(),
        code(
            "number",
            20,
            description="The customer's number (BC's No.), unique in the company. Left out on "
            "create, BC's number series assigns one; changing it renames the customer.",
        ),
        text(
            "displayName",
            100,
            description="The customer's name (BC's Name), shown on its sales documents. "
            "Required; BC refuses a blank one.",
        ),
        enum(
            "type",
            CONTACT_TYPE,
            description="Whether the customer is a company or a person (BC's Contact Type).",
        ),
        text("addressLine1", 100, description="The first line of the customer's address."),
        text("addressLine2", 50, description="The second line of the customer's address."),
        text("city", 30, description="The customer's city."),
        text("state", 30, description="The customer's state, province or county (BC's County)."),
        country(description="The customer's country/region code, such as US."),
        code("postalCode", 20, description="The customer's postal code (BC's Post Code)."),
        phone("phoneNumber", description="The customer's phone number."),
        email(
            "email",
            description="The customer's email address; sending a sales document mails it here.",
        ),
        text("website", 80, description="The customer's website (BC's Home Page)."),
        salesperson(
            "salespersonCode",
            description="The code of the salesperson in charge of the customer; BC refuses "
            "one that names no salesperson/purchaser.",
        ),
        decimal(
            "balanceDue",
            read_only=True,
            description="What the customer owes the company, in local currency (BC's "
            "Balance Due (LCY), from the customer's ledger entries): posting a sales invoice "
            "raises it, posting a credit memo lowers it.",
        ),
        decimal(
            "creditLimit",
            description="The most the customer may owe before BC warns on new sales "
            "(BC's Credit Limit (LCY)); 0 means no limit.",
        ),
        boolean("taxLiable", description="Whether the customer is liable for sales tax."),
        guid(
            "taxAreaId",
            description="The id of the customer's tax area (or VAT business "
            "posting group in VAT countries).",
        ),
        text(
            "taxAreaDisplayName",
            100,
            read_only=True,
            description="The name of the customer's tax area, as BC shows it.",
        ),
        text(
            "taxRegistrationNumber",
            20,
            description="The customer's tax registration number (BC's VAT Registration No.).",
        ),
        guid(
            "currencyId",
            description="The id of the currency the customer is billed in (the `currency` "
            "field reads it); none means the company's local currency. Setting it sets "
            "currencyCode too.",
        ),
        code(
            "currencyCode",
            10,
            description="The code of the currency the customer is billed in, such as EUR. It "
            "must agree with currencyId when both are given.",
        ),
        guid(
            "paymentTermsId",
            description="The id of the customer's payment terms (the `paymentTerm` field "
            "reads them); its sales invoices fall due by them.",
        ),
        guid("shipmentMethodId", description="The id of the customer's shipment method."),
        guid("paymentMethodId", description="The id of the customer's payment method."),
        enum(
            "blocked",
            CUSTOMER_BLOCKED,
            description="Which transactions the customer is blocked for.",
        ),
        datetime(),
    ),
    relations=(
        default_dimensions("customer's"),
        document_attachments("customer"),
        shipment_method("customer's"),
        payment_method("customer's"),
        Relation(
            "paymentTerm",
            "paymentTerms",
            "paymentTermsId",
            nav="paymentTerm",
            description="The customer's payment terms; null when it has none. Read in the "
            "customer's own call to BC when selected with it.",
            checked=True,
        ),
        Relation(
            "currency",
            "currencies",
            "currencyId",
            nav="currency",
            description="The currency the customer is billed in; null for the local "
            "currency. Read in the customer's own call to BC when selected with it.",
            checked=True,
        ),
        Relation(
            "financialDetail",
            "customerFinancialDetails",
            "id",
            nav="customerFinancialDetails",
            description="The customer's balance, sales and overdue amount. Read in the "
            "customer's own call to BC when selected with it.",
        ),
        Relation(
            "agedAccountsReceivable",
            "agedAccountsReceivables",
            "id",
            "customerId",
            nav="agedAccountsReceivable",
            description="What the customer owes by how long it has been due, as of today in "
            "periods of 30 days; null when it owes nothing. Read in the customer's own call to "
            "BC when selected with it.",
        ),
        # BC has no customer -> documents navigation: queries on the document sets.
        Relation(
            "salesInvoices",
            "salesInvoices",
            "id",
            "customerId",
            many=True,
            description="The customer's sales invoices, drafts and posted.",
        ),
        Relation(
            "salesCreditMemos",
            "salesCreditMemos",
            "id",
            "customerId",
            many=True,
            description="The customer's sales credit memos, drafts and posted.",
        ),
    ),
)
