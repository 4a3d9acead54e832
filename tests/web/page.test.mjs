// The web page (build-web/) in headless Chromium, as a student or an instructor uses it. Each test is
// one ctest entry (tests/web/CMakeLists.txt): node page.test.mjs SITE NAME...
//   loads        the default scenario opens with the library, with no console error
//   rst          the red RST on the ladder (pixels), absent before the server resets
//   keyboard     steps, segments, play, presentation, editor and help from the keyboard; sound after it
//   mouse        the wheel zooms the ladder; a right-click on a lane, then "crash", forks a what-if
//   url          ?scenario=08-crash-restart&presentation=1&step=40, and bad parameters explained
//   edit         a scenario typed in the editor re-simulates (Ctrl+Enter); Ctrl+S downloads it
//   share        a share link made by the page (Ctrl+Shift+L), and one made outside it, open their scenario
//   files        a .scn from the file picker and one dropped on the page open; a broken one shows its errors
//   exports      pcapng (tshark reads it), SVG (xmllint), PNG (its size) download
//   sizes        1280x720, 1920x1080 and a resized window: the canvas fills it and the RST shows
//   no-webgl2    a browser without WebGL2 gets a clear message, and nothing breaks
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

import { countColour, launch, newPage, open, press, serve, shot, status, until, frames } from './harness.mjs';

const require = createRequire(import.meta.url);
const TcpsimShare = require('../../web/share.js');

const [site, ...names] = process.argv.slice(2);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpsim-web-'));

/// RST-red pixels in the ladder (left of the side panels, between the toolbar and the bottom panels),
/// in the RST colour of the palette on screen.
async function rstPixels(page, s, name) {
  const img = await shot(page, name);
  return countColour(img, s.rst_rgb, 0, Math.round(img.height * 0.15), Math.round(img.width * 0.6),
    Math.round(img.height * 0.7));
}

/// Clicks the middle of a hotspot the page reported ("editor:text").
async function clickHotspot(page, name) {
  const s = await until(page, (st) => st.hotspots && st.hotspots[name], `${name} on screen`);
  const [x, y, w, h] = s.hotspots[name];
  await page.mouse.click(x + Math.min(w / 2, 200), y + Math.min(h / 2, 100));
  await frames(page, 2);
}

/// Downloads what `action` triggers; returns its path on disk.
async function download(page, action) {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), action()]);
  const to = path.join(tmp, d.suggestedFilename());
  await d.saveAs(to);
  return to;
}

const tests = {
  async loads(browser, url) {
    const page = await newPage(browser);
    const s = await open(page, url);
    assert.equal(s.file, '/scenarios/06-close-unread-data.scn');
    assert.equal(s.title, 'Close with unread data');
    assert.equal(s.ran, true);
    assert.equal(s.library, true, 'with no scenario named, the library opens over the default one');
    assert.equal(s.step, 0);
    assert.ok(s.steps > 10, `steps: ${s.steps}`);
    assert.equal(await page.title(), 'Close with unread data \u2014 tcpsim');
    assert.equal(await page.locator('#status').isHidden(), true, 'the loading message is gone');
    await frames(page, 10);
    assert.deepEqual(page.problems, []);
  },

  async rst(browser, url) {
    const page = await newPage(browser);
    await open(page, url);
    await press(page, 'Escape');  // close the library
    let s = await until(page, (st) => !st.library, 'the library closed');
    const before = await rstPixels(page, s, 'rst-step0');
    await press(page, 'End');
    s = await until(page, (st) => st.step === st.steps, 'the last step');
    const after = await rstPixels(page, s, 'rst-end');
    assert.ok(before < 20, `RST-red pixels before any RST: ${before}`);
    assert.ok(after > 300, `RST-red pixels with the RST on the ladder: ${after}`);
    assert.deepEqual(page.problems, []);
  },

  async keyboard(browser, url) {
    const page = await newPage(browser);
    await open(page, url + '?scenario=06-close-unread-data');
    let s = await status(page);
    assert.equal(s.library, false, 'a scenario named in the URL opens without the library');
    assert.equal(s.sound, false, 'no audio before a key or a click (the autoplay rule)');
    const steps = s.steps;
    await press(page, 'ArrowRight');
    assert.equal((await status(page)).step, 1);
    await until(page, (st) => st.sound, 'the sound cues on (OpenAL over Web Audio) after the first key');
    await press(page, 'ArrowRight');
    assert.equal((await status(page)).step, 2);
    await press(page, 'ArrowLeft');
    assert.equal((await status(page)).step, 1);
    await press(page, 'Shift+ArrowRight');  // the next segment: more than one event on
    const seg = (await status(page)).step;
    assert.ok(seg > 1 && seg <= steps, `Shift+Right went to step ${seg}`);
    await press(page, 'End');
    assert.equal((await status(page)).step, steps);
    await press(page, 'Home');
    assert.equal((await status(page)).step, 0);
    await press(page, 'Space');
    await until(page, (st) => st.playing, 'playing after Space');
    await press(page, 'Space');
    s = await until(page, (st) => !st.playing, 'paused after a second Space');
    await press(page, 'p');
    await until(page, (st) => st.presentation, 'presentation mode after P');
    await press(page, 'p');
    await press(page, 'e');
    await until(page, (st) => st.editor, 'the editor after E');
    await press(page, 'e');
    await press(page, 'F1');
    await until(page, (st) => st.help, 'the shortcuts after F1');
    await press(page, 'Escape');
    await until(page, (st) => !st.help, 'the shortcuts closed by Esc');
    await press(page, 'q');
    await until(page, (st) => st.predict, 'predict mode after Q');
    assert.deepEqual(page.problems, []);
  },

  async mouse(browser, url) {
    const page = await newPage(browser);
    await open(page, url + '?scenario=06-close-unread-data&step=1000');
    await press(page, 'f');
    let s = await until(page, (st) => st.hotspots && st.hotspots['lane:server'], 'the ladder drawn');
    // The wheel over the ladder zooms in (up) around the pointer, in notches as on the desktop.
    const [lx, ly] = s.hotspots['lane:client'];
    const [rx] = s.hotspots['lane:server'];
    await page.mouse.move((lx + rx) / 2, ly - 150);
    const zoom = s.zoom;
    await page.mouse.wheel(0, -100);
    s = await until(page, (st) => st.zoom !== zoom, 'a zoom');
    assert.ok(s.zoom > zoom && s.zoom < zoom * 2, `one notch up zooms in a little: ${zoom} -> ${s.zoom}`);
    // A right-click on a host's lane: its what-if menu.
    await press(page, 'f');
    s = await status(page);
    const [sx, sy] = s.hotspots['lane:server'];
    await page.mouse.click(sx, sy - 4, { button: 'right' });
    s = await until(page, (st) => Object.keys(st.hotspots || {}).some((k) => /^item:crash/.test(k)),
      'the what-if menu with "crash"');
    const crash = Object.keys(s.hotspots).find((k) => /^item:crash/.test(k));
    const [cx, cy, cw, ch] = s.hotspots[crash];
    await page.mouse.click(cx + cw / 2, cy + ch / 2);
    s = await until(page, (st) => st.branches === 2, 'a what-if branch');
    assert.equal(s.branch, 'what-if 1');
    assert.deepEqual(page.problems, []);
  },

  async url(browser, url) {
    const page = await newPage(browser);
    let s = await open(page, url + '?scenario=08-crash-restart&presentation=1&step=40');
    assert.equal(s.file, '/scenarios/08-crash-restart.scn');
    assert.equal(s.title, 'Peer crash and restart');
    assert.equal(s.presentation, true);
    assert.equal(s.step, Math.min(40, s.steps));
    assert.equal(s.library, false);
    assert.deepEqual(page.problems, []);
    // A what-if and predict mode from the URL.
    s = await open(page, url + '?scenario=06-close-unread-data&also=at+250ms+server+crash&predict=1');
    assert.equal(s.branches, 2);
    assert.equal(s.branch, 'what-if 1');
    assert.equal(s.predict, true);
    // Bad parameters: the default scenario, and a message naming each.
    s = await open(page, url + '?scenario=no-such-thing&step=x');
    assert.equal(s.file, '/scenarios/06-close-unread-data.scn');
    assert.match(s.message, /scenario=no-such-thing: the library has no scenario no-such-thing\.scn/);
    assert.match(s.message, /step=x: not a step number/);
    assert.deepEqual(page.problems, []);
  },

  async edit(browser, url) {
    const page = await newPage(browser);
    await open(page, url + '?scenario=06-close-unread-data&show=editor');
    await clickHotspot(page, 'editor:text');
    await press(page, 'Control+a');
    await page.keyboard.type('title "Typed in the browser"\nhost a\nhost b\nlink a b delay 10ms\n' +
      'at 0ms b listen 80\nat 0ms a connect b:80\n');
    await until(page, (st) => st.dirty, 'the text changed');
    await press(page, 'Control+Enter');
    const s = await until(page, (st) => st.title === 'Typed in the browser', 'the typed scenario simulated');
    assert.equal(s.errors, 0);
    assert.equal(s.segments, 3, 'SYN, SYN+ACK, ACK');
    // Ctrl+S: the typed text, downloaded under the scenario's name.
    const saved = await download(page, () => page.keyboard.press('Control+s'));
    assert.equal(path.basename(saved), '06-close-unread-data.scn');
    assert.match(fs.readFileSync(saved, 'utf8'), /^title "Typed in the browser"\nhost a\n/);
    // A typo keeps the last good run on screen, with the error in the editor.
    await clickHotspot(page, 'editor:text');
    await page.keyboard.type('at 5ms a sned "x"\n');
    await press(page, 'Control+Enter');
    const bad = await until(page, (st) => st.errors > 0, 'the typo reported');
    assert.equal(bad.stale, true);
    assert.equal(bad.segments, 3);
    assert.deepEqual(page.problems, []);
  },

  async share(browser, url) {
    const page = await newPage(browser);
    await open(page, url + '?scenario=08-crash-restart&step=12');
    await press(page, 'Control+Shift+L');
    const s = await until(page, (st) => st.share_link !== '', 'a share link');
    assert.match(s.share_link, /^http:\/\/127\.0\.0\.1:\d+\/\?step=12#n=08-crash-restart&z=[A-Za-z0-9_-]+$/);
    const other = await newPage(browser);
    const t = await open(other, s.share_link);
    assert.equal(t.file, '/shared/08-crash-restart.scn');
    assert.equal(t.title, 'Peer crash and restart');
    assert.equal(t.step, 12);
    assert.equal(t.segments, s.segments);
    // A link made outside the page (as a course page might carry one).
    const text = 'title "Sent by chat"\nhost a\nhost b\nlink a b delay 5ms\nat 0ms b listen 80\nat 0ms a connect b:80\n';
    const third = await newPage(browser);  // a new page: only the fragment differs (no reload)
    const u = await open(third, url + '#' + await TcpsimShare.encode(text, 'by chat'));
    assert.equal(u.file, '/shared/by-chat.scn');
    assert.equal(u.title, 'Sent by chat');
    assert.equal(u.segments, 3);
    // A damaged link: the default scenario, and why.
    const fourth = await newPage(browser);
    const v = await open(fourth, url + '#n=x&z=AAAA');
    assert.equal(v.file, '/scenarios/06-close-unread-data.scn');
    assert.match(v.message, /the share link in this URL cannot be opened: the link is damaged/);
    assert.deepEqual(page.problems, []);
    for (const p of [other, third, fourth]) assert.deepEqual(p.problems, []);
  },

  async files(browser, url) {
    const page = await newPage(browser);
    await open(page, url + '?scenario=06-close-unread-data');
    const good = path.join(tmp, 'my lesson.scn');
    fs.writeFileSync(good, 'title "From my laptop"\nhost a\nhost b\nlink a b delay 10ms\nat 0ms b listen 80\n' +
      'at 0ms a connect b:80\n');
    await page.setInputFiles('#file', good);
    let s = await until(page, (st) => st.title === 'From my laptop', 'the picked file opened');
    assert.equal(s.file, '/local/my-lesson.scn');
    assert.equal(s.segments, 3);
    // Dropped on the page.
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['title "Dropped"\nhost a\nhost b\nlink a b delay 10ms\nat 0ms b listen 80\n'], 'dropped.scn'));
      window.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, cancelable: true }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true }));
    });
    s = await until(page, (st) => st.title === 'Dropped', 'the dropped file opened');
    assert.equal(s.file, '/local/dropped.scn');
    // A broken file opens in the editor with its errors; the page lives on.
    const broken = path.join(tmp, 'broken.scn');
    fs.writeFileSync(broken, 'host a\nhost b\nlink a c delay 10ms\n');
    await page.setInputFiles('#file', broken);
    s = await until(page, (st) => st.file === '/local/broken.scn', 'the broken file opened');
    assert.equal(s.ran, false);
    assert.ok(s.errors > 0);
    assert.equal(s.editor, true);
    // Not a scenario at all.
    const image = path.join(tmp, 'photo.png');
    fs.writeFileSync(image, 'not a scenario');
    await page.setInputFiles('#file', image);
    s = await until(page, (st) => /photo\.png is not a scenario file/.test(st.message), 'the refusal');
    assert.equal(s.file, '/local/broken.scn');
    assert.deepEqual(page.problems, []);
  },

  async exports(browser, url) {
    const page = await newPage(browser);
    const s = await open(page, url + '?scenario=06-close-unread-data');
    // X: the export palette; the first entry is the capture on the wire.
    const pcap = await download(page, async () => {
      await press(page, 'x');
      await page.keyboard.press('Enter');
    });
    assert.equal(path.basename(pcap), '06-close-unread-data.pcapng');
    const packets = execFileSync('tshark', ['-r', pcap, '-T', 'fields', '-e', 'tcp.flags.str'], { encoding: 'utf8' })
      .trim().split('\n');
    assert.equal(packets.length, s.segments, 'one packet per segment on the wire');
    assert.ok(packets.some((f) => f.includes('R')), 'the RST is in the capture');
    // The SVG ladder: the entry before the last.
    const svg = await download(page, async () => {
      await press(page, 'x');
      for (let i = 0; i < 8; i++) await press(page, 'ArrowDown');
      await press(page, 'ArrowUp');
      await page.keyboard.press('Enter');
    });
    assert.equal(path.basename(svg), '06-close-unread-data.svg');
    execFileSync('xmllint', ['--noout', svg]);
    assert.match(fs.readFileSync(svg, 'utf8'), /RST/);
    // The PNG: the last entry, the canvas's size.
    const png = await download(page, async () => {
      await press(page, 'x');
      for (let i = 0; i < 8; i++) await press(page, 'ArrowDown');
      await page.keyboard.press('Enter');
    });
    assert.equal(path.basename(png), '06-close-unread-data-step0.png');
    const head = fs.readFileSync(png);
    assert.equal(head.readUInt32BE(0), 0x89504e47);
    assert.deepEqual([head.readUInt32BE(16), head.readUInt32BE(20)], [1280, 720]);
    assert.deepEqual(page.problems, []);
  },

  async sizes(browser, url) {
    for (const [w, h, extra] of [[1280, 720, ''], [1920, 1080, ''], [1280, 720, '&presentation=1']]) {
      const page = await newPage(browser, [w, h]);
      let s = await open(page, url + '?scenario=06-close-unread-data&step=1000' + extra);
      await press(page, 'f');  // the whole run, the RST included, whatever the ladder followed
      s = await status(page);
      const canvas = await page.evaluate(() => [Module.canvas.width, Module.canvas.height]);
      assert.deepEqual(canvas, [w, h], 'the canvas fills the window');
      const red = await rstPixels(page, s, `size-${w}x${h}${extra ? '-presentation' : ''}`);
      assert.ok(red > 300, `${w}x${h}${extra}: RST-red pixels ${red}`);
      assert.deepEqual(page.problems, []);
      await page.context().close();
    }
    // A window made smaller while the page runs: the canvas follows.
    const page = await newPage(browser, [1600, 900]);
    await open(page, url + '?scenario=06-close-unread-data');
    await page.setViewportSize({ width: 1024, height: 700 });
    await frames(page, 3);
    assert.deepEqual(await page.evaluate(() => [Module.canvas.width, Module.canvas.height]), [1024, 700]);
  },

  async 'no-webgl2'(browser, url) {
    const page = await newPage(browser, [1280, 720], () => {
      const real = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
        return kind === 'webgl2' ? null : real.call(this, kind, ...rest);
      };
    });
    await page.goto(url);
    const box = page.locator('#status');
    await box.waitFor({ state: 'visible' });
    assert.match(await box.textContent(), /tcpsim needs WebGL2, which this browser does not offer/);
    assert.equal(await box.getAttribute('class'), 'error');
    assert.equal(await page.evaluate(() => typeof Module), 'undefined', 'the program was not loaded');
    assert.deepEqual(page.problems, []);
  },
};

const browser = await launch();
const server = await serve(site);
let failed = 0;
try {
  for (const name of names.length ? names : Object.keys(tests)) {
    if (!tests[name]) throw new Error(`no test "${name}" (there are: ${Object.keys(tests).join(', ')})`);
    try {
      await tests[name](browser, server.url);
      console.log(`ok ${name}`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${name}: ${e.stack || e}`);
    }
    // Each page draws frames until closed: none is left to slow the next test down.
    for (const context of browser.contexts()) await context.close();
  }
} finally {
  await browser.close();
  await server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
