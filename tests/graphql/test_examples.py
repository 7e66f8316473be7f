"""GraphiQL's sales-flow tab does what its comments say, run step by step against the
sandbox as a user would: a customer, an invoice with item lines, posted, and the
customer's balance moved by exactly the invoice's total."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from gateway.graphiql import EXAMPLES
from tests.graphql.conftest import Gateway

FLOW = EXAMPLES["sales flow"]


async def _run(gw: Gateway, operation: str, variables: dict[str, Any] | None = None) -> Any:
    result = await gw.execute(FLOW, variables, operation_name=operation)
    assert result.errors is None, result.errors
    return result.data


async def test_the_sales_flow_example_moves_the_customer_balance(gw: Gateway) -> None:
    customer = (await _run(gw, "CreateCustomer"))["createCustomer"]
    assert Decimal(customer["balanceDue"]) == 0
    invoice = (await _run(gw, "CreateSalesInvoice", {"customerId": customer["id"]}))[
        "createSalesInvoice"
    ]
    assert invoice["status"] == "DRAFT"
    lines = invoice["lines"]["nodes"]
    assert [line["quantity"] for line in lines] == ["2", "4"]
    total = Decimal(invoice["totalAmountIncludingTax"])
    assert total == sum(Decimal(line["amountIncludingTax"]) for line in lines) > 0
    posted = (await _run(gw, "PostSalesInvoice", {"invoiceId": invoice["id"]}))["postSalesInvoice"]
    assert posted["status"] == "OPEN" and posted["number"] != invoice["number"]
    assert Decimal(posted["remainingAmount"]) == total
    after = (await _run(gw, "CustomerBalance", {"customerId": customer["id"]}))["customer"]
    assert Decimal(after["balanceDue"]) == total
    assert [i["number"] for i in after["salesInvoices"]["nodes"]] == [posted["number"]]
