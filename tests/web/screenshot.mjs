// A PNG of the web page as a browser shows it (docs/make-screenshots.sh: the README's image).
//   node screenshot.mjs SITE "QUERY" WIDTHxHEIGHT OUT.png
import { launch, newPage, open, serve, frames } from './harness.mjs';

const [site, query, size, out] = process.argv.slice(2);
const [w, h] = size.split('x').map(Number);
const browser = await launch();
const server = await serve(site);
try {
  const page = await newPage(browser, [w, h]);
  await open(page, server.url + query);
  await frames(page, 6);
  await page.screenshot({ path: out });
  if (page.problems.length) throw new Error(page.problems.join('\n'));
} finally {
  await browser.close();
  await server.close();
}
