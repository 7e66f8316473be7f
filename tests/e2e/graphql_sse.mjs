// The graphql-sse client (GraphQL over Server-Sent Events, distinct connections mode)
// against a running gateway: a query, a bad document, a token refused, and a subscription
// that sees a mutation sent over SSE too. Prints one JSON line with what came back.
//
//   node graphql_sse.mjs <GraphQL URL> <user token>
import { createClient } from "graphql-sse";

const [url, token] = process.argv.slice(2);

function clientWith(authorization) {
  // Node's own fetch; no retries, so a refusal comes back as it is.
  return createClient({ url, headers: { authorization }, retryAttempts: 0 });
}

const client = clientWith(`Bearer ${token}`);

function once(payload, on = client) {
  // Every result until complete (a query: exactly one).
  return new Promise((resolve, reject) => {
    const results = [];
    on.subscribe(payload, {
      next: (value) => results.push(value),
      error: (error) => reject(error),
      complete: () => resolve(results),
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
  out.invalid = await once({ query: "{ vendors(first: 1) { nodes { noSuchField } } }" });
  const refused = clientWith("Bearer not-a-token");
  try {
    await once({ query: "{ __typename }" }, refused);
    out.refused = "accepted";
  } catch (error) {
    out.refused = { name: error.name, status: error.response?.status };
  } finally {
    refused.dispose();
  }

  const name = `graphql-sse client vendor ${Date.now()}`;
  const changes = first({
    query: `subscription { recordCreated(entity: VENDOR) { entity changeType recordId
      record { ... on Vendor { displayName } } } }`,
  });
  // Give the server a moment to register the subscription before the change happens.
  await new Promise((r) => setTimeout(r, 1000));
  out.mutation = await once({
    query: `mutation($name: String!) { createVendor(input: {displayName: $name}) { id displayName } }`,
    variables: { name },
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
} catch (error) {
  out.error = String(error?.stack ?? error);
} finally {
  client.dispose();
}
console.log(JSON.stringify(out));
