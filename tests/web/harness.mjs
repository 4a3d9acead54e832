// What the web page's tests share: a static server for build-web/ on 127.0.0.1 only, headless
// Chromium through playwright-core, the page's status (tcpsim_web_status), and screenshots read back
// as pixels.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/// playwright-core from the folder the set-up test installed it in (TCPSIM_WEB_NODE).
export function playwright() {
  const dir = process.env.TCPSIM_WEB_NODE;
  if (!dir) throw new Error('TCPSIM_WEB_NODE is not set (tests/web/run.sh sets it)');
  return require(path.join(dir, 'node_modules', 'playwright-core'));
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.data': 'application/octet-stream', '.png': 'image/png', '.svg': 'image/svg+xml',
};

/// Serves the files of `root` on 127.0.0.1 (a free port); resolves to {url, close()}.
export function serve(dir) {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let file = path.join(root, path.normalize(decodeURIComponent(url.pathname)));
    if (!file.startsWith(root + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    if (file.endsWith(path.sep)) file = path.join(file, 'index.html');
    fs.readFile(file, (err, data) => {
      if (err) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
        'cache-control': 'no-store' });
      res.end(data);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

/// Debian's Chromium, headless, WebGL2 on ANGLE over SwiftShader, and no network of its own.
export async function launch() {
  const executablePath = process.env.TCPSIM_CHROMIUM || '/usr/lib/chromium/chromium';
  return playwright().chromium.launch({
    executablePath,
    headless: true,
    args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-sandbox', '--disable-gpu-sandbox',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic',
      '--no-first-run', '--disable-default-apps', '--disable-domain-reliability', '--metrics-recording-only'],
  });
}

/// A new page of `size` ([w, h]) whose console errors and uncaught exceptions are collected in
/// page.problems; `init` runs in the page before its scripts.
export async function newPage(browser, size = [1280, 720], init = null) {
  const context = await browser.newContext({ viewport: { width: size[0], height: size[1] }, acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') page.problems.push('console.error: ' + m.text());
  });
  page.on('pageerror', (e) => page.problems.push('uncaught: ' + e.message));
  if (init) await page.addInitScript(init);
  return page;
}

/// Goes to `url` and waits for the first frame (the page sets body[data-ready]).
export async function open(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 60000 });
  return status(page);
}

/// The page's status: file, title, step, steps, modes, hotspots (viz/app/browser_web.cpp).
export async function status(page) {
  return page.evaluate(() => JSON.parse(Module.UTF8ToString(Module._tcpsim_web_status())));
}

/// Waits until `pred(status)` holds (30 s at most); returns that status.
export async function until(page, pred, what) {
  // Software GL draws a frame in 50-100 ms here; a loaded machine may take several times that.
  const deadline = Date.now() + 30000;
  let s = null;
  while (Date.now() < deadline) {
    s = await status(page);
    if (pred(s)) return s;
    await page.waitForTimeout(25);
  }
  throw new Error(`the page never reached: ${what}; its status: ${JSON.stringify(s)}`);
}

/// Presses `key` and waits two animation frames, so the next status shows its effect.
export async function press(page, key) {
  await page.keyboard.press(key);
  await frames(page, 2);
}

/// Waits `n` animation frames of the page.
export async function frames(page, n) {
  await page.evaluate((k) => new Promise((done) => {
    const step = (left) => (left === 0 ? done() : requestAnimationFrame(() => step(left - 1)));
    step(k);
  }), n);
}

/// A PNG (8-bit RGB or RGBA, not interlaced, as Chromium writes them) as {width, height, rgba}.
export function decodePng(buf) {
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let at = 8, width = 0, height = 0, type = 0;
  const idat = [];
  while (at < buf.length) {
    const len = buf.readUInt32BE(at);
    const kind = buf.toString('latin1', at + 4, at + 8);
    const data = buf.subarray(at + 8, at + 8 + len);
    if (kind === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[12] !== 0) throw new Error('only 8-bit, non-interlaced PNGs');
      type = data[9];
    } else if (kind === 'IDAT') {
      idat.push(data);
    }
    at += 12 + len;
  }
  const bpp = type === 6 ? 4 : type === 2 ? 3 : 0;
  if (!bpp) throw new Error(`PNG colour type ${type} is not RGB or RGBA`);
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const px = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? px[y * stride + x - bpp] : 0;
      const b = y > 0 ? px[(y - 1) * stride + x] : 0;
      const c = x >= bpp && y > 0 ? px[(y - 1) * stride + x - bpp] : 0;
      let v = line[x];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      px[y * stride + x] = v & 0xff;
    }
  }
  const rgba = Buffer.alloc(width * height * 4, 255);
  for (let i = 0; i < width * height; i++) px.copy(rgba, i * 4, i * bpp, i * bpp + 3);
  return { width, height, rgba };
}

/// Pixels within `tol` of colour [r, g, b] in the box [x0, x1) x [y0, y1).
export function countColour(img, [r, g, b], x0, y0, x1, y1, tol = 10) {
  let n = 0;
  for (let y = Math.max(0, y0); y < Math.min(y1, img.height); y++) {
    for (let x = Math.max(0, x0); x < Math.min(x1, img.width); x++) {
      const i = (y * img.width + x) * 4;
      if (Math.abs(img.rgba[i] - r) <= tol && Math.abs(img.rgba[i + 1] - g) <= tol && Math.abs(img.rgba[i + 2] - b) <= tol) n++;
    }
  }
  return n;
}

/// The page as pixels (and, with TCPSIM_WEB_SHOTS set, the PNG kept there under `name`).
export async function shot(page, name) {
  const png = await page.screenshot();
  if (process.env.TCPSIM_WEB_SHOTS && name) {
    fs.mkdirSync(process.env.TCPSIM_WEB_SHOTS, { recursive: true });
    fs.writeFileSync(path.join(process.env.TCPSIM_WEB_SHOTS, name + '.png'), png);
  }
  return decodePng(png);
}
