// make bench-web: the web page's figures beside their targets (printed, never asserted).
//   1. The engine in WebAssembly: tcpsim-bench's cases in a page (bench.html) in headless Chromium, and
//      the same cases natively; the 100 MB transfer in the browser should be within 2x of native.
//   2. The first frame of index.html after navigation (median of 5 cold loads; target <= 1.5 s).
//   3. The whole page gzipped (target <= 3 MB).
//   node bench.mjs SITE BENCH_PAGE_DIR NATIVE_TCPSIM_BENCH
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

import { launch, newPage, serve } from './harness.mjs';

const [site, benchDir, nativeBench] = process.argv.slice(2);

function segmentsPerSecond(text) {
  const m = /bulk-100MB-1%loss\s+(\d+) segments\/s/.exec(text);
  return m ? Number(m[1]) : NaN;
}

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

console.log('tcpsim-bench, native (' + nativeBench + '):');
const native = execFileSync(nativeBench, { encoding: 'utf8' });
process.stdout.write(native.replace(/^/gm, '  '));

const browser = await launch();
try {
  console.log('tcpsim-bench, WebAssembly in headless Chromium (bench.html):');
  const benchServer = await serve(benchDir);
  const page = await newPage(browser);
  await page.goto(benchServer.url + 'bench.html');
  await page.waitForFunction(() => document.body.dataset.done === '1', null, { timeout: 600000, polling: 500 });
  const wasm = await page.locator('#out').textContent();
  process.stdout.write(wasm.replace(/^/gm, '  '));
  await page.context().close();
  await benchServer.close();
  const ratio = segmentsPerSecond(native) / segmentsPerSecond(wasm);
  console.log(`engine: the 100 MB transfer takes ${ratio.toFixed(2)}x native's time in the browser ` +
              `(target <= 2x; medians of five runs each, on a shared machine)`);

  const server = await serve(site);
  const firsts = [];
  for (let i = 0; i < 5; i++) {
    const p = await newPage(browser, [1280, 720]);
    await p.goto(server.url);
    await p.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 60000 });
    firsts.push(await p.evaluate(() => Module.tcpsimPage.firstFrameMs));
    await p.context().close();
  }
  await server.close();
  console.log(`first frame: median ${median(firsts).toFixed(0)} ms after navigation (runs: ` +
              `${firsts.map((t) => t.toFixed(0)).join(', ')} ms; target <= 1500 ms; SwiftShader, no GPU)`);
} finally {
  await browser.close();
}

let total = 0;
const parts = [];
for (const f of fs.readdirSync(site).sort()) {
  const data = fs.readFileSync(path.join(site, f));
  const gz = zlib.gzipSync(data, { level: 9 }).length;
  total += gz;
  parts.push(`${f} ${(data.length / 1024).toFixed(0)} KB -> ${(gz / 1024).toFixed(0)} KB`);
}
console.log(`page size: ${(total / 1048576).toFixed(2)} MB gzipped (target <= 3 MB): ${parts.join('; ')}`);
