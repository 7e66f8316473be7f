// Opens a page (cross_origin.html, served on an origin other than the gateway's) in
// headless Chromium, waits for the report it leaves in window.report, and prints it as one
// JSON line, with the page's errors and the browser's console lines beside it.
//
//   node cross_origin.mjs <page URL>
import { withPage } from "./browser.mjs";

const [pageUrl] = process.argv.slice(2);
await withPage({}, async (page, failures) => {
  const console_ = [];
  page.on("console", (message) => console_.push(`${message.type()}: ${message.text()}`));
  await page.goto(pageUrl, { waitUntil: "load" });
  await page.waitForFunction(() => window.report !== undefined, null, { timeout: 90000 });
  const report = await page.evaluate(() => window.report);
  console.log(JSON.stringify({ report, failures, console: console_ }));
});
