// Headless Chromium as every browser script here launches it: the system's Chromium (or
// CHROMIUM_PATH), no sandbox, no GPU, and none of its own traffic to the internet.
import { chromium } from "playwright-core";

export function launchChromium() {
  return chromium.launch({
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
}

// One page (newPage's `options`) in a browser of its own, handed to `use` with the list its
// uncaught errors collect in; the browser closes however `use` ends.
export async function withPage(options, use) {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage(options);
    const pageErrors = [];
    page.on("pageerror", (error) => pageErrors.push(String(error)));
    return await use(page, pageErrors);
  } finally {
    await browser.close();
  }
}
