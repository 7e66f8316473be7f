"""`bcgraph import-api`: a custom API's `$metadata` (a file, or the URL BC serves it at)
read into a declaration file (bcmodel/custom_apis.py) that `BCGRAPH_CUSTOM_APIS` loads.

    bcgraph import-api https://…/v2.0/{tenant}/{env}/api/contoso/logistics/v1.0/\\$metadata \\
        --output contoso.json                     # bearer token in BCGRAPH_IMPORT_TOKEN
    bcgraph import-api metadata.xml --route contoso/logistics/v1.0 --output contoso.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from bcmodel import Route
from bcmodel.csdl import default_prefix, read_metadata
from bcmodel.custom_apis import CustomApiError, from_json

TOKEN_VARIABLE = "BCGRAPH_IMPORT_TOKEN"  # noqa: S105 - the variable's name, not a token
_ROUTE = re.compile(
    r"(?P<publisher>[A-Za-z0-9][A-Za-z0-9_-]*)/(?P<group>[A-Za-z0-9][A-Za-z0-9_-]*)"
    r"/(?P<version>v[0-9]+\.[0-9]+(?:-[A-Za-z0-9]+)?)"
)
_URL = re.compile(rf"/api/{_ROUTE.pattern}/\$metadata$")


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "import-api",
        help="write entity declarations for a custom API from its $metadata",
        description="Read a custom API's $metadata (api/{publisher}/{group}/{version}) from a "
        f"file or its URL (with the bearer token in {TOKEN_VARIABLE}: a connected tenant's, "
        "or the sandbox's) and write the JSON declaration file BCGRAPH_CUSTOM_APIS loads.",
    )
    parser.add_argument("source", help="a $metadata file, or its http(s) URL")
    parser.add_argument(
        "--route",
        help="publisher/group/version of the API (taken from the URL when not given)",
    )
    parser.add_argument(
        "--prefix",
        help="GraphQL prefix of the API's names: a capitalised name without '_' "
        "(default: from the publisher, contoso -> Contoso)",
    )
    parser.add_argument("--output", "-o", help="the file to write (default: standard output)")


def run(
    args: argparse.Namespace,
    env: Mapping[str, str],
    *,
    transport: httpx.AsyncBaseTransport | None = None,
) -> int:
    """The command; a source it cannot use is one line on stderr and exit status 2."""
    try:
        text = _declarations(args, env, transport)
    except CustomApiError as error:
        print(f"bcgraph import-api: {' '.join(str(error).split())}", file=sys.stderr)
        return 2
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _declarations(
    args: argparse.Namespace, env: Mapping[str, str], transport: httpx.AsyncBaseTransport | None
) -> str:
    source: str = args.source
    remote = urlsplit(source).scheme in ("http", "https")
    route = parse_route(args.route) if args.route else None
    if remote:
        route = route or route_from_url(source)
        xml = asyncio.run(fetch_metadata(source, env.get(TOKEN_VARIABLE, ""), transport=transport))
    else:
        if route is None:
            raise CustomApiError(f"{source}: give --route publisher/group/version for a file")
        try:
            xml = Path(source).read_bytes()
        except OSError as error:
            raise CustomApiError(f"{source}: cannot be read ({error.strerror})") from None
    imported = read_metadata(xml, route, args.prefix or default_prefix(route.publisher), source)
    from_json(imported.data, source)  # what BCGRAPH_CUSTOM_APIS will load must load
    for note in imported.notes:
        print(f"bcgraph import-api: note: {note}", file=sys.stderr)
    return json.dumps(imported.data, indent=2, ensure_ascii=False) + "\n"


def parse_route(text: str) -> Route:
    found = _ROUTE.fullmatch(text.strip("/"))
    if found is None:
        raise CustomApiError(f"--route {text!r}: publisher/group/version, such as a/b/v1.0")
    return Route(found["publisher"], found["group"], found["version"])


def route_from_url(url: str) -> Route:
    found = _URL.search(urlsplit(url).path)
    if found is None:
        raise CustomApiError(
            f"{url}: not a custom API's $metadata URL (…/api/{{publisher}}/{{group}}/"
            "{version}/$metadata); give --route"
        )
    return Route(found["publisher"], found["group"], found["version"])


async def fetch_metadata(
    url: str, token: str, *, transport: httpx.AsyncBaseTransport | None = None
) -> bytes:
    if not token:
        raise CustomApiError(f"{url}: set {TOKEN_VARIABLE} to a bearer token for the API")
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/xml"}
    async with httpx.AsyncClient(transport=transport, timeout=60) as http:
        try:
            response = await http.get(url, headers=headers)
        except httpx.HTTPError as error:
            raise CustomApiError(f"{url}: no answer ({type(error).__name__})") from None
    if response.status_code != 200:
        raise CustomApiError(f"{url}: answered {response.status_code}, not the $metadata")
    return response.content
