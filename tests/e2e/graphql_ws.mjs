// The graphql-ws client (graphql-transport-ws protocol) against a running gateway: a query,
// then, when the schema has them, a mutation and a subscription that sees it.
// Prints one JSON line with what came back.
//
//   node graphql_ws.mjs <ws URL> <user token> <scenario: query | full>
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const [url, token, scenario] = process.argv.slice(2);
const client = createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: { authorization: `Bearer ${token}` },
  retryAttempts: 0,
  lazy: true,
});

function once(payload) {
  return new Promise((resolve, reject) => {
    let result;
    client.subscribe(payload, {
      next: (value) => (result = value),
      error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
      complete: () => resolve(result),
    });
  });
}

function first(payload) {
  // Resolves with the first event of a subscription, then unsubscribes.
  let cancel;
  const event = new Promise((resolve, reject) => {
    cancel = client.subscribe(payload, {
      next: (value) => resolve(value),
      error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
      complete: () => reject(new Error("the subscription completed without an event")),
    });
  });
  return { event, cancel: () => cancel() };
}

const out = {};
try {
  out.query = await once({ query: "{ vendors(first: 3) { nodes { number displayName } } }" });
  if (scenario === "full") {
    const changes = first({
      query: `subscription { recordCreated(entity: VENDOR) { entity changeType recordId
        record { ... on Vendor { displayName } } } }`,
    });
    // Give the server a moment to register the subscription before the change happens.
    await new Promise((r) => setTimeout(r, 500));
    out.mutation = await once({
      query: `mutation($name: String!) { createVendor(input: {displayName: $name}) { id displayName } }`,
      variables: { name: "graphql-ws client vendor" },
    });
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error("no event in 20 s")), 20000);
    });
    try {
      out.event = await Promise.race([changes.event, timeout]);
    } finally {
      clearTimeout(timer); // a pending timer would keep Node running for its whole delay
      changes.cancel();
    }
  }
} catch (error) {
  out.error = String(error);
} finally {
  await client.dispose();
}
console.log(JSON.stringify(out));
