// Opens GraphiQL as served by `bcgraph dev` in headless Chromium, runs the first example
// tab, and prints what the page showed as one JSON line for the pytest side to check.
//
//   node graphiql.mjs <gateway base URL> <screenshot path>
//
// The page loads GraphiQL from unpkg.com; this machine reaches no CDN, so those requests
// are answered from the same packages, same versions, in node_modules (the page's
// integrity hashes still check every byte). Any other outside request is refused.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { chromium } from "playwright-core";

const [base, screenshot] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const CDN = /^https:\/\/unpkg\.com\/((?:@[^/@]+\/)?[^/@]+)@([^/]+)\/(.+)$/;
const TYPES = { ".js": "application/javascript", ".css": "text/css" };

async function fromNodeModules(url) {
  const [, name, version, file] = url.match(CDN);
  const manifest = require.resolve(`${name}/package.json`);
  const installed = JSON.parse(await readFile(manifest, "utf8")).version;
  if (installed !== version) {
    throw new Error(`the page wants ${name}@${version}, tests/e2e has ${installed}`);
  }
  const body = await readFile(path.join(path.dirname(manifest), file));
  return { body, contentType: TYPES[path.extname(file)] ?? "application/octet-stream" };
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const failures = [];
  page.on("pageerror", (error) => failures.push(String(error)));
  await page.route("**/*", async (route) => {
    const url = route.request().url();
    if (url.startsWith(base)) return route.continue();
    if (CDN.test(url)) {
      const { body, contentType } = await fromNodeModules(url);
      return route.fulfill({
        body,
        contentType,
        headers: { "access-control-allow-origin": "*" },
      });
    }
    return route.abort();
  });
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
} finally {
  await browser.close();
}
