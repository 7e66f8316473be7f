// Opens a page (cross_origin.html, served on an origin other than the gateway's) in
// headless Chromium, waits for the report it leaves in window.report, and prints it as one
// JSON line, with the page's errors and the browser's console lines beside it.
//
//   node cross_origin.mjs <page URL>
import { launchChromium } from "./browser.mjs";

const [pageUrl] = process.argv.slice(2);
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  const failures = [];
  const console_ = [];
  page.on("pageerror", (error) => failures.push(String(error)));
  page.on("console", (message) => console_.push(`${message.type()}: ${message.text()}`));
  await page.goto(pageUrl, { waitUntil: "load" });
  await page.waitForFunction(() => window.report !== undefined, null, { timeout: 90000 });
  const report = await page.evaluate(() => window.report);
  console.log(JSON.stringify({ report, failures, console: console_ }));
} finally {
  await browser.close();
}
