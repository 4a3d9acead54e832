// Share links (web/share.js) under Node: a scenario survives the trip through a URL fragment exactly,
// compressed, and a damaged or oversized link is refused with a message a person can act on.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const TcpsimShare = require('../../web/share.js');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

test('every library scenario comes back byte for byte, in a fragment of URL-safe characters', async () => {
  const dir = path.join(root, 'scenarios');
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.scn'))) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const fragment = await TcpsimShare.encode(text, file);
    assert.match(fragment, /^n=[A-Za-z0-9._-]+&z=[A-Za-z0-9_-]+$/, file);
    assert.ok(fragment.length < text.length, `${file}: compressed (${fragment.length} < ${text.length})`);
    assert.deepEqual(await TcpsimShare.decode('#' + fragment), { name: file.replace(/\.scn$/, ''), text });
  }
});

test('names become safe file names; non-ASCII text (RFC section signs, arrows) survives', async () => {
  const text = 'title "Ré-essai → §3.10"\nhost a\n';
  const back = await TcpsimShare.decode(await TcpsimShare.encode(text, '../my lesson/1.scn'));
  assert.equal(back.text, text);
  assert.equal(back.name, 'my-lesson-1');
  assert.equal(TcpsimShare.cleanName(''), 'shared');
  assert.equal(TcpsimShare.cleanName('...'), 'shared');
});

test('uncompressed links (s=) read too', async () => {
  const data = Buffer.from('title "plain"\n').toString('base64url');
  assert.deepEqual(await TcpsimShare.decode(`n=plain&s=${data}`), { name: 'plain', text: 'title "plain"\n' });
});

test('a fragment without a scenario is not a share link', async () => {
  assert.equal(await TcpsimShare.decode(''), null);
  assert.equal(await TcpsimShare.decode('#section-2'), null);
});

test('damaged and oversized links are refused, saying why', async () => {
  await assert.rejects(TcpsimShare.decode('n=x&z=AAAA'), /the link is damaged \(its data does not unpack\)/);
  await assert.rejects(TcpsimShare.decode('n=x&z=ab$cd'), /the link is damaged \(it has characters base64url does not use\)/);
  await assert.rejects(TcpsimShare.decode('n=x&s=' + Buffer.from([0xff, 0xfe]).toString('base64url')),
    /the link is damaged \(its text is not UTF-8\)/);
  // 4 MB of one letter packs into a few KB: unpacking stops at 1 MB.
  const bomb = await TcpsimShare.encode('a'.repeat(4 << 20), 'bomb');
  assert.ok(bomb.length < 20000);
  await assert.rejects(TcpsimShare.decode(bomb), /the link holds more than 1024 KB of text/);
});
