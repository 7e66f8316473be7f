"""The write path, measured: upstream requests per mutation, counted by the sandbox
(/_sandbox/stats), and the wall time of each operation.

The gateway's resolvers run in this process over the real BC client, the sandbox reached
in-process (httpx.ASGITransport): the counts are what a deployment would send to BC.

    .venv/bin/python bench/mutations.py
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import httpx

from gateway.bc.batch import BatchSession
from gateway.bc.client import BCClient, create_http_client
from gateway.bc.config import BCClientConfig
from gateway.bc.session import BCSession
from gateway.bc.types import BCTarget
from gateway.bc.urls import api_root
from resolvers.context import Context, Upstream
from resolvers.cursors import CursorKeys
from sandbox.app import create_sandbox
from sandbox.directory import CONTOSO_TENANT
from sandbox.settings import SandboxSettings
from schema import build_schema

BASE = "http://sandbox.bench"
USER = "alice@contoso.example"
LINE = '{lineType: ITEM, lineObjectNumber: "1896-S", quantity: "%d"}'
FIVE_LINES = ", ".join(LINE % (i + 1) for i in range(5))


class Bench:
    def __init__(self) -> None:
        self.app = create_sandbox(SandboxSettings(public_url=BASE, admin_enabled=True))
        transport = httpx.ASGITransport(app=self.app)
        self.http = create_http_client(BCClientConfig(), transport=transport)
        self.admin = httpx.AsyncClient(transport=transport, base_url=BASE)
        self.client = BCClient(self.http)
        self.schema = build_schema()
        token = self.app.state.sandbox.identity.issue_access_token(user=USER)

        async def access_token() -> str:
            return str(token)

        self.target = BCTarget(USER, api_root(BASE, CONTOSO_TENANT, "production"), access_token)
        self.company = ""
        self.cursor_keys = CursorKeys.generate()

    async def start(self) -> None:
        answer = await self.run("{ companies { id name } }")
        self.company = sorted(answer["companies"], key=lambda c: c["name"])[0]["id"]

    async def run(self, document: str, variables: dict[str, Any] | None = None) -> Any:
        session = BatchSession(self.client, self.target)
        context = Context.fixed(
            USER,
            Upstream(self.company, BCSession(session.send, self.target.api_root)),
            self.cursor_keys,
        )
        try:
            result = await self.schema.execute(
                document, variable_values=variables, context_value=context
            )
        finally:
            await session.aclose()
        if result.errors and not document.lstrip().startswith("# expect error"):
            raise RuntimeError(f"{document[:60]}…: {result.errors}")
        return result.data

    async def measure(
        self, document: str, variables: dict[str, Any] | None = None
    ) -> tuple[int, int, float, Any]:
        await self.admin.delete("/_sandbox/stats")
        started = time.perf_counter()
        data = await self.run(document, variables)
        elapsed = (time.perf_counter() - started) * 1000
        stats = (await self.admin.get("/_sandbox/stats")).json()
        return stats["httpRequests"], stats["batchOperations"], elapsed, data

    async def close(self) -> None:
        await self.client.aclose()
        await self.http.aclose()
        await self.admin.aclose()


def aliased(count: int, selection: str) -> str:
    fields = " ".join(
        f'v{i}: createVendor(input: {{displayName: "Bench {i}"}}) {{ {selection} }}'
        for i in range(count)
    )
    return f"mutation {{ {fields} }}"


async def main() -> None:
    bench = Bench()
    await bench.start()
    rows: list[tuple[str, int, int, float, str]] = []
    state: dict[str, Any] = {}

    async def case(
        name: str,
        document: str | Callable[[], str],
        variables: Callable[[], dict[str, Any]] | None = None,
        keep: Callable[[Any], None] | None = None,
        note: str = "",
    ) -> None:
        text = document() if callable(document) else document
        requests, in_batch, ms, data = await bench.measure(text, variables() if variables else None)
        if keep is not None:
            keep(data)
        rows.append((name, requests, in_batch, ms, note))

    def remember(field: str, *keys: str) -> Callable[[Any], None]:
        def keep(data: Any) -> None:
            for key in keys:
                state[f"{field}.{key}"] = data[field][key]

        return keep

    await case(
        "createVendor",
        'mutation { createVendor(input: {displayName: "Bench"}) { id etag number } }',
        keep=remember("createVendor", "id", "etag"),
    )
    await case(
        "updateVendor (with etag)",
        "mutation($id: UUID!, $e: String) { updateVendor(id: $id, etag: $e, "
        'input: {displayName: "Bench 2"}) { etag } }',
        lambda: {"id": state["createVendor.id"], "e": state["createVendor.etag"]},
    )
    await case(
        "updateVendor, stale etag -> CONFLICT",
        "# expect error\nmutation($id: UUID!, $e: String) { updateVendor(id: $id, etag: $e, "
        'input: {displayName: "Bench 3"}) { etag } }',
        lambda: {"id": state["createVendor.id"], "e": state["createVendor.etag"]},
        note="the 409, then one GET for currentEtag",
    )
    await case(
        "deleteVendor",
        "mutation($id: UUID!) { deleteVendor(id: $id) }",
        lambda: {"id": state["createVendor.id"]},
    )
    await case(
        "createPurchaseInvoice with 5 lines",
        "mutation { createPurchaseInvoice(input: "
        f'{{vendorNumber: "20000", lines: [{FIVE_LINES}]}})'
        " { id etag totalAmountIncludingTax } }",
        keep=remember("createPurchaseInvoice", "id", "etag"),
        note="one deep-insert POST",
    )
    await case(
        "updatePurchaseInvoice",
        "mutation($id: UUID!, $e: String) { updatePurchaseInvoice(id: $id, etag: $e, "
        'input: {vendorInvoiceNumber: "B-1"}) { etag } }',
        lambda: {"id": state["createPurchaseInvoice.id"], "e": state["createPurchaseInvoice.etag"]},
    )
    await case(
        "createPurchaseInvoiceLine",
        f"mutation($inv: UUID!) {{ createPurchaseInvoiceLine(invoiceId: $inv, input: {LINE % 2})"
        " { id etag } }",
        lambda: {"inv": state["createPurchaseInvoice.id"]},
        keep=remember("createPurchaseInvoiceLine", "id", "etag"),
    )
    await case(
        "updatePurchaseInvoiceLine",
        "mutation($inv: UUID!, $id: UUID!, $e: String) { updatePurchaseInvoiceLine("
        'invoiceId: $inv, id: $id, etag: $e, input: {quantity: "3"}) { amountExcludingTax } }',
        lambda: {
            "inv": state["createPurchaseInvoice.id"],
            "id": state["createPurchaseInvoiceLine.id"],
            "e": state["createPurchaseInvoiceLine.etag"],
        },
    )
    await case(
        "deletePurchaseInvoiceLine",
        "mutation($inv: UUID!, $id: UUID!) { deletePurchaseInvoiceLine(invoiceId: $inv, id: $id) }",
        lambda: {
            "inv": state["createPurchaseInvoice.id"],
            "id": state["createPurchaseInvoiceLine.id"],
        },
    )
    await case(
        "postInvoice { status lines }",
        "mutation($id: UUID!) { postInvoice(id: $id) { status lines { nodes { quantity } } } }",
        lambda: {"id": state["createPurchaseInvoice.id"]},
        note="the action (204), then one GET with $expand",
    )
    await case(
        "createTaxGroup",
        'mutation { createTaxGroup(input: {code: "BENCH"}) { id } }',
    )
    await case(
        "createPaymentTerm",
        'mutation { createPaymentTerm(input: {code: "BENCH", dueDateCalculation: "7D"}) { id } }',
    )
    await case(
        "20 aliased createVendor",
        aliased(20, "id number"),
        note="one $batch, BC runs them in order",
    )
    await case(
        "20 aliased createVendor { paymentTerm }",
        aliased(20, "id paymentTerm { code }"),
        note="each reads a relation after its write: serial",
    )
    await case(
        "150 aliased createVendor",
        aliased(150, "id"),
        note="BC's batch holds at most 100 operations",
    )
    await bench.close()

    width = max(len(r[0]) for r in rows)
    print(f"{'mutation'.ljust(width)}  upstream  in $batch      ms  note")
    for name, requests, in_batch, ms, note in rows:
        print(f"{name.ljust(width)}  {requests:8d}  {in_batch:9d}  {ms:6.1f}  {note}")


if __name__ == "__main__":
    asyncio.run(main())
