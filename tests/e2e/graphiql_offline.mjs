// Opens GraphiQL as served by `bcgraph dev` in headless Chromium with no internet access
// (every request that is not to the gateway is aborted, unpkg.com included) and reports,
// as one JSON line, what a person would see: GraphiQL working, or the page's explanation.
//
//   node graphiql_offline.mjs <gateway base URL> <internet-down|files-down>
//
// files-down also aborts the gateway's own copy of GraphiQL's files (/graphiql/assets/),
// so that the page cannot load GraphiQL from anywhere.
import { withPage } from "./browser.mjs";

const [base, mode] = process.argv.slice(2);
await withPage({ viewport: { width: 1400, height: 900 } }, async (page, pageErrors) => {
  const aborted = [];
  await page.route("**/*", async (route) => {
    const url = route.request().url();
    const ours = url.startsWith(base);
    if (ours && !(mode === "files-down" && url.startsWith(`${base}/graphiql/assets/`))) {
      return route.continue();
    }
    aborted.push(url);
    return route.abort("internetdisconnected");
  });
  await page.goto(`${base}/graphql`, { waitUntil: "load" });
  const shown = await page.waitForSelector(".graphiql-execute-button, #graphiql-unavailable", {
    timeout: 20000,
  });
  const report = { aborted, pageErrors, loadingLeft: false };
  if (await shown.evaluate((e) => e.id === "graphiql-unavailable")) {
    report.shown = "message";
    report.message = await shown.innerText();
  } else {
    report.shown = "graphiql";
    await page.click(".graphiql-execute-button");
    await page.waitForFunction(
      () => (document.querySelector(".result-window")?.innerText ?? "").includes('"data"'),
      null,
      { timeout: 20000 },
    );
    report.result = await page.locator(".result-window").innerText();
  }
  report.loadingLeft = (await page.content()).includes("Loading GraphiQL...");
  console.log(JSON.stringify(report));
});
