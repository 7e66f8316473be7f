"""The GraphiQL page: Strawberry's GraphiQL (same pinned, integrity-checked assets), opening
with example operations in tabs (a query with nested lines, a mutation, a subscription) so
a first visit shows what the API does without reading the schema first.

The examples use the public contract's names (docs/schema-contract.graphql); a test
validates each against the schema once its root type exists.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from types import MappingProxyType

# One example per operation type, in the order of GraphiQL's tabs.
EXAMPLES: Mapping[str, str] = MappingProxyType(
    {
        "query": """# Purchase invoices with their vendor and lines. bcgraph asks Business Central
# once: $select for these fields, $expand for vendor and lines.
# Run it with Ctrl-Enter or the play button.
query InvoicesWithLines($first: Int = 5) {
  purchaseInvoices(first: $first, orderBy: [{field: INVOICE_DATE, direction: DESC}]) {
    totalCount
    nodes {
      number
      invoiceDate
      status
      totalAmountIncludingTax
      vendor {
        number
        displayName
      }
      lines {
        nodes {
          sequence
          lineType
          description
          quantity
          unitCost
        }
      }
    }
  }
}
""",
        "mutation": """# A mutation: BC assigns the number; pass `etag` back to update or delete.
mutation CreateVendor {
  createVendor(input: {displayName: "Northwind Supplies"}) {
    id
    number
    displayName
    etag
  }
}
""",
        "subscription": """# A subscription over WebSocket, fed by Business Central webhooks:
# run it, then create or change a vendor in another tab.
subscription VendorChanges {
  recordChanged(entities: [VENDOR]) {
    entity
    changeType
    recordId
    occurredAt
    record {
      ... on Vendor {
        number
        displayName
      }
    }
  }
}
""",
    }
)

_PAGE = """<!doctype html>
<html>
  <head>
    <meta charset="utf-8" />
    <title>bcgraph GraphiQL</title>
    <style>
      body { height: 100%; margin: 0; width: 100%; overflow: hidden; }
      #graphiql { height: 100vh; display: flex; }
    </style>
    <script crossorigin src="https://unpkg.com/react@18.2.0/umd/react.production.min.js"
      integrity="sha384-tMH8h3BGESGckSAVGZ82T9n90ztNXxvdwvdM6UoR56cYcf+0iGXBliJ29D+wZ/x8"></script>
    <script crossorigin src="https://unpkg.com/react-dom@18.2.0/umd/react-dom.production.min.js"
      integrity="sha384-bm7MnzvK++ykSwVJ2tynSE5TRdN+xL418osEVF2DE/L/gfWHj91J2Sphe582B1Bh"></script>
    <link crossorigin rel="stylesheet" href="https://unpkg.com/graphiql@3.8.3/graphiql.min.css"
      integrity="sha384-Mq3vbRBY71jfjQAt/DcjxUIYY33ksal4cgdRt9U/hNPvHBCaT2JfJ/PTRiPKf0aM" />
    <link crossorigin rel="stylesheet"
      href="https://unpkg.com/@graphiql/plugin-explorer@1.0.2/dist/style.css"
      integrity="sha384-5DFJlDPW2tSATRbM8kzoP1j194jexLswuNmClWoRr2Q0x7R68JIQzPHZ02Faktwi" />
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL...</div>
    <script crossorigin src="https://unpkg.com/graphiql@3.8.3/graphiql.min.js"
      integrity="sha384-HbRVEFG0JGJZeAHCJ9Xm2+tpknBQ7QZmNlO/DgZtkZ0aJSypT96YYGRNod99l9Ie"></script>
    <script crossorigin src="https://unpkg.com/@graphiql/plugin-explorer@1.0.2/dist/index.umd.js"
      integrity="sha384-2oonKe47vfHIZnmB6ZZ10vl7T0Y+qrHQF2cmNTaFDuPshpKqpUMGMc9jgj9MLDZ9"></script>
    <script>
      const TABS = __TABS__;
      const url = window.location.href.split("?")[0];
      const socket = new URL(url);
      socket.protocol = socket.protocol === "https:" ? "wss:" : "ws:";
      const fetcher = GraphiQL.createFetcher({ url, subscriptionUrl: socket.toString() });
      const explorer = GraphiQLPluginExplorer.explorerPlugin();
      ReactDOM.createRoot(document.getElementById("graphiql")).render(
        React.createElement(GraphiQL, {
          fetcher,
          plugins: [explorer],
          defaultTabs: TABS,
          defaultEditorToolsVisibility: true,
          isHeadersEditorEnabled: true,
          shouldPersistHeaders: true,
          inputValueDeprecation: true,
        }),
      );
    </script>
  </body>
</html>
"""


def graphiql_page(examples: Mapping[str, str] = EXAMPLES) -> str:
    tabs = [{"query": query} for query in examples.values()]
    # `</` inside a script element would end it early; JSON allows `<\\/` for it.
    return _PAGE.replace("__TABS__", json.dumps(tabs).replace("</", "<\\/"))
