"""BC `$filter` emulation: semantics, refusals and the compile cache."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Any

import pytest

import sandbox.filter as filter_module
from bcmodel import Edm, Entity, Field
from bcmodel.purchase_invoice_lines import PURCHASE_INVOICE_LINE
from bcmodel.purchase_invoices import PURCHASE_INVOICE
from bcmodel.vendors import VENDOR
from sandbox.errors import ODataError
from sandbox.filter import FilterCompiler

OR_REFUSED = "The 'OR' operator is not supported on distinct fields on an OData filter."
SYNTAX = "Bad Request - Error in query syntax."

ID_1 = "f7a5738a-44e3-ea11-bb43-000d3a2feca1"
ID_2 = "f8a5738a-44e3-ea11-bb43-000d3a2feca1"
ID_3 = "f9a5738a-44e3-ea11-bb43-000d3a2feca1"
ID_4 = "0aa5738a-44e3-ea11-bb43-000d3a2feca1"

VENDORS: list[dict[str, Any]] = [
    {
        "id": ID_1,
        "number": "10000",
        "displayName": "Fabrikam, Inc.",
        "city": "Atlanta",
        "currencyCode": "USD",
        "blocked": "_x0020_",
        "balance": 2071.13,
        "taxLiable": True,
        "lastModifiedDateTime": "2020-08-21T07:38:46.53Z",
        "_etag": 'W/"JzE7Jw=="',
    },
    {
        "id": ID_2,
        "number": "20000",
        "displayName": "O'Brien Supplies",
        "city": "Chicago",
        "currencyCode": "EUR",
        "blocked": "Payment",
        "balance": 2071.14,
        "taxLiable": False,
        "lastModifiedDateTime": "2019-08-18T20:05:51.603Z",
        "_etag": 'W/"JzI7Jw=="',
    },
    {
        "id": ID_3,
        "number": "30000",
        "displayName": "fabrikam outlet",
        "city": "Atlanta",
        "currencyCode": "USD",
        "blocked": "All",
        "balance": 0,
        "taxLiable": False,
        # One fraction digit: 20:05:51.600, just before .603.
        "lastModifiedDateTime": "2019-08-18T20:05:51.6Z",
        "_etag": 'W/"JzM7Jw=="',
    },
    {
        "id": ID_4,
        "number": "40000",
        "displayName": "') or ('1' eq '1",
        "city": "Boston",
        "currencyCode": "USD",
        "blocked": "_x0020_",
        "balance": -12.5,
        "taxLiable": True,
        "lastModifiedDateTime": "2019-08-18T20:05:51Z",
        "_etag": 'W/"JzQ7Jw=="',
    },
]

INVOICES: list[dict[str, Any]] = [
    {
        "id": "5d115c9c-44e3-ea11-bb43-000d3a2feca1",
        "number": "108001",
        "postingDate": "2019-01-01",
        "dueDate": "0001-01-01",
        "vendorId": ID_1,
        "status": "Open",
        "totalAmountIncludingTax": 1000.5,
        "lastModifiedDateTime": "2019-01-01T10:00:00Z",
    },
    {
        "id": "5e115c9c-44e3-ea11-bb43-000d3a2feca1",
        "number": "108002",
        "postingDate": "2019-01-02",
        "dueDate": "2019-02-01",
        "vendorId": ID_2,
        "status": "In_x0020_Review",
        "totalAmountIncludingTax": 0.1,
        "lastModifiedDateTime": "2019-01-02T00:00:00Z",
    },
    {
        "id": "5f115c9c-44e3-ea11-bb43-000d3a2feca1",
        "number": "108003",
        "postingDate": "2018-12-31",
        "dueDate": "2019-01-31",
        "vendorId": ID_1,
        "status": "Draft",
        "totalAmountIncludingTax": 0.3,
        "lastModifiedDateTime": "2018-12-31T23:59:59.999Z",
    },
]

LINES: list[dict[str, Any]] = [
    {"id": "60115c9c-44e3-ea11-bb43-000d3a2feca1", "sequence": 10000, "quantity": 2.5},
    {"id": "61115c9c-44e3-ea11-bb43-000d3a2feca1", "sequence": 20000, "quantity": 3},
]


@pytest.fixture
def compiler() -> FilterCompiler:
    return FilterCompiler()


def matching(
    compiler: FilterCompiler,
    text: str,
    *,
    entity: Entity = VENDOR,
    rows: Sequence[Mapping[str, Any]] | None = None,
    version: str = "2.0",
    key: str = "number",
) -> list[Any]:
    if rows is None:
        rows = {
            "vendors": VENDORS,
            "purchaseInvoices": INVOICES,
            "purchaseInvoiceLines": LINES,
        }[entity.entity_set]
    predicate = compiler.compile(text, entity, schema_version=version)
    return [row[key] for row in rows if predicate(row)]


def refused(
    compiler: FilterCompiler, text: str, *, entity: Entity = VENDOR, version: str = "2.0"
) -> ODataError:
    with pytest.raises(ODataError) as info:
        compiler.compile(text, entity, schema_version=version)
    assert info.value.status == 400
    return info.value


# -- operators ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("number eq '20000'", ["20000"]),
        ("number ne '20000'", ["10000", "30000", "40000"]),
        ("number gt '20000'", ["30000", "40000"]),
        ("number ge '20000'", ["20000", "30000", "40000"]),
        ("number lt '20000'", ["10000"]),
        ("number le '20000'", ["10000", "20000"]),
        ("'20000' lt number", ["30000", "40000"]),
        ("city eq 'Atlanta' and currencyCode eq 'USD'", ["10000", "30000"]),
        ("city eq 'Atlanta' and (number eq '10000' or number eq '20000')", ["10000"]),
        ("not (city eq 'Atlanta')", ["20000", "40000"]),
        ("not (city eq 'Atlanta') and not (number eq '40000')", ["20000"]),
        ("not contains(displayName,'Brien')", ["10000", "30000", "40000"]),
        ("taxLiable", ["10000", "40000"]),
        ("taxLiable eq false", ["20000", "30000"]),
        ("number EQ '10000'", ["10000"]),
    ],
)
def test_comparison_and_boolean_operators(
    compiler: FilterCompiler, text: str, expected: list[str]
) -> None:
    assert matching(compiler, text) == expected


def test_blank_filter_keeps_every_row(compiler: FilterCompiler) -> None:
    assert matching(compiler, "  ") == ["10000", "20000", "30000", "40000"]


# -- string literals ---------------------------------------------------------------------


def test_doubled_quote_is_one_quote(compiler: FilterCompiler) -> None:
    assert matching(compiler, "displayName eq 'O''Brien Supplies'") == ["20000"]
    assert matching(compiler, "startswith(displayName,'O''B')") == ["20000"]


def test_hostile_text_inside_a_literal_stays_a_literal(compiler: FilterCompiler) -> None:
    # The literal is the text `') or ('1' eq '1`; it must not turn into an `or`.
    assert matching(compiler, "displayName eq ''') or (''1'' eq ''1'") == ["40000"]
    assert matching(compiler, "displayName eq 'x'') or (''1'' eq ''1'") == []


def test_text_matching_is_case_sensitive(compiler: FilterCompiler) -> None:
    assert matching(compiler, "displayName eq 'fabrikam, inc.'") == []
    assert matching(compiler, "contains(displayName,'abrikam')") == ["10000", "30000"]
    assert matching(compiler, "contains(displayName,'Fabrikam')") == ["10000"]
    assert matching(compiler, "startswith(displayName,'fab')") == ["30000"]
    assert matching(compiler, "endswith(displayName,'Inc.')") == ["10000"]
    assert matching(compiler, "endswith(displayName,'inc.')") == []


def test_code_fields_take_literals_uppercased(compiler: FilterCompiler) -> None:
    # AL converts a filter value to the field's type; for Code that uppercases it.
    assert matching(compiler, "currencyCode eq 'eur'") == ["20000"]
    assert matching(compiler, "startswith(currencyCode,'eu')") == ["20000"]
    assert matching(compiler, "city eq 'atlanta'") == []  # Text stays case-sensitive


# -- functions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # tolower/toupper make BC's comparison case-insensitive, whatever the literal's case.
        ("tolower(displayName) eq 'fabrikam, inc.'", ["10000"]),
        ("tolower(displayName) eq 'FABRIKAM, INC.'", ["10000"]),
        ("toupper(displayName) eq 'FABRIKAM OUTLET'", ["30000"]),
        ("toupper(city) gt 'atlanta'", ["20000", "40000"]),
        ("substring(displayName, 2) eq 'Brien Supplies'", ["20000"]),
        ("substring(displayName, 0, 3) eq 'Fab'", ["10000"]),
        ("length(city) eq 7", ["10000", "20000", "30000"]),
        ("length(city) lt 7", ["40000"]),
        ("indexof(displayName, 'Brien') eq 2", ["20000"]),
        ("indexof(displayName, 'zzz') eq -1", ["10000", "20000", "30000", "40000"]),
        ("contains(displayName,'Brien') eq false", ["10000", "30000", "40000"]),
    ],
)
def test_string_functions(compiler: FilterCompiler, text: str, expected: list[str]) -> None:
    assert matching(compiler, text) == expected


def test_nested_calls_need_schema_2_1(compiler: FilterCompiler) -> None:
    for text in (
        "contains(tolower(displayName),'fabrikam')",
        "tolower(toupper(displayName)) eq 'x'",
        "length(tolower(city)) eq 7",
    ):
        error = refused(compiler, text)
        assert error.code == "BadRequest_NotSupported"
        assert "$schemaversion=2.1" in error.message
    assert matching(compiler, "contains(tolower(displayName),'fabrikam')", version="2.1") == [
        "10000",
        "30000",
    ]
    assert matching(compiler, "startswith(toupper(displayName),'O''B')", version="2.1") == ["20000"]


def test_unsupported_functions_and_expressions(compiler: FilterCompiler) -> None:
    for text in (
        "year(lastModifiedDateTime) eq 2019",
        "trim(city) eq 'x'",
        "concat(city, 'x') eq 'x'",
        "balance add 1 gt 2",
        "number eq displayName",
        "'1' eq '1'",
        "true",
    ):
        assert refused(compiler, text).code == "BadRequest_NotSupported", text


def test_function_arguments_are_checked(compiler: FilterCompiler) -> None:
    error = refused(compiler, "contains(balance,'1')")
    assert error.code == "BadRequest"
    assert "No function signature for the function with name 'contains'" in error.message
    assert refused(compiler, "contains(city, 1)").code == "BadRequest"
    assert refused(compiler, "substring(city, 'a') eq 'x'").code == "BadRequest"
    assert refused(compiler, "contains('Atlanta', city)").code == "BadRequest_NotSupported"


# -- in ----------------------------------------------------------------------------------


def test_in_is_ignored_before_schema_2_1(compiler: FilterCompiler) -> None:
    everyone = ["10000", "20000", "30000", "40000"]
    assert matching(compiler, "number in ('10000','20000')") == everyone
    # Ignored means no constraint wherever the clause stands: `not` does not turn it into one,
    # `and` keeps only the other side, `or` with it keeps everything.
    assert matching(compiler, "not (number in ('10000','20000'))") == everyone
    assert matching(compiler, "city eq 'Atlanta' and number in ('20000')") == ["10000", "30000"]
    assert matching(compiler, "number eq '10000' or number in ('20000')") == everyone


def test_in_is_honoured_from_schema_2_1(compiler: FilterCompiler) -> None:
    assert matching(compiler, "number in ('10000','20000')", version="2.1") == ["10000", "20000"]
    assert matching(compiler, "number in ('30000')", version="2.1") == ["30000"]
    assert matching(compiler, "not (number in ('10000','20000'))", version="2.1") == [
        "30000",
        "40000",
    ]
    assert matching(compiler, f"id in ({ID_1.upper()}, {ID_3})", version="2.1") == [
        "10000",
        "30000",
    ]
    assert matching(compiler, "balance in (0, 2071.13)", version="2.1") == ["10000", "30000"]


def test_in_is_validated_even_when_ignored(compiler: FilterCompiler) -> None:
    assert refused(compiler, "nope in ('1','2')").code == "BadRequest_NotFound"
    assert refused(compiler, "number in (1, 2)").code == "BadRequest"


def test_ignored_clauses_name_no_field_for_the_or_rule(compiler: FilterCompiler) -> None:
    assert matching(compiler, "number eq '10000' or city in ('Boston')") == [
        "10000",
        "20000",
        "30000",
        "40000",
    ]
    assert refused(compiler, "number eq '1' or city in ('Boston')", version="2.1").message == (
        OR_REFUSED
    )


# -- or ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "number eq '10000' or city eq 'Boston'",
        "number eq '10000' or (number eq '20000' and city eq 'Chicago')",
        "(number eq '10000' or number eq '20000') or city eq 'x'",
        "not (number eq '10000' or balance gt 0)",
        "contains(displayName,'a') or startswith(city,'A')",
    ],
)
def test_or_across_distinct_fields_is_refused(compiler: FilterCompiler, text: str) -> None:
    error = refused(compiler, text)
    assert error.code == "BadRequest_NotSupported"
    assert error.message == OR_REFUSED


def test_or_on_one_field_is_allowed(compiler: FilterCompiler) -> None:
    assert matching(compiler, "number eq '10000' or number eq '30000'") == ["10000", "30000"]
    assert matching(compiler, f"id eq {ID_1} or id eq {ID_2} or id eq {ID_4}") == [
        "10000",
        "20000",
        "40000",
    ]
    assert matching(compiler, "(number eq '10000' or number eq '30000') and city eq 'Atlanta'") == [
        "10000",
        "30000",
    ]
    assert matching(compiler, "startswith(displayName,'O') or tolower(displayName) eq 'x'") == [
        "20000"
    ]
    assert matching(compiler, "balance lt 0 or balance gt 2071.13") == ["20000", "40000"]


def test_lambdas_are_ignored(compiler: FilterCompiler) -> None:
    assert matching(compiler, "paymentTerm/any(p: p/code eq 'x')") == [
        "10000",
        "20000",
        "30000",
        "40000",
    ]
    assert matching(
        compiler,
        "number eq '108001' and purchaseInvoiceLines/all(l: l/quantity gt 1)",
        entity=PURCHASE_INVOICE,
    ) == ["108001"]
    assert refused(compiler, "nowhere/any(p: p/code eq 'x')").code == "BadRequest_NotFound"


# -- typed literals ----------------------------------------------------------------------


def test_enum_literals_are_encoded_member_names(compiler: FilterCompiler) -> None:
    assert matching(compiler, "blocked eq '_x0020_'") == ["10000", "40000"]
    assert matching(compiler, "blocked eq 'All'") == ["30000"]
    assert matching(compiler, "blocked ne '_x0020_'") == ["20000", "30000"]
    assert matching(compiler, "status eq 'In_x0020_Review'", entity=PURCHASE_INVOICE) == ["108002"]
    # Ordered like the AL enum: Draft < In Review < Open.
    assert matching(compiler, "status gt 'Draft'", entity=PURCHASE_INVOICE) == [
        "108001",
        "108002",
    ]


@pytest.mark.parametrize("literal", ["Open", "' '", "In Review", "all"])
def test_enum_literal_outside_the_enum_is_refused(compiler: FilterCompiler, literal: str) -> None:
    value = literal.strip("'")
    text = "blocked eq '" + value.replace("'", "''") + "'"
    error = refused(compiler, text)
    assert error.code == "Application_EvaluateException"
    assert error.message.startswith(f'The value "{value}" cannot be evaluated into type')


def test_guid_comparisons_ignore_case(compiler: FilterCompiler) -> None:
    assert matching(compiler, f"id eq {ID_2.upper()}") == ["20000"]
    assert matching(compiler, "id eq F8a5738A-44e3-EA11-bb43-000D3A2FECA1") == ["20000"]
    upper_row = [{**VENDORS[0], "id": ID_1.upper()}]
    assert matching(compiler, f"id eq {ID_1}", rows=upper_row) == ["10000"]
    assert matching(compiler, f"vendorId eq {ID_1}", entity=PURCHASE_INVOICE) == [
        "108001",
        "108003",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Stored values carry 2, 3, 1 and 0 fraction digits.
        ("lastModifiedDateTime eq 2019-08-18T20:05:51.603Z", ["20000"]),
        ("lastModifiedDateTime eq 2019-08-18T20:05:51.6030Z", ["20000"]),
        ("lastModifiedDateTime gt 2019-08-18T20:05:51.603Z", ["10000"]),
        ("lastModifiedDateTime ge 2019-08-18T20:05:51.603Z", ["10000", "20000"]),
        ("lastModifiedDateTime lt 2019-08-18T20:05:51.603Z", ["30000", "40000"]),
        ("lastModifiedDateTime eq 2019-08-18T20:05:51.60Z", ["30000"]),
        ("lastModifiedDateTime eq 2019-08-18T20:05:51Z", ["40000"]),
        ("lastModifiedDateTime eq 2020-08-21T07:38:46.530Z", ["10000"]),
        ("lastModifiedDateTime eq 2020-08-21T09:38:46.53+02:00", ["10000"]),
        # A date against a datetime field is midnight UTC.
        ("lastModifiedDateTime gt 2020-08-21", ["10000"]),
        ("lastModifiedDateTime lt 2019-08-18", []),
    ],
)
def test_datetimes_compare_as_moments(
    compiler: FilterCompiler, text: str, expected: list[str]
) -> None:
    assert matching(compiler, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("postingDate eq 2019-01-01", ["108001"]),
        ("postingDate gt 2018-12-31", ["108001", "108002"]),
        ("postingDate le 2019-01-01", ["108001", "108003"]),
        ("dueDate eq 0001-01-01", ["108001"]),  # BC's blank date
        ("dueDate ne 0001-01-01", ["108002", "108003"]),
        ("postingDate ge 2019-01-01T12:00:00Z", ["108002"]),
        ("lastModifiedDateTime ge 2019-01-02", ["108002"]),
    ],
)
def test_dates(compiler: FilterCompiler, text: str, expected: list[str]) -> None:
    assert matching(compiler, text, entity=PURCHASE_INVOICE) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("balance gt 2071.13", ["20000"]),
        ("balance ge 2071.13", ["10000", "20000"]),
        ("balance eq 2071.13", ["10000"]),
        ("balance lt 2071.13", ["30000", "40000"]),
        ("balance le 2071.130", ["10000", "30000", "40000"]),
        ("balance gt 0", ["10000", "20000"]),
        ("balance eq 0.0", ["30000"]),
        ("balance lt -12", ["40000"]),
        ("balance eq -12.5", ["40000"]),
        ("balance ge - 12.5", ["10000", "20000", "30000", "40000"]),
    ],
)
def test_decimals_compare_as_written(
    compiler: FilterCompiler, text: str, expected: list[str]
) -> None:
    assert matching(compiler, text) == expected


def test_decimal_sums_and_integers(compiler: FilterCompiler) -> None:
    assert matching(compiler, "totalAmountIncludingTax eq 0.3", entity=PURCHASE_INVOICE) == [
        "108003"
    ]
    assert matching(compiler, "totalAmountIncludingTax gt 0.1", entity=PURCHASE_INVOICE) == [
        "108001",
        "108003",
    ]

    def sequences(text: str) -> list[Any]:
        return matching(compiler, text, entity=PURCHASE_INVOICE_LINE, key="sequence")

    assert sequences("sequence eq 10000") == [10000]
    assert sequences("sequence gt 10000.5") == [20000]
    assert sequences("quantity eq 3") == [20000]
    assert sequences("quantity lt 2.51") == [10000]


def test_null_never_matches(compiler: FilterCompiler) -> None:
    assert matching(compiler, "number eq null") == []
    assert matching(compiler, "null eq displayName") == []
    assert matching(compiler, "number ne null") == ["10000", "20000", "30000", "40000"]
    assert matching(compiler, "balance gt null") == []


@pytest.mark.parametrize(
    "text",
    [
        "totalAmountIncludingTax eq '0.1'",  # quoted string against a number
        "postingDate eq '2019-01-01'",  # quoted string against a date
        f"vendorId eq '{ID_1}'",  # quoted string against a GUID
        f"number eq {ID_1}",  # GUID against a string
        "number eq 108001",  # number against a string
        "postingDate eq 2019-02-30",  # a date that does not exist
        "lastModifiedDateTime gt 2019-02-30T00:00:00Z",
        "postingDate eq true",
        "status eq 1",
    ],
)
def test_literal_of_the_wrong_type_is_a_bad_request(compiler: FilterCompiler, text: str) -> None:
    assert refused(compiler, text, entity=PURCHASE_INVOICE).code == "BadRequest"


def test_wrong_type_messages(compiler: FilterCompiler) -> None:
    assert refused(compiler, "number eq 10000").message == (
        "A binary operator with incompatible types was detected. Found operand types "
        "'Edm.String' and 'Edm.Int32' for operator kind 'Equal'."
    )
    assert refused(compiler, "postingDate eq 2019-02-30", entity=PURCHASE_INVOICE).message == (
        "Unable to convert value to Date."
    )


# -- properties and syntax ---------------------------------------------------------------


def test_unknown_property(compiler: FilterCompiler) -> None:
    error = refused(compiler, "x eq 1")
    assert error.code == "BadRequest_NotFound"
    assert error.message == "Could not find a property named 'x' on type 'Microsoft.NAV.vendor'."
    assert refused(compiler, "vendorId eq 1").message == (
        "Could not find a property named 'vendorId' on type 'Microsoft.NAV.vendor'."
    )
    assert refused(compiler, "number eq '1' and Number eq '1'").code == "BadRequest_NotFound"
    assert "'x.y'" in refused(compiler, "x.y eq 1").message
    assert refused(compiler, "nope/name eq 'x'").code == "BadRequest_NotFound"
    # Navigation properties exist but BC does not filter through them.
    assert refused(compiler, "paymentTerm/code eq 'x'").code == "BadRequest_NotSupported"


def test_internal_keys_are_not_addressable(compiler: FilterCompiler) -> None:
    error = refused(compiler, "_etag eq 'x'")
    assert error.code == "BadRequest_NotFound"
    assert "'_etag'" in error.message


@pytest.mark.parametrize(
    "text",
    [
        "number eq",
        "number eq '1",
        "number eq '1' and",
        "(number eq '1'",
        "number eq '1')",
        "number eq eq '1'",
        "number == '1'",
        "number eq '1' xor number eq '2'",
        "foo(number) eq 1",
        "contains(number)",
        "not(number eq '1')",
        "number in ()",
        "number in ('1',",
        "id eq f8a5738a-44e3-ea11-bb43-000d3a2feca",
        "postingDate eq 2019-13-01",
        'displayName eq "x"',
        "$filter=number eq '1'",
        "number eq '1'; drop",
    ],
)
def test_syntax_errors(compiler: FilterCompiler, text: str) -> None:
    error = refused(compiler, text, entity=PURCHASE_INVOICE)
    assert error.code == "BadRequest_NotFound"
    assert error.message == SYNTAX


@pytest.mark.parametrize(
    "text",
    [
        "(",
        ")",
        "'",
        "''",
        "eq",
        "and or not",
        "not",
        "\x00",
        "number/",
        "any(",
        "number in",
        "(((((",
        "number eq 12:00:00",
        "number eq duration'P1D'",
        "number eq geography'POINT(1 2)'",
        "number eq 1.2.3",
        "number eq ('1','2')",
        "number eq -number",
        "not number eq '1'",
        "number eq '1' eq true",
        "tolower(number)",
        "number",
        "substring(number, 1, 2, 3) eq 'x'",
        "number/any(l: l eq 1)",
        "𝔫𝔲𝔪𝔟𝔢𝔯 eq '1'",
        "number eq '1' or " * 50 + "(",
        "not (" * 200 + "number eq '1'" + ")" * 200,
        "number eq '1' and (number eq '2' or (" * 80 + "number eq '3'" + "))" * 80,
    ],
)
def test_only_odata_errors_escape(compiler: FilterCompiler, text: str) -> None:
    with pytest.raises(ODataError) as info:
        compiler.compile(text, PURCHASE_INVOICE)
    assert info.value.status == 400


def test_keywords_do_not_swallow_property_prefixes(compiler: FilterCompiler) -> None:
    # odata-query's own lexer reads `allowed` as `all` + `owed`, `nullable` as `null` + `able`.
    probe = Entity(
        name="probe",
        entity_set="probes",
        fields=(
            Field("allowed", Edm.BOOLEAN),
            Field("anyName", Edm.STRING),
            Field("nullable", Edm.STRING),
            Field("trueValue", Edm.INT32),
        ),
    )
    rows = [
        {"allowed": True, "anyName": "a", "nullable": "n", "trueValue": 1},
        {"allowed": False, "anyName": "b", "nullable": "m", "trueValue": 2},
    ]
    text = "allowed eq true and anyName eq 'a' and nullable ne null and trueValue eq 1"
    assert matching(compiler, text, entity=probe, rows=rows, key="anyName") == ["a"]


def test_malformed_stored_values_fail_only_their_comparison(compiler: FilterCompiler) -> None:
    rows = [
        {**VENDORS[0], "balance": None, "lastModifiedDateTime": "garbage", "displayName": None},
        VENDORS[1],
    ]
    assert matching(compiler, "balance gt 0", rows=rows) == ["20000"]
    assert matching(compiler, "lastModifiedDateTime gt 2000-01-01", rows=rows) == ["20000"]
    assert matching(compiler, "contains(displayName,'B')", rows=rows) == ["20000"]
    assert matching(compiler, "not (balance gt 0)", rows=rows) == ["10000"]


# -- cache and speed ---------------------------------------------------------------------


@pytest.fixture
def parse_count(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    real_parse = filter_module._parse

    def counting(text: str) -> Any:
        parsed.append(text)
        return real_parse(text)

    monkeypatch.setattr(filter_module, "_parse", counting)
    return parsed


def test_cache_reuses_compiled_filters(compiler: FilterCompiler, parse_count: list[str]) -> None:
    text = "number eq '10000' or number eq '20000'"
    first = compiler.compile(text, VENDOR)
    assert compiler.compile(text, VENDOR) is first
    assert len(parse_count) == 1
    assert len(compiler) == 1
    # The schema version and the entity set are part of the key.
    compiler.compile(text, VENDOR, schema_version="2.1")
    compiler.compile(text, PURCHASE_INVOICE)
    assert len(parse_count) == 3
    assert len(compiler) == 3


def test_cache_is_bounded_lru(parse_count: list[str]) -> None:
    compiler = FilterCompiler(max_cache=2)
    a, b, c = "number eq 'A'", "number eq 'B'", "number eq 'C'"
    compiler.compile(a, VENDOR)
    compiler.compile(b, VENDOR)
    compiler.compile(a, VENDOR)  # a is now the most recent
    compiler.compile(c, VENDOR)  # evicts b
    assert len(compiler) == 2
    compiler.compile(a, VENDOR)
    assert parse_count == [a, b, c]
    compiler.compile(b, VENDOR)
    assert parse_count == [a, b, c, b]


def test_cache_can_be_disabled(parse_count: list[str]) -> None:
    compiler = FilterCompiler(max_cache=0)
    compiler.compile("number eq '1'", VENDOR)
    compiler.compile("number eq '1'", VENDOR)
    assert len(parse_count) == 2
    assert len(compiler) == 0
    with pytest.raises(ValueError):
        FilterCompiler(max_cache=-1)


def test_refused_filters_are_not_cached(compiler: FilterCompiler) -> None:
    for _ in range(2):
        refused(compiler, "x eq 1")
    assert len(compiler) == 0


def test_rows_are_evaluated_without_parsing(
    compiler: FilterCompiler, parse_count: list[str]
) -> None:
    rows = [
        {
            **VENDORS[i % len(VENDORS)],
            "number": f"V{i:05}",
            "id": f"{i:08x}-44e3-ea11-bb43-000d3a2feca1",
            "balance": round(i * 1.1, 2),
        }
        for i in range(60)
    ]
    text = (
        "startswith(number,'V0001') and balance gt 10.5 and blocked eq '_x0020_' "
        "and lastModifiedDateTime gt 2019-08-18T20:05:51.603Z"
    )
    ids = " or ".join(f"id eq {row['id']}" for row in rows[::3])
    started = time.perf_counter()
    for _ in range(200):
        selected = [row["number"] for row in rows if compiler.compile(text, VENDOR)(row)]
        batch = [row for row in rows if compiler.compile(ids, VENDOR)(row)]
    elapsed = time.perf_counter() - started
    assert len(parse_count) == 2
    assert selected == ["V00012", "V00016"]
    assert len(batch) == 20
    # 200 x 60 rows x 2 filters, each compile a cache hit: milliseconds, not parses.
    assert elapsed < 2.0
