// unpkg.com as the GraphiQL page uses it, answered from the same packages, same versions,
// in node_modules: this machine reaches no CDN. The page's integrity hashes still check
// every byte. Every other request that is not to the gateway is refused.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

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

export async function routeGatewayAndCdn(page, base) {
  await page.route("**/*", async (route) => {
    const url = route.request().url();
    if (url.startsWith(base)) return route.continue();
    if (CDN.test(url)) {
      const { body, contentType } = await fromNodeModules(url);
      return route.fulfill({ body, contentType, headers: { "access-control-allow-origin": "*" } });
    }
    return route.abort();
  });
}
