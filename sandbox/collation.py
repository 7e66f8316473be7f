"""How the sandbox orders text, in `$orderby` and in `gt`/`lt` filters alike.

BC's database compares text with its collation: case plays a part only between texts equal
but for case. This key gives that order (an approximation of SQL Server's: between such
texts the upper case sorts first here). Sorting and filtering share it, so a filter
`name gt 'X'` selects exactly the rows that sort after 'X', which keyset paging (the
gateway's cursors, and `$skiptoken` here) relies on.
"""

from __future__ import annotations


def text_key(text: str) -> tuple[str, str]:
    return (text.casefold(), text)
