"""GraphQL Mesh (this folder's .meshrc.yaml) in front of one bcgraph sandbox, by hand.

Without --sandbox, starts the sandbox alone first (uvicorn, BC's limits off, admin API on),
as bench/compare.py does; with --sandbox URL, uses that running sandbox (its identity
provider answers at the same URL). Gets an app-only token (client credentials) and the
first company, builds Mesh's artifacts from the sandbox's $metadata, starts Mesh, prints
a query to try, and runs until Ctrl-C.

    (cd bench/mesh && npm ci)
    .venv/bin/python bench/mesh/run.py [--sandbox http://127.0.0.1:8100] [--port 4000]
"""

from __future__ import annotations

import argparse
import signal
import sys
from contextlib import ExitStack
from pathlib import Path

import httpx

BENCH = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BENCH))

from compare import (  # noqa: E402
    start_mesh,
    start_sandbox,
    stop,
    wait_until,
    what_to_read,
)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sandbox", help="URL of a running sandbox (default: start one)")
    parser.add_argument("--port", type=int, default=4000)
    args = parser.parse_args()
    with ExitStack() as stack:
        if args.sandbox:
            url = args.sandbox.rstrip("/")
            api_root, token, company = what_to_read(url)
        else:
            sandbox = stack.enter_context(start_sandbox())
            url = sandbox.url
            api_root, token, company = sandbox.api_root, sandbox.token, sandbox.company
        mesh = start_mesh(api_root, token, company, args.port)
        stack.callback(stop, mesh)
        endpoint = f"http://127.0.0.1:{args.port}/graphql"
        wait_until(
            lambda: httpx.post(endpoint, json={"query": "{ __typename }"}).status_code == 200,
            "Mesh",
            mesh,
        )
        query = "{ purchaseInvoices(queryOptions: {top: 3}) { number vendor { displayName } } }"
        print(
            f"\nsandbox  {url}\nMesh     {endpoint}\n\n"
            f"  curl -s {endpoint} -H 'Content-Type: application/json' \\\n"
            f'       -d \'{{"query": "{query}"}}\'\n\nCtrl-C stops both.',
            flush=True,
        )
        # Blocked, then waited for: either signal ends the wait and the ExitStack stops
        # Mesh and the sandbox (the children were started before the mask, so they keep
        # their own default handlers).
        stopping = {signal.SIGINT, signal.SIGTERM}
        signal.pthread_sigmask(signal.SIG_BLOCK, stopping)
        signal.sigwait(stopping)


if __name__ == "__main__":
    main()
