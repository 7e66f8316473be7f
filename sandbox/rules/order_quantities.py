"""What is left to ship, receive or invoice on an order's lines, and BC's refusal of
more than that (Sales Line and Purchase Line: Qty. to Ship, Qty. to Receive and Qty. to
Invoice stay within the outstanding quantity)."""

from __future__ import annotations

from collections.abc import Sequence

from sandbox.invoicing import dec, wire_number
from sandbox.rules.base import dialog
from sandbox.store import Row


def outstanding(line: Row, done: str) -> int | float:
    """What of the line's quantity is not yet done (`done`: the shipped, received or
    invoiced quantity's field); a comment line has none."""
    if line["lineType"] == "Comment":
        return 0
    return wire_number(dec(line["quantity"]) - dec(line.get(done) or 0))


def check_within(lines: Sequence[Row], steps: Sequence[tuple[str, str, str]]) -> None:
    """Each (to-do field, done field, verb) of each line: refused as BC refuses it when
    the line asks for more than is outstanding."""
    for line in lines:
        for wanted, done, verb in steps:
            left = dec(outstanding(line, done))
            if dec(line[wanted]) > left:
                raise dialog(f"You cannot {verb} more than {wire_number(left)} units.")
