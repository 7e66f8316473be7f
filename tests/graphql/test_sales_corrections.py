"""Correcting and sending posted sales documents over GraphQL: an invoice's corrective
credit memo, posting or canceling and sending in one action (BC commits before it sends,
so a refused send leaves the posting), sending and canceling credit memos, and BC's
refusals of each."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.graphql.conftest import Gateway
from tests.graphql.test_customers import CREATE as CREATE_CUSTOMER
from tests.graphql.test_mutations import error_of
from tests.graphql.test_sales_credit_memos import POST as POST_MEMO
from tests.graphql.test_sales_credit_memos import create as create_memo
from tests.graphql.test_sales_invoices import CANCEL, POST, balance, create, item

STATE = "id number status remainingAmount totalAmountIncludingTax"
MEMO = "id number status invoiceId invoiceNumber totalAmountIncludingTax"
CORRECT = f"""mutation($id: UUID!) {{ makeCorrectiveCreditMemoSalesInvoice(id: $id) {{ {MEMO}
  customerId lines {{ nodes {{ lineType quantity unitPrice }} }} }} }}"""
POST_AND_SEND = f"mutation($id: UUID!) {{ postAndSendSalesInvoice(id: $id) {{ {STATE} }} }}"
CANCEL_AND_SEND = f"mutation($id: UUID!) {{ cancelAndSendSalesInvoice(id: $id) {{ {STATE} }} }}"
SEND_MEMO = f"mutation($id: UUID!) {{ sendSalesCreditMemo(id: $id) {{ {MEMO} }} }}"
POST_AND_SEND_MEMO = f"mutation($id: UUID!) {{ postAndSendSalesCreditMemo(id: $id) {{ {MEMO} }} }}"
CANCEL_MEMO = f"mutation($id: UUID!) {{ cancelSalesCreditMemo(id: $id) {{ {MEMO} }} }}"
CANCEL_AND_SEND_MEMO = (
    f"mutation($id: UUID!) {{ cancelAndSendSalesCreditMemo(id: $id) {{ {MEMO} }} }}"
)
INVOICE = f"query($id: UUID!) {{ salesInvoice(id: $id) {{ {STATE} }} }}"
MEMO_OF = f"query($id: UUID!) {{ salesCreditMemo(id: $id) {{ {MEMO} }} }}"
NO_INVOICE_ADDRESS = (
    "The send-to email is empty. Specify email either for the customer or for the invoice in "
    "email preview."
)
NO_MEMO_ADDRESS = (
    "The send-to email is empty. Specify email either for the customer or for the Credit Memo "
    "in email preview."
)


async def customer(gw: Gateway, name: str, email: str = "") -> str:
    values = {"displayName": name, **({"email": email} if email else {})}
    created = await gw.data(CREATE_CUSTOMER, {"input": values})
    return str(created["createCustomer"]["id"])


async def posted_invoice(gw: Gateway, customer_id: str, quantity: str = "2") -> dict[str, Any]:
    sold = await item(gw)
    lines = [
        {"itemId": sold["itemId"], "quantity": quantity, "unitPrice": "50"},
        {"lineType": "COMMENT", "description": "with thanks"},
    ]
    draft = await create(gw, customerId=customer_id, lines=lines)
    return dict((await gw.data(POST, {"id": draft["id"]}))["postSalesInvoice"])


async def test_a_corrective_credit_memo_is_a_draft_applied_to_the_invoice(gw: Gateway) -> None:
    buyer = await customer(gw, "Corrected Customer")
    invoice = await posted_invoice(gw, buyer)
    owed = await balance(gw, buyer)

    memo = (await gw.data(CORRECT, {"id": invoice["id"]}))["makeCorrectiveCreditMemoSalesInvoice"]
    assert memo["status"] == "DRAFT" and memo["customerId"] == buyer
    assert (memo["invoiceId"], memo["invoiceNumber"]) == (invoice["id"], invoice["number"])
    assert memo["totalAmountIncludingTax"] == invoice["totalAmountIncludingTax"]
    lines = memo["lines"]["nodes"]
    assert [(ln["lineType"], ln["quantity"]) for ln in lines] == [("ITEM", "2"), ("COMMENT", "0")]
    # Nothing is posted until the memo is: the invoice and the balance are as they were.
    unchanged = (await gw.data(INVOICE, {"id": invoice["id"]}))["salesInvoice"]
    assert unchanged["status"] == "OPEN" and await balance(gw, buyer) == owed

    posted = (await gw.data(POST_MEMO, {"id": memo["id"]}))["postSalesCreditMemo"]
    assert posted["status"] == "OPEN" and await balance(gw, buyer) == 0
    closed = error_of(await gw.execute(CORRECT, {"id": invoice["id"]}))
    assert closed["message"] == (
        "The invoice is closed. The corrective credit memo will not be applied to the invoice."
    )


async def test_bcs_refusals_of_a_corrective_credit_memo(gw: Gateway) -> None:
    buyer = await customer(gw, "Partly Credited Customer")
    sold = await item(gw)
    draft = await create(gw, customerId=buyer, lines=[{"itemId": sold["itemId"], "quantity": "1"}])
    refused = error_of(await gw.execute(CORRECT, {"id": draft["id"]}))
    assert refused["message"] == "The action can be applied to a posted invoice only."

    invoice = await posted_invoice(gw, buyer, quantity="4")
    part = await create_memo(
        gw,
        customerId=buyer,
        invoiceId=invoice["id"],
        lines=[{"itemId": sold["itemId"], "quantity": "1", "unitPrice": "10"}],
    )
    await gw.data(POST_MEMO, {"id": part["id"]})
    partly = error_of(await gw.execute(CORRECT, {"id": invoice["id"]}))
    assert partly["message"] == (
        "The invoice is partially paid or credited. The corrective credit memo may not be "
        "fully closed by the invoice."
    )


async def test_post_and_send_posts_even_when_sending_is_refused(gw: Gateway) -> None:
    sold = await item(gw)
    lines = [{"itemId": sold["itemId"], "quantity": "1", "unitPrice": "80"}]
    mailed = await create(gw, customerId=await customer(gw, "Mailed", "ar@mailed.example"),
                          lines=lines)  # fmt: skip
    sent = (await gw.data(POST_AND_SEND, {"id": mailed["id"]}))["postAndSendSalesInvoice"]
    assert sent["id"] == mailed["id"] and sent["status"] == "OPEN"
    again = error_of(await gw.execute(POST_AND_SEND, {"id": mailed["id"]}))
    assert again["message"] == "The action can be applied to a draft invoice only."

    mute_customer = await customer(gw, "Unmailed")
    mute = await create(gw, customerId=mute_customer, lines=lines)
    refused = error_of(await gw.execute(POST_AND_SEND, {"id": mute["id"]}))
    assert refused["message"] == NO_INVOICE_ADDRESS
    # BC committed the posting before it tried to send.
    after = (await gw.data(INVOICE, {"id": mute["id"]}))["salesInvoice"]
    assert after["status"] == "OPEN" and after["number"] != mute["number"]
    assert await balance(gw, mute_customer) == Decimal(after["totalAmountIncludingTax"])


async def test_cancel_and_send_cancels_even_when_sending_is_refused(gw: Gateway) -> None:
    mailed = await posted_invoice(gw, await customer(gw, "Cancel Mailed", "c@mailed.example"))
    done = (await gw.data(CANCEL_AND_SEND, {"id": mailed["id"]}))["cancelAndSendSalesInvoice"]
    assert (done["status"], done["remainingAmount"]) == ("CANCELED", "0")

    mute_customer = await customer(gw, "Cancel Unmailed")
    mute = await posted_invoice(gw, mute_customer)
    refused = error_of(await gw.execute(CANCEL_AND_SEND, {"id": mute["id"]}))
    assert refused["message"] == NO_INVOICE_ADDRESS
    after = (await gw.data(INVOICE, {"id": mute["id"]}))["salesInvoice"]
    assert after["status"] == "CANCELED" and await balance(gw, mute_customer) == 0
    twice = error_of(await gw.execute(CANCEL_AND_SEND, {"id": mute["id"]}))
    assert twice["message"] == (
        "The invoice cannot be canceled because it has already been canceled."
    )


async def test_credit_memos_are_sent_and_posted_and_sent(gw: Gateway) -> None:
    sold = await item(gw)
    lines = [{"itemId": sold["itemId"], "quantity": "1", "unitPrice": "30"}]
    mailed = await customer(gw, "Memo Mailed", "m@mailed.example")
    draft = await create_memo(gw, customerId=mailed, lines=lines)
    refused = error_of(await gw.execute(SEND_MEMO, {"id": draft["id"]}))
    assert refused["message"] == "The action can be applied to a posted credit memo only."
    posted = (await gw.data(POST_AND_SEND_MEMO, {"id": draft["id"]}))["postAndSendSalesCreditMemo"]
    assert posted["status"] == "OPEN" and posted["number"] != draft["number"]
    assert (await gw.data(SEND_MEMO, {"id": draft["id"]}))["sendSalesCreditMemo"] == posted
    again = error_of(await gw.execute(POST_AND_SEND_MEMO, {"id": draft["id"]}))
    assert again["message"] == "The action can be applied to a draft credit memo only."

    mute_customer = await customer(gw, "Memo Unmailed")
    mute = await create_memo(gw, customerId=mute_customer, lines=lines)
    refused = error_of(await gw.execute(POST_AND_SEND_MEMO, {"id": mute["id"]}))
    assert refused["message"] == NO_MEMO_ADDRESS
    after = (await gw.data(MEMO_OF, {"id": mute["id"]}))["salesCreditMemo"]
    assert after["status"] == "OPEN"
    assert await balance(gw, mute_customer) == -Decimal(after["totalAmountIncludingTax"]) < 0
    unsent = error_of(await gw.execute(SEND_MEMO, {"id": mute["id"]}))
    assert unsent["message"] == NO_MEMO_ADDRESS


async def test_canceling_a_corrective_credit_memo_reopens_the_invoice(gw: Gateway) -> None:
    buyer = await customer(gw, "Uncanceled Customer")
    invoice = await posted_invoice(gw, buyer)
    total = Decimal(invoice["totalAmountIncludingTax"])
    await gw.data(CANCEL, {"id": invoice["id"]})
    assert await balance(gw, buyer) == 0
    memos = await gw.data(
        "query($c: UUID) { salesCreditMemos(filter: {customerId: {eq: $c}}) { nodes { id } } }",
        {"c": buyer},
    )
    [corrective] = memos["salesCreditMemos"]["nodes"]

    canceled = (await gw.data(CANCEL_MEMO, {"id": corrective["id"]}))["cancelSalesCreditMemo"]
    assert canceled["status"] == "CANCELED" and canceled["invoiceId"] == invoice["id"]
    reopened = (await gw.data(INVOICE, {"id": invoice["id"]}))["salesInvoice"]
    assert reopened["status"] == "OPEN" and Decimal(reopened["remainingAmount"]) == total
    assert await balance(gw, buyer) == total
    invoices = await gw.data(
        """query($c: UUID) { salesInvoices(filter: {customerId: {eq: $c}, status: CORRECTIVE}) {
             nodes { totalAmountIncludingTax remainingAmount lines { nodes { quantity } } } } }""",
        {"c": buyer},
    )
    [made] = invoices["salesInvoices"]["nodes"]
    assert Decimal(made["totalAmountIncludingTax"]) == total and made["remainingAmount"] == "0"
    assert [ln["quantity"] for ln in made["lines"]["nodes"]] == ["2", "0"]
    twice = error_of(await gw.execute(CANCEL_AND_SEND_MEMO, {"id": corrective["id"]}))
    assert twice["message"] == (
        "The credit memo cannot be cancelled because it has already been canceled."
    )


async def test_bcs_refusals_of_canceling_a_credit_memo(gw: Gateway) -> None:
    sold = await item(gw)
    buyer = await customer(gw, "Plain Memo Customer")
    lines = [{"itemId": sold["itemId"], "quantity": "1", "unitPrice": "20"}]
    draft = await create_memo(gw, customerId=buyer, lines=lines)
    refused = error_of(await gw.execute(CANCEL_MEMO, {"id": draft["id"]}))
    assert refused["message"] == "The action can be applied to a posted credit memo only."
    await gw.data(POST_MEMO, {"id": draft["id"]})
    plain = error_of(await gw.execute(CANCEL_MEMO, {"id": draft["id"]}))
    assert plain["message"] == (
        "You cannot cancel this posted sales credit memo because it is not a corrective document."
    )


async def test_cancel_and_send_leaves_the_mail_to_the_job_queue(gw: Gateway) -> None:
    # No address anywhere: BC mails a canceled memo from its job queue, so nothing refuses.
    buyer = await customer(gw, "Queued Customer")
    invoice = await posted_invoice(gw, buyer)
    await gw.data(CANCEL, {"id": invoice["id"]})
    memos = await gw.data(
        "query($c: UUID) { salesCreditMemos(filter: {customerId: {eq: $c}}) { nodes { id } } }",
        {"c": buyer},
    )
    [corrective] = memos["salesCreditMemos"]["nodes"]
    done = await gw.data(CANCEL_AND_SEND_MEMO, {"id": corrective["id"]})
    assert done["cancelAndSendSalesCreditMemo"]["status"] == "CANCELED"
    assert (await gw.data(SEND_MEMO, {"id": corrective["id"]}))["sendSalesCreditMemo"]


async def test_a_blocked_customers_corrective_memo_is_not_canceled(gw: Gateway) -> None:
    buyer = await customer(gw, "Blocked Later")
    invoice = await posted_invoice(gw, buyer)
    await gw.data(CANCEL, {"id": invoice["id"]})
    memos = await gw.data(
        "query($c: UUID) { salesCreditMemos(filter: {customerId: {eq: $c}}) { nodes { id } } }",
        {"c": buyer},
    )
    [corrective] = memos["salesCreditMemos"]["nodes"]
    await gw.data(
        "mutation($id: UUID!) { updateCustomer(id: $id, input: {blocked: INVOICE}) { id } }",
        {"id": buyer},
    )
    refused = error_of(await gw.execute(CANCEL_MEMO, {"id": corrective["id"]}))
    assert refused["message"] == (
        "You cannot cancel this posted sales credit memo because customer Blocked Later is blocked."
    )
    kept = (await gw.data(MEMO_OF, {"id": corrective["id"]}))["salesCreditMemo"]
    assert kept["status"] == "CORRECTIVE"
