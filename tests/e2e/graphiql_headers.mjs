// Opens GraphiQL as served by `bcgraph dev` in headless Chromium, types a user token into
// the Headers editor of the subscription tab as a person would, runs the subscription, and
// prints the WebSocket frames it sent and received as one JSON line: a browser cannot set
// headers on a WebSocket, so the page must carry them in connection_init.
//
//   node graphiql_headers.mjs <gateway base URL> <user token>
import { withPage } from "./browser.mjs";
import { routeGatewayAndCdn } from "./cdn.mjs";

const [base, token] = process.argv.slice(2);
await withPage({ viewport: { width: 1400, height: 900 } }, async (page) => {
  const frames = [];
  page.on("websocket", (socket) => {
    socket.on("framesent", (f) => frames.push({ sent: JSON.parse(f.payload) }));
    socket.on("framereceived", (f) => frames.push({ received: JSON.parse(f.payload) }));
  });
  await routeGatewayAndCdn(page, base);
  await page.goto(`${base}/graphql`, { waitUntil: "load" });
  await page.waitForSelector(".graphiql-execute-button", { timeout: 20000 });
  await page.getByText("VendorChanges", { exact: true }).click();
  await page.getByText("Headers", { exact: true }).click();
  await page.locator(".graphiql-editor-tool .graphiql-editor").last().click();
  await page.keyboard.press("Control+A");
  await page.keyboard.type(`{"Authorization": "Bearer ${token}"}`);
  await page.click(".graphiql-execute-button");
  const deadline = Date.now() + 10000;
  while (!frames.some((f) => f.sent?.type === "subscribe") && Date.now() < deadline) {
    await page.waitForTimeout(100);
  }
  await page.waitForTimeout(500); // an error for the operation would come at once
  console.log(JSON.stringify({ frames }));
});
