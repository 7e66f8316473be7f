"""Invoice lines derived from their invoice: what changed since the last snapshot."""

from __future__ import annotations

from decimal import Decimal

from gateway.webhooks import children as lines


def line(line_id: str, quantity: str, etag: str = 'W/"1"') -> dict[str, object]:
    return {"@odata.etag": etag, "id": line_id, "quantity": Decimal(quantity), "description": "x"}


def test_created_updated_deleted_against_the_snapshot() -> None:
    before = lines.snapshot([line("a", "1"), line("b", "2"), line("c", "3")])
    now = [line("a", "1", etag='W/"9"'), line("b", "2.5"), line("d", "4")]
    changes = [
        (kind, line_id) for kind, line_id, _ in lines.diff(before, now, parent_created=False)
    ]
    # `a` only got a new etag: not a change of content.
    assert changes == [("updated", "b"), ("created", "d"), ("deleted", "c")]
    assert lines.decode(lines.encode(lines.snapshot(now))) == lines.snapshot(now)


def test_without_a_snapshot_new_invoices_create_and_others_update() -> None:
    now = [line("a", "1")]
    assert [k for k, *_ in lines.diff(None, now, parent_created=True)] == ["created"]
    assert [k for k, *_ in lines.diff(None, now, parent_created=False)] == ["updated"]
    assert lines.diff(lines.snapshot(now), now, parent_created=False) == []
