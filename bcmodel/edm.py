"""What a record's values are: BC's EDM types, its enums with their wire names, and a
field's declaration (type, length, editability, blank value, description)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

EMPTY_GUID = "00000000-0000-0000-0000-000000000000"
EMPTY_DATE = "0001-01-01"
NAMESPACE = "Microsoft.NAV"


class Edm(Enum):
    GUID = "Edm.Guid"
    STRING = "Edm.String"
    DATE = "Edm.Date"
    DATETIME = "Edm.DateTimeOffset"
    DECIMAL = "Edm.Decimal"
    INT32 = "Edm.Int32"
    INT64 = "Edm.Int64"
    BOOLEAN = "Edm.Boolean"
    # Binary content (a file): never in a record's JSON; BC serves it at the record's
    # own path plus the field's name (`attachments({id})/attachmentContent`), raw bytes
    # read with GET and written with PATCH.
    STREAM = "Edm.Stream"
    ENUM = "enum"


_ENCODE = re.compile(r"[^A-Za-z0-9_]")
_DECODE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def encode_name(al_name: str) -> str:
    """AL member name -> the name BC puts on the wire (`In Review` -> `In_x0020_Review`)."""
    return _ENCODE.sub(lambda m: f"_x{ord(m.group()):04X}_", al_name)


def decode_name(wire: str) -> str:
    return _DECODE.sub(lambda m: chr(int(m.group(1), 16)), wire)


@dataclass(frozen=True)
class EnumType:
    """An EDM enum type `Microsoft.NAV.<name>`; members are AL names, decoded."""

    name: str
    members: tuple[str, ...]
    # What the type and each member mean, for the GraphQL schema's descriptions;
    # member_descriptions follows `members`, one each (or none at all).
    description: str = ""
    member_descriptions: tuple[str, ...] = ()
    # The GraphQL enum's name where it departs from the default, BC's name capitalised.
    graphql: str = ""

    def __post_init__(self) -> None:
        if self.member_descriptions and len(self.member_descriptions) != len(self.members):
            raise ValueError(f"{self.name}: one description per member, or none")

    @property
    def qualified_name(self) -> str:
        return f"{NAMESPACE}.{self.name}"

    @property
    def graphql_name(self) -> str:
        return self.graphql or self.name[:1].upper() + self.name[1:]

    @property
    def wire_values(self) -> tuple[str, ...]:
        return tuple(encode_name(m) for m in self.members)


@dataclass(frozen=True)
class Lookup:
    """BC's TableRelation on a Code field the page validates: a written value must be the
    `key` of a record of the entity set `target`; `table` names the related table in BC's
    refusal (`... cannot be found in the related table (Country/Region).`)."""

    target: str
    table: str
    key: str = "code"
    # The relation's WHERE: (field, value) pairs the related record must have as well
    # (Contact's Company No.: `TableRelation = Contact where(Type = const(Company))`).
    where: tuple[tuple[str, str], ...] = ()
    # (related field, own field): the related record's field must equal this record's
    # (a line's variant: `"Item Variant".SystemId where("Item No." = field("No."))`).
    same: tuple[tuple[str, str], ...] = ()
    # (own field, value): the relation holds only while this record's field has the value
    # (`if (Type = const(Item)) "Item Variant"...`).
    only_if: tuple[str, str] | None = None

    # Where the related table depends on the company's setup (a line's Tax Code validates
    # the Tax Group Code in a sales-tax company, the VAT Prod. Posting Group in a VAT
    # one): the target's field that tells, and for a value of it (an AL member), the
    # related table and the caption of the field BC validates instead.
    by: str = ""
    variants: tuple[LookupVariant, ...] = ()

    @property
    def hidden(self) -> bool:
        """Whether `target` is a table the sandbox keeps out of the API (named `_...`)
        rather than an entity set: a related table BC has that bcgraph does not serve."""
        return self.target.startswith("_")


@dataclass(frozen=True)
class LookupVariant:
    """The related table (and the validated field's caption) of a `Lookup` when the
    target's records have `value` in the lookup's `by` field."""

    value: str
    table: str
    caption: str


@dataclass(frozen=True)
class Field:
    name: str
    type: Edm
    max_length: int | None = None
    # Code fields are uppercased by BC on write.
    code: bool = False
    # read_only fields refuse writes with BC's "Control 'X' is read-only";
    # ignored ones are read-only too but BC drops a written value silently.
    read_only: bool = False
    ignored_on_write: bool = False
    enum: EnumType | None = None
    # The value BC shows when the field is blank (BC never sends null).
    blank: object = None
    # An AL DateFormula (`10D`, `CM+1M`): BC refuses text that is not one.
    date_formula: bool = False
    # A setting of the company shown on each record (read-only): a new record takes the
    # value the company's other records have.
    company_wide: bool = False
    # An email address BC checks on write (its Mail Management): text that is not one
    # is refused.
    email: bool = False
    # A phone number BC checks on write (the table's OnValidate): text with a letter in
    # it is refused.
    phone: bool = False
    # The refusal's message when BC raises a plain error of its own for it (a sales
    # header's Sell-to Phone No.) instead of a FieldError naming the record.
    phone_error: str = ""
    # A TableRelation BC validates on write (`Lookup`): a value naming no record of the
    # related table is refused.
    lookup: Lookup | None = None
    # The table field's caption, which BC's messages about the field name it by
    # (`Phone No.`, `Country/Region Code`).
    caption: str = ""
    # For a stream: the field holding its length in bytes, which follows the content.
    stream_size: str = ""
    # What the field is, in BC's terms (its caption, the table field behind it, what BC
    # does with it); the GraphQL schema's descriptions of the field are built from it.
    description: str = ""

    @property
    def writable(self) -> bool:
        """Whether a record's JSON may write it; a stream is written on its own path."""
        return not (self.read_only or self.ignored_on_write or self.stream)

    @property
    def stream(self) -> bool:
        return self.type is Edm.STREAM

    def empty_value(self) -> object:
        if self.blank is not None:
            return self.blank
        return {
            Edm.GUID: EMPTY_GUID,
            Edm.STRING: "",
            Edm.DATE: EMPTY_DATE,
            Edm.DATETIME: "0001-01-01T00:00:00Z",
            Edm.DECIMAL: 0,
            Edm.INT32: 0,
            Edm.INT64: 0,
            Edm.BOOLEAN: False,
            Edm.STREAM: "",
            Edm.ENUM: self.enum.wire_values[0] if self.enum else "",
        }[self.type]
