"""BC's refusals on the sales pages through GraphQL: the error names the input field BC's
message is about (resolvers/refusals.py), for a table relation and a line's FieldError."""

from __future__ import annotations

from tests.graphql.conftest import Gateway
from tests.graphql.test_customers import CREATE as CREATE_CUSTOMER
from tests.graphql.test_mutations import error_of
from tests.graphql.test_sales_invoices import create as create_invoice
from tests.graphql.test_sales_invoices import item
from tests.graphql.test_sales_orders import SHIP, create


async def test_a_salesperson_naming_no_one_names_the_field(gw: Gateway) -> None:
    result = await gw.execute(
        CREATE_CUSTOMER, {"input": {"displayName": "Sold by", "salespersonCode": "XX"}}
    )
    error = error_of(result)
    assert (error["code"], error["bcCode"], error["field"]) == (
        "BAD_USER_INPUT",
        "Internal_InvalidTableRelation",
        "input.salespersonCode",
    )
    assert error["message"] == (
        "The field Salesperson Code of table Customer contains a value (XX) that cannot be "
        "found in the related table (Salesperson/Purchaser)."
    )


async def test_an_order_line_below_its_shipped_quantity_names_the_field(gw: Gateway) -> None:
    sold = await item(gw)
    order = await create(
        gw,
        customerNumber="C00010",
        lines=[{"itemId": sold["itemId"], "quantity": "5", "unitPrice": "20"}],
    )
    [line] = order["lines"]["nodes"]
    update = """mutation($o: UUID!, $id: UUID!, $input: UpdateSalesOrderLineInput!) {
      updateSalesOrderLine(orderId: $o, id: $id, input: $input) { quantity } }"""
    ids = {"o": order["id"], "id": line["id"]}
    await gw.data(update, {**ids, "input": {"shipQuantity": "2"}})
    await gw.data(SHIP, {"id": order["id"]})
    error = error_of(await gw.execute(update, {**ids, "input": {"quantity": "1"}}))
    assert (error["bcCode"], error["field"]) == (
        "Application_FieldValidationException",
        "input.quantity",
    )
    assert error["message"].startswith("Quantity must not be less than Quantity Shipped in ")


async def test_a_unit_of_measure_on_an_account_line_is_refused(gw: Gateway) -> None:
    invoice = await create_invoice(gw, customerNumber="C00020")
    result = await gw.execute(
        """mutation($inv: UUID!) { createSalesInvoiceLine(invoiceId: $inv, input: {
             lineType: ACCOUNT, lineObjectNumber: "40100", quantity: "1",
             unitOfMeasureCode: "PCS"}) { id } }""",
        {"inv": invoice["id"]},
    )
    error = error_of(result)
    assert (error["code"], error["bcCode"], error["message"]) == (
        "BAD_USER_INPUT",
        "Application_DialogException",
        "Unit of Measure can be set only for lines with type Item.",
    )
    # BC's label names no field, so the error names none either.
    assert "field" not in error


async def test_a_sales_document_s_global_dimension_refusal_names_the_field(
    gw: Gateway,
) -> None:
    quote = """mutation($input: CreateSalesQuoteInput!) {
      createSalesQuote(input: $input) { id shortcutDimension1Code } }"""
    taken = await gw.data(
        quote, {"input": {"customerNumber": "C00020", "shortcutDimension1Code": "sales"}}
    )
    assert taken["createSalesQuote"]["shortcutDimension1Code"] == "SALES"
    memo = """mutation($input: CreateSalesCreditMemoInput!) {
      createSalesCreditMemo(input: $input) { id } }"""
    result = await gw.execute(
        memo, {"input": {"customerNumber": "C00020", "shortcutDimension2Code": "NOPE"}}
    )
    error = error_of(result)
    assert (error["code"], error["bcCode"], error["field"]) == (
        "BAD_USER_INPUT",
        "Internal_InvalidTableRelation",
        "input.shortcutDimension2Code",
    )
    assert error["message"] == (
        "The field Shortcut Dimension 2 Code of table Sales Cr. Memo Entity Buffer contains a "
        "value (NOPE) that cannot be found in the related table (Dimension Value)."
    )
