// Share links: a whole scenario carried in a URL's fragment, so an instructor can send one by chat or
// through a course page and it opens with nothing stored anywhere.
//   #n=NAME&z=DATA   DATA is the scenario's UTF-8 text, compressed (raw deflate), in base64url
//   #n=NAME&s=DATA   the same without compression (a browser without CompressionStream made it)
// The fragment never reaches a server. Used by the page (tcpsim-page.js) and by tests under Node.
'use strict';

var TcpsimShare = (function () {
  // A link's scenario is small; more than this is not a scenario somebody meant to send.
  var MAX_TEXT = 1 << 20;

  function toBase64url(bytes) {
    var bin = '';
    for (var i = 0; i < bytes.length; i += 0x8000) {
      bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function fromBase64url(s) {
    if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new Error('the link is damaged (it has characters base64url does not use)');
    var b64 = s.replace(/-/g, '+').replace(/_/g, '/');
    while (b64.length % 4) b64 += '=';
    var bin;
    try {
      bin = atob(b64);
    } catch (e) {
      throw new Error('the link is damaged (its data is cut short)');
    }
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  async function pump(bytes, stream, limit) {
    var writer = stream.writable.getWriter();
    writer.write(bytes).catch(function () {});
    writer.close().catch(function () {});
    var reader = stream.readable.getReader();
    var parts = [];
    var total = 0;
    for (;;) {
      var r = await reader.read();
      if (r.done) break;
      total += r.value.length;
      if (limit && total > limit) {
        reader.cancel().catch(function () {});
        throw new Error('the link holds more than ' + (limit >> 10) + ' KB of text');
      }
      parts.push(r.value);
    }
    var out = new Uint8Array(total);
    var at = 0;
    parts.forEach(function (p) {
      out.set(p, at);
      at += p.length;
    });
    return out;
  }

  function canCompress() {
    try {
      new CompressionStream('deflate-raw');
      return true;
    } catch (e) {
      return false;
    }
  }

  /// A file name for the scenario: letters, digits, '-', '_' and '.', at most 80 (else "shared").
  function cleanName(name) {
    var n = String(name || '').replace(/\.scn$/i, '').replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[.-]+/, '');
    return n.slice(0, 80) || 'shared';
  }

  /// The fragment (without '#') that carries `text` under `name`.
  async function encode(text, name) {
    var utf8 = new TextEncoder().encode(text);
    var head = 'n=' + encodeURIComponent(cleanName(name));
    if (!canCompress()) return head + '&s=' + toBase64url(utf8);
    return head + '&z=' + toBase64url(await pump(utf8, new CompressionStream('deflate-raw'), 0));
  }

  /// Reads a fragment (with or without '#'): {name, text}, null when it carries no scenario, or an
  /// Error with a message a person can act on.
  async function decode(fragment) {
    var params = new URLSearchParams(String(fragment || '').replace(/^#/, ''));
    var z = params.get('z');
    var s = params.get('s');
    if (z === null && s === null) return null;
    var name = cleanName(params.get('n'));
    var bytes;
    if (z !== null) {
      if (typeof DecompressionStream === 'undefined') {
        throw new Error('this browser cannot read compressed links (it has no DecompressionStream)');
      }
      try {
        bytes = await pump(fromBase64url(z), new DecompressionStream('deflate-raw'), MAX_TEXT);
      } catch (e) {
        throw new Error(/KB of text|damaged/.test(e.message) ? e.message : 'the link is damaged (its data does not unpack)');
      }
    } else {
      bytes = fromBase64url(s);
      if (bytes.length > MAX_TEXT) throw new Error('the link holds more than ' + (MAX_TEXT >> 10) + ' KB of text');
    }
    var text;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch (e) {
      throw new Error('the link is damaged (its text is not UTF-8)');
    }
    return { name: name, text: text };
  }

  return { encode: encode, decode: decode, cleanName: cleanName };
})();

if (typeof module !== 'undefined') module.exports = TcpsimShare;
