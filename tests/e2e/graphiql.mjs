// Opens GraphiQL as served by `bcgraph dev` in headless Chromium, runs the first example
// tab, and prints what the page showed as one JSON line for the pytest side to check.
//
//   node graphiql.mjs <gateway base URL> <screenshot path>
//
// The page loads GraphiQL from the gateway's own copy of its files, or from unpkg.com,
// which this machine cannot reach: cdn.mjs answers those requests from node_modules.
import { withPage } from "./browser.mjs";
import { routeGatewayAndCdn } from "./cdn.mjs";

const [base, screenshot] = process.argv.slice(2);

await withPage({ viewport: { width: 1400, height: 900 } }, async (page, failures) => {
  await routeGatewayAndCdn(page, base);
  await page.goto(`${base}/graphql`, { waitUntil: "load" });
  await page.waitForSelector(".graphiql-execute-button", { timeout: 20000 });
  const tabs = await page.locator(".graphiql-tab").allInnerTexts();
  const editor = await page.locator(".graphiql-query-editor").innerText();
  await page.click(".graphiql-execute-button");
  await page.waitForFunction(
    () => (document.querySelector(".result-window")?.innerText ?? "").includes('"data"'),
    null,
    { timeout: 20000 },
  );
  const result = await page.locator(".result-window").innerText();
  await page.screenshot({ path: screenshot });
  console.log(JSON.stringify({ tabs, editor, result, failures }));
});
