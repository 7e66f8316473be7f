"""Short constructors so entity files read like BC's property tables.

Every field says what it is (`description`): the GraphQL schema describes the field, its
filter, its sort order and its mutation inputs from that one text.
"""

from bcmodel.edm import Edm, EnumType, Field, Lookup, LookupVariant


def guid(name: str, *, description: str, read_only: bool = False) -> Field:
    return Field(name, Edm.GUID, read_only=read_only, description=description)


def text(
    name: str, length: int | None = None, *, description: str, read_only: bool = False
) -> Field:
    return Field(name, Edm.STRING, max_length=length, read_only=read_only, description=description)


def email(name: str, length: int = 80, *, description: str) -> Field:
    """An email address: BC refuses text that is not one."""
    return Field(name, Edm.STRING, max_length=length, email=True, description=description)


def phone(
    name: str,
    length: int = 30,
    *,
    description: str,
    caption: str = "Phone No.",
    error: str = "",
) -> Field:
    """A phone number: BC's table refuses one with a letter in it, with a FieldError on
    the field's caption, or with `error` where the table raises a message of its own."""
    return Field(
        name,
        Edm.STRING,
        max_length=length,
        phone=True,
        phone_error=error,
        caption=caption,
        description=description,
    )


def country(name: str = "country", *, description: str) -> Field:
    """A Country/Region Code: BC's TableRelation refuses a code no country/region has."""
    return Field(
        name,
        Edm.STRING,
        max_length=10,
        code=True,
        lookup=Lookup("countriesRegions", "Country/Region"),
        caption="Country/Region Code",
        description=description,
    )


# BC's Salesperson/Purchaser table. API v2.0 serves it (`salespeoplePurchasers`) only in
# later versions and bcgraph does not declare it, so the sandbox keeps its codes in a
# hidden table (seeded with the Contoso demo company's salespeople) that only this
# relation reads.
SALESPEOPLE_PURCHASERS = Lookup("_salespeoplePurchasers", "Salesperson/Purchaser")


def salesperson(
    name: str, *, description: str, caption: str = "Salesperson Code", read_only: bool = False
) -> Field:
    """A Salesperson Code or Purchaser Code: BC's TableRelation to Salesperson/Purchaser
    refuses a code no salesperson or purchaser has."""
    return Field(
        name,
        Edm.STRING,
        max_length=20,
        code=True,
        read_only=read_only,
        lookup=None if read_only else SALESPEOPLE_PURCHASERS,
        caption=caption,
        description=description,
    )


def tax_code(name: str = "taxCode", length: int = 50, *, description: str) -> Field:
    """A line's Tax Code: the line pages validate it as the line's Tax Group Code in a
    sales-tax company and as its VAT Prod. Posting Group in a VAT one, whose
    TableRelations refuse a code no tax group has (the company's tax groups are one
    kind or the other, as their taxType says)."""
    return Field(
        name,
        Edm.STRING,
        max_length=length,
        code=True,
        lookup=Lookup(
            "taxGroups",
            "Tax Group",
            by="taxType",
            variants=(
                LookupVariant("VAT", "VAT Product Posting Group", "VAT Prod. Posting Group"),
            ),
        ),
        caption="Tax Group Code",
        description=description,
    )


def code(
    name: str, length: int, *, description: str, read_only: bool = False, caption: str = ""
) -> Field:
    return Field(
        name,
        Edm.STRING,
        max_length=length,
        code=True,
        read_only=read_only,
        caption=caption,
        description=description,
    )


def date(name: str, *, description: str, read_only: bool = False) -> Field:
    return Field(name, Edm.DATE, read_only=read_only, description=description)


LAST_MODIFIED = "When the record last changed in BC (BC's SystemModifiedAt)."


def datetime(
    name: str = "lastModifiedDateTime",
    *,
    description: str = LAST_MODIFIED,
    read_only: bool = True,
) -> Field:
    return Field(name, Edm.DATETIME, read_only=read_only, description=description)


def decimal(
    name: str,
    *,
    description: str,
    read_only: bool = False,
    ignored: bool = False,
    caption: str = "",
) -> Field:
    return Field(
        name,
        Edm.DECIMAL,
        read_only=read_only,
        ignored_on_write=ignored,
        caption=caption,
        description=description,
    )


def integer(name: str, *, description: str, read_only: bool = False) -> Field:
    return Field(name, Edm.INT32, read_only=read_only, description=description)


def int64(name: str, *, description: str, read_only: bool = False) -> Field:
    return Field(name, Edm.INT64, read_only=read_only, description=description)


def boolean(name: str, *, description: str, read_only: bool = False) -> Field:
    return Field(name, Edm.BOOLEAN, read_only=read_only, description=description)


def enum(
    name: str,
    enum_type: EnumType,
    *,
    description: str,
    read_only: bool = False,
    company_wide: bool = False,
) -> Field:
    return Field(
        name,
        Edm.ENUM,
        enum=enum_type,
        read_only=read_only,
        company_wide=company_wide,
        description=description,
    )


def date_formula(name: str, *, description: str) -> Field:
    """An AL DateFormula as text: `10D`, `1M`, `CM`, `CM+1M`, or empty."""
    return Field(name, Edm.STRING, max_length=32, date_formula=True, description=description)


KEY = (
    "BC's id of the record (its SystemId). It never changes; the single-record queries "
    "and the mutations take it."
)


def key(description: str = KEY) -> Field:
    return guid("id", read_only=True, description=description)


# How BC's document tables caption each address block (`Buy-from Country/Region Code`).
_ADDRESS_CAPTIONS = {
    "buyFrom": "Buy-from",
    "payTo": "Pay-to",
    "shipTo": "Ship-to",
    "sellTo": "Sell-to",
    "billTo": "Bill-to",
}


def address(prefix: str, whose: str, *, read_only: bool = False) -> tuple[Field, ...]:
    """A document's address block (`buyFromAddressLine1` .. `buyFromPostCode`), as BC's
    document pages lay it out."""
    return (
        text(
            f"{prefix}AddressLine1",
            100,
            read_only=read_only,
            description=f"The first line of {whose} address.",
        ),
        text(
            f"{prefix}AddressLine2",
            50,
            read_only=read_only,
            description=f"The second line of {whose} address.",
        ),
        text(f"{prefix}City", 30, read_only=read_only, description=f"The city of {whose} address."),
        Field(
            f"{prefix}Country",
            Edm.STRING,
            max_length=10,
            code=True,
            read_only=read_only,
            lookup=Lookup("countriesRegions", "Country/Region"),
            caption=f"{_ADDRESS_CAPTIONS[prefix]} Country/Region Code",
            description=f"The country/region code of {whose} address, such as US.",
        ),
        text(
            f"{prefix}State",
            30,
            read_only=read_only,
            description=f"The state, province or county of {whose} address.",
        ),
        code(
            f"{prefix}PostCode",
            20,
            read_only=read_only,
            description=f"The postal code of {whose} address.",
        ),
    )


def dimension_fields(document: str) -> tuple[Field, ...]:
    """A document's global dimension codes, captioned as its page's source table names
    them: BC's refusal of a code that is no value of the dimension quotes the caption."""
    return (
        code(
            "shortcutDimension1Code",
            20,
            caption="Shortcut Dimension 1 Code",
            description=f"The {document}'s value of the first global dimension, such as a "
            "department (BC's Shortcut Dimension 1 Code).",
        ),
        code(
            "shortcutDimension2Code",
            20,
            caption="Shortcut Dimension 2 Code",
            description=f"The {document}'s value of the second global dimension, such as a "
            "project (BC's Shortcut Dimension 2 Code).",
        ),
    )


def stream(name: str, *, description: str, read_only: bool = False, size: str = "") -> Field:
    """Binary content BC serves at the record's path plus `name`; `size` names the field
    that holds its length in bytes."""
    return Field(name, Edm.STREAM, read_only=read_only, stream_size=size, description=description)
