"""The GraphiQL page: GraphiQL with its explorer plugin (pinned, integrity-checked assets,
gateway/graphiql_assets.py), opening with example operations in tabs (a query with nested
lines, a mutation, a subscription, a sale from customer to posted invoice) so a first
visit shows what the API does without reading the schema first.

The page never just hangs on "Loading GraphiQL...": an asset that fails to load, or that
has not loaded after LOADING_PATIENCE_MS, replaces it with what happened and how to go
on (the API works without GraphiQL). When the gateway needs user tokens (not in dev
mode), a note says how to send one, and the Headers editor starts with the header to
fill in (GraphiQL sends it with subscriptions too, in their connection_init).

The examples use the public contract's names (docs/schema-contract.graphql); a test
validates each against the schema once its root type exists.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from types import MappingProxyType

from gateway.graphiql_assets import ASSETS, CDN, LOCAL_PATH

# How long the page waits for GraphiQL's files before saying so (they may still arrive).
LOADING_PATIENCE_MS = 15000
HEADERS_TEMPLATE = '{\n  "Authorization": "Bearer <user token>"\n}'

# One example per operation type, then a sales flow, in the order of GraphiQL's tabs.
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
        "sales flow": """# A sale from start to finish, one operation at a time: pick each
# in turn with the play button's menu, and paste the ids it returns into Variables.
# 1. A customer (BC numbers it).
mutation CreateCustomer {
  createCustomer(input: {displayName: "Adatum Corporation", email: "ap@adatum.example"}) {
    id
    number
    balanceDue
  }
}

# 2. A draft invoice for it, with two item lines, in one call to BC.
# Variables: {"customerId": "<id from step 1>"}
mutation CreateSalesInvoice($customerId: UUID!) {
  createSalesInvoice(input: {
    customerId: $customerId
    lines: [
      {lineType: ITEM, lineObjectNumber: "1896-S", quantity: "2"}
      {lineType: ITEM, lineObjectNumber: "1900-S", quantity: "4"}
    ]
  }) {
    id
    number
    status
    totalAmountIncludingTax
    lines { nodes { description quantity unitPrice amountIncludingTax } }
  }
}

# 3. Post it: BC gives it a posted number and writes G/L entries.
# Variables: {"invoiceId": "<id from step 2>"}
mutation PostSalesInvoice($invoiceId: UUID!) {
  postSalesInvoice(id: $invoiceId) {
    number
    status
    remainingAmount
  }
}

# 4. The customer now owes the invoice's total.
# Variables: {"customerId": "<id from step 1>"}
query CustomerBalance($customerId: UUID!) {
  customer(id: $customerId) {
    number
    balanceDue
    salesInvoices(first: 5) { nodes { number status totalAmountIncludingTax } }
  }
}
""",
    }
)

_PAGE = r"""<!doctype html>
<html>
  <head>
    <meta charset="utf-8" />
    <title>bcgraph GraphiQL</title>
    <style>
      body { height: 100%; margin: 0; width: 100%; overflow: hidden; }
      #page { height: 100vh; display: flex; flex-direction: column; }
      #graphiql { flex: 1; min-height: 0; display: flex; }
      .bcgraph-note { font: 14px/1.5 system-ui, sans-serif; }
      #token-note { padding: 6px 16px; background: #fff6d5; border-bottom: 1px solid #e5cf7d; }
      #graphiql > .bcgraph-note { margin: 3em auto; max-width: 48em; padding: 0 1em; }
      .bcgraph-note code { background: #f1f1f1; padding: 0 3px; }
      .bcgraph-note pre { background: #f1f1f1; padding: 8px; white-space: pre-wrap; }
    </style>
  </head>
  <body>
    <div id="page">
      __HEADERS_NOTE__
      <div id="graphiql"><p class="bcgraph-note">Loading GraphiQL...</p></div>
    </div>
    <script>
      // Before the assets: their onerror handlers and the patience timer use it.
      const BCGRAPH = __CONFIG__;
      const failed = [];
      let started = false;
      function explain(title) {
        const url = window.location.href.split("?")[0];
        const auth = BCGRAPH.needsToken ? " -H 'Authorization: Bearer <user token>'" : "";
        const note = document.createElement("div");
        note.className = "bcgraph-note";
        note.id = "graphiql-unavailable";
        const add = (tag, text) => {
          const element = document.createElement(tag);
          element.textContent = text;
          note.appendChild(element);
        };
        add("h2", title);
        add("p", BCGRAPH.local
          ? "GraphiQL's files are served by this gateway, which did not deliver them."
          : "GraphiQL's files come from " + BCGRAPH.cdn + ", which this browser cannot " +
            "reach (no internet access, or a proxy or firewall in the way).");
        if (failed.length) {
          add("p", "Not loaded:");
          const list = document.createElement("ul");
          for (const url of failed) {
            const item = document.createElement("li");
            item.textContent = url;
            list.appendChild(item);
          }
          note.appendChild(list);
        }
        add("p", "The GraphQL API works without GraphiQL: POST to " + url +
          " from any GraphQL client, for example:");
        add("pre", "curl " + url + " -H 'Content-Type: application/json'" + auth +
          " \\\n  -d '{\"query\": \"{ companies { id name } }\"}'");
        if (BCGRAPH.local) {
          add("p", "Reload the page; if it happens again, see the gateway's log.");
        } else {
          add("p", "To use GraphiQL here, let this browser reach " + BCGRAPH.cdn + ", or " +
            "keep a copy of its files beside bcgraph: on the machine running it, with " +
            "Node.js installed, run this in bcgraph's folder, then restart bcgraph:");
          add("pre", ".venv/bin/python -m gateway.graphiql_assets");
        }
        const root = document.getElementById("graphiql");
        root.replaceChildren(note);
      }
      function assetFailed(element) {
        failed.push(element.src || element.href);
        if (document.readyState !== "loading") explain("GraphiQL could not be loaded");
      }
      setTimeout(() => {
        if (!started && !failed.length) explain("GraphiQL is taking long to load");
      }, BCGRAPH.patienceMs);
    </script>
__ASSETS__
    <script>
      if (failed.length || typeof GraphiQL === "undefined" ||
          typeof GraphiQLPluginExplorer === "undefined") {
        explain("GraphiQL could not be loaded");
      } else {
        started = true;
        const url = window.location.href.split("?")[0];
        const socket = new URL(url);
        socket.protocol = socket.protocol === "https:" ? "wss:" : "ws:";
        // GraphiQL puts the Headers editor's headers in a subscription's connection_init
        // (a browser cannot set headers on a WebSocket), where the gateway looks too.
        const fetcher = GraphiQL.createFetcher({ url, subscriptionUrl: socket.toString() });
        const explorer = GraphiQLPluginExplorer.explorerPlugin();
        ReactDOM.createRoot(document.getElementById("graphiql")).render(
          React.createElement(GraphiQL, {
            fetcher,
            plugins: [explorer],
            defaultTabs: BCGRAPH.tabs,
            defaultHeaders: BCGRAPH.needsToken ? BCGRAPH.headersTemplate : undefined,
            defaultEditorToolsVisibility: BCGRAPH.needsToken ? "headers" : true,
            isHeadersEditorEnabled: true,
            shouldPersistHeaders: true,
            inputValueDeprecation: true,
          }),
        );
      }
    </script>
  </body>
</html>
"""

_HEADERS_NOTE = """<div id="token-note" class="bcgraph-note">
        This gateway needs a user token. In <b>Headers</b>, below the query (each tab has
        its own), replace <code>&lt;user token&gt;</code> in <code>{"Authorization":
        "Bearer &lt;user token&gt;"}</code> with one your backend signed; subscriptions
        send it too. For a test token, run <code>bcgraph token --user USER_ID</code> where
        <code>BCGRAPH_USER_TOKEN_SECRET</code> is set as for this gateway.
      </div>"""


def graphiql_page(
    examples: Mapping[str, str] = EXAMPLES, *, local_assets: bool = False, needs_token: bool = False
) -> str:
    """`local_assets`: GraphiQL's files from this gateway (LOCAL_PATH), else from the CDN.
    `needs_token`: requests need a user token (no anonymous dev user)."""
    config = {
        "tabs": [{"query": query} for query in examples.values()],
        "local": local_assets,
        "cdn": CDN,
        "needsToken": needs_token,
        "headersTemplate": HEADERS_TEMPLATE,
        "patienceMs": LOADING_PATIENCE_MS,
    }
    base = LOCAL_PATH if local_assets else CDN
    tags = []
    for asset in ASSETS:
        url = html.escape(f"{base}/{asset.key}")
        common = f'crossorigin integrity="{asset.integrity}" onerror="assetFailed(this)"'
        if asset.is_style:
            tags.append(f'    <link rel="stylesheet" href="{url}" {common} />')
        else:
            tags.append(f'    <script src="{url}" {common}></script>')
    return (
        _PAGE.replace("__HEADERS_NOTE__", _HEADERS_NOTE if needs_token else "")
        .replace("__ASSETS__", "\n".join(tags))
        # `</` inside a script element would end it early; JSON allows `<\\/` for it.
        .replace("__CONFIG__", json.dumps(config).replace("</", "<\\/"))
    )
