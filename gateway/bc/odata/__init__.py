"""OData query options built from parts: the one place where literals become text.

    status = prop("status", PURCHASE_INVOICE)
    expr = status.eq("Open") & prop("totalAmountIncludingTax", PURCHASE_INVOICE).gt(Decimal("100"))
    query = Query(
        entity=PURCHASE_INVOICE,
        select=("id", "number", "status"),
        filter=expr,
        expand=(Expand("purchaseInvoiceLines", Query(select=("id", "quantity"))),),
        orderby=(desc("number"),),
        top=50,
    )
    BCRequest("GET", str(path), params=query.render_params())

Rules, all from BC's reference (§3):

* Strings are single-quoted with `'` doubled; GUIDs, dates, datetimes, numbers and booleans are
  bare; enums are quoted *encoded* member names (`'In_x0020_Review'`). Floats are refused:
  money never passes through float.
* A property typed by a bcmodel Entity decides how its literal is rendered (a GUID given as a
  string stays bare, an enum given by its AL name is encoded), and unknown names are refused.
* `in (...)` and nested function calls need `$schemaversion=2.1`, else BC silently ignores
  `in`. An expression knows when it needs 2.1, and the only way to turn one into request
  parameters, `render_params()`, adds it. There is no public way to get the bare text.
* BC refuses `or` across different fields; `Expr.has_or_across_fields()` tells a translator
  before BC does, so it can split the query or refuse it.

The parameters are a plain dict for httpx, which percent-encodes them, so `&`, `#`, `$`,
`%` or a newline inside a literal stay inside it. Everything wrong with what a caller asked to
build raises BadUserInput: these values come from GraphQL arguments.

literals.py     Python values -> OData literal text, typed by a bcmodel Field when known
expressions.py  Expr and Prop: `$filter` expressions, the `or` rule, when 2.1 is needed
query.py        Query, Expand, OrderBy: every query option, names checked against bcmodel
by_id.py        `id eq a or id eq b …` filters chunked to fit a URL
"""

from gateway.bc.odata.by_id import chunked_ids_filter, encoded_length
from gateway.bc.odata.expressions import Expr, Prop, and_, not_, or_, prop
from gateway.bc.odata.literals import EnumValue, literal

# Value is the type of what a literal may be (resolvers cast to it); `as` re-exports it
# without growing the public __all__.
from gateway.bc.odata.literals import Value as Value
from gateway.bc.odata.query import Expand, OrderBy, Query, asc, desc

__all__ = [
    "EnumValue",
    "Expand",
    "Expr",
    "OrderBy",
    "Prop",
    "Query",
    "and_",
    "asc",
    "chunked_ids_filter",
    "desc",
    "encoded_length",
    "literal",
    "not_",
    "or_",
    "prop",
]
