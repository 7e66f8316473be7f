"""Hostile GraphQL documents, each family a function of its size: what an attacker sends to
make validation, cost estimation or planning do work out of proportion to the bytes.

tests/gateway/test_hostile_documents.py sends them through the gateway; bench/hostile.py
prints the CPU each costs."""

from __future__ import annotations

from collections.abc import Callable

MIB = 1 << 20


def nested_fragments(levels: int, fan: int = 2) -> str:
    """Each fragment spreads the next `fan` times: fan^levels copies of the last one."""
    parts = [
        "query Q { ...F0 }",
        f"fragment F{levels} on Query {{ vendors(first: 1) {{ nodes {{ id }} }} }}",
    ]
    parts += [
        f"fragment F{i} on Query {{ {' '.join([f'...F{i + 1}'] * fan)} }}" for i in range(levels)
    ]
    return "\n".join(parts)


def nested_fragments_in_fields(levels: int, fan: int = 2) -> str:
    """The same fan-out under a list field, where the planner reads the selection."""
    parts = [
        "query Q { vendors(first: 1) { nodes { ...F0 } } }",
        f"fragment F{levels} on Vendor {{ id displayName }}",
    ]
    parts += [
        f"fragment F{i} on Vendor {{ number {' '.join([f'...F{i + 1}'] * fan)} }}"
        for i in range(levels)
    ]
    return "\n".join(parts)


def wide_fragments(count: int) -> str:
    """Many fragments over the same fields, all spread in one selection set: every pair of
    fragments is compared."""
    spreads = " ".join(f"...W{i}" for i in range(count))
    fragments = "\n".join(
        f"fragment W{i} on Vendor {{ id number displayName email }}" for i in range(count)
    )
    return f"query Q {{ vendors(first: 1) {{ nodes {{ {spreads} }} }} }}\n{fragments}"


def repeated_fields(count: int) -> str:
    """One list field written `count` times without aliases: pairs compared by merging."""
    return "{ " + " ".join(["vendors(first: 1) { nodes { id } }"] * count) + " }"


def conflicting_repeats(count: int) -> str:
    """The same response name with different arguments each time: every pair conflicts."""
    return (
        "{ " + " ".join(f"x: vendors(first: {i}) {{ nodes {{ id }} }}" for i in range(count)) + " }"
    )


def aliases(count: int) -> str:
    return (
        "{ "
        + " ".join(f"a{i}: vendors(first: 1) {{ nodes {{ id }} }}" for i in range(count))
        + " }"
    )


def directives(count: int) -> str:
    return "{ vendors(first: 1) { nodes { id " + "@include(if: true) " * count + "} } }"


def variable_directives(count: int) -> str:
    names = [f"$v{i}: Boolean = true" for i in range(count)]
    uses = " ".join(f"@include(if: $v{i})" for i in range(count))
    return f"query Q({', '.join(names)}) {{ vendors(first: 1) {{ nodes {{ id {uses} }} }} }}"


def deep_list_variable(depth: int) -> str:
    """A variable typed as a list nested `depth` deep (the parser's nesting limit is 200)."""
    return f"query Q($v: {'[' * depth}String{']' * depth}) {{ __typename }}"


def deep_list_value(depth: int) -> str:
    return (
        "{ vendors(first: 1, filter: {number: {in: "
        + "[" * depth
        + '"1"'
        + "]" * depth
        + "}}) { nodes { id } } }"
    )


def deep_selection(depth: int) -> str:
    return (
        "{ "
        + "vendors(first: 1) { nodes { purchaseInvoices(first: 1) { nodes { vendor { " * depth
        + "id"
        + " } } } } }" * depth
        + " }"
    )


def fragment_chain(length: int) -> str:
    """Fragments that each spread the next once: a long chain, no fan-out."""
    parts = ["query Q { ...C0 }", f"fragment C{length} on Query {{ __typename }}"]
    parts += [f"fragment C{i} on Query {{ ...C{i + 1} }}" for i in range(length)]
    return "\n".join(parts)


def many_operations(count: int) -> str:
    return " ".join(f"query Q{i} {{ __typename }}" for i in range(count))


def comment_padding(size: int) -> str:
    return "{ __typename }\n" + ("#" + "x" * 998 + "\n") * (size // 1000)


def string_padding(size: int) -> str:
    return (
        '{ vendors(first: 1, filter: {displayName: {eq: "' + "x" * size + '"}}) { nodes { id } } }'
    )


def whitespace_padding(size: int) -> str:
    return "{" + " " * size + "__typename }"


# family -> sizes to try, from small to as large as the default limits let through (2,000
# tokens, 100,000 characters) and past them.
FAMILIES: dict[str, tuple[Callable[[int], str], tuple[int, ...]]] = {
    "nested fragments": (nested_fragments, (8, 16, 40, 120)),
    "nested fragments, fan 4": (lambda n: nested_fragments(n, 4), (6, 12, 60)),
    "nested fragments in fields": (nested_fragments_in_fields, (8, 16, 40, 100)),
    "wide fragments": (wide_fragments, (50, 150)),
    "repeated fields": (repeated_fields, (100, 195)),
    "conflicting repeats": (conflicting_repeats, (30, 160)),
    "aliases": (aliases, (30, 150)),
    "directives": (directives, (100, 320)),
    "variable directives": (variable_directives, (100, 180)),
    "deep list variable": (deep_list_variable, (50, 190)),
    "deep list value": (deep_list_value, (50, 190)),
    "deep selection": (deep_selection, (3, 30)),
    "fragment chain": (fragment_chain, (100, 190, 240)),
    "many operations": (many_operations, (100, 390)),
    "comment padding": (comment_padding, (50_000, 99_000, MIB - 4096)),
    "string padding": (string_padding, (50_000, 99_000, MIB - 4096)),
    "whitespace padding": (whitespace_padding, (50_000, 99_000, MIB - 4096)),
}
