// The GraphQL-over-HTTP audit of the graphql-http package against a running gateway.
// Prints one JSON line: every audit's id, name (MUST/SHOULD/MAY ...), status and reason.
//
//   node audit.mjs <GraphQL URL> [user token]
import { serverAudits } from "graphql-http";

const [url, token] = process.argv.slice(2);
const fetchFn = (input, init = {}) => {
  const headers = new Headers(init.headers);
  if (token) headers.set("authorization", `Bearer ${token}`);
  return fetch(input, { ...init, headers });
};
const results = [];
for (const audit of serverAudits({ url, fetchFn })) {
  const result = await audit.fn();
  results.push({ id: audit.id, name: audit.name, status: result.status, reason: result.reason ?? "" });
}
console.log(JSON.stringify(results));
