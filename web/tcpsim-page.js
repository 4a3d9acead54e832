// The page around tcpsim's WebAssembly build: checks WebGL2, reads a share link's scenario into the
// file system before the program starts, and does for the program what only a page can (downloads,
// the file picker and drag-and-drop, the clipboard, full screen, the canvas's cursor). The program
// reaches it as Module.tcpsimPage (viz/app/browser_web.cpp).
'use strict';

(function () {
  var statusBox = document.getElementById('status');
  var canvas = document.getElementById('canvas');
  var picker = document.getElementById('file');
  var dropHint = document.getElementById('drop');
  // A scenario file is text; anything this big is not one.
  var MAX_FILE = 2 << 20;

  function show(text, isError) {
    statusBox.textContent = text;
    statusBox.className = isError ? 'error' : '';
    statusBox.hidden = false;
  }

  function fail(text) {
    show(text, true);
    console.warn('tcpsim: ' + text);
  }

  function tell(text) {
    // A message in the program's status line (before it runs: on the page).
    if (page.running) {
      Module.ccall('tcpsim_web_message', null, ['string'], [text]);
    } else {
      show(text, true);
    }
  }

  var CURSORS = ['default', 'text', 'move', 'ns-resize', 'ew-resize', 'nesw-resize', 'nwse-resize', 'pointer',
    'not-allowed'];
  var wheel = [0, 0];

  var page = {
    running: false,
    hadGesture: false,
    sharedFile: '',
    linkProblem: '',
    pasted: '',
    firstFrameMs: 0,

    /// Strings the program asks for by number (browser_web.cpp's PageString).
    string: function (which) {
      return [location.search, page.sharedFile, page.pasted, page.linkProblem][which] || '';
    },

    wheel: function (axis) {
      return wheel[axis];
    },

    cursor: function (shape) {
      canvas.style.cursor = shape < 0 ? 'none' : CURSORS[shape] || 'default';
    },

    /// `phases`: [name, ms since the program started] of its start-up (for the bench).
    firstFrame: function (phases) {
      page.running = true;
      page.firstFrameMs = performance.now();
      page.phases = phases;
      statusBox.hidden = true;
      document.body.dataset.ready = '1';
      canvas.focus();
      window.dispatchEvent(new Event('tcpsim-ready'));
    },

    download: function (name, bytes) {
      var type = /\.svg$/.test(name) ? 'image/svg+xml' : /\.png$/.test(name) ? 'image/png'
        : /\.scn$/.test(name) ? 'text/plain' : 'application/octet-stream';
      var url = URL.createObjectURL(new Blob([bytes], { type: type }));
      var a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    },

    pickFile: function () {
      picker.value = '';
      picker.click();
    },

    copy: function (text) {
      page.pasted = text;  // what the program copied pastes back even where the clipboard is refused
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).catch(function () {});
    },

    share: function (text, name, step) {
      TcpsimShare.encode(text, name).then(function (fragment) {
        var base = location.href.split('#')[0].split('?')[0];
        var url = base + (step > 0 ? '?step=' + step : '') + '#' + fragment;
        var done = function (copied) {
          Module.ccall('tcpsim_web_share_done', null, ['string', 'number'], [url, copied ? 1 : 0]);
        };
        if (!navigator.clipboard || !navigator.clipboard.writeText) return done(false);
        navigator.clipboard.writeText(url).then(function () { done(true); }, function () { done(false); });
      }, function (e) {
        tell('No share link: ' + e.message);
      });
    },

    fullscreen: function (on) {
      var p = on ? document.documentElement.requestFullscreen() : document.fullscreenElement && document.exitFullscreen();
      if (p && p.catch) p.catch(function () { tell('The browser refused full screen (its own key: F11)'); });
    },

    /// A .scn file (or a packetdrill .pkt script, which the app converts) from the person's machine
    /// (picker or drop): into the file system, then opened. A trace .json (tcpsim kernel-check --json:
    /// the kernel's run) is drawn beside the run on screen.
    open: function (file) {
      if (!file) return;
      if (!/\.(scn|pkt|txt|json)$/i.test(file.name)) return tell(file.name + ' is not a scenario file (.scn), packetdrill script (.pkt) or trace (.json)');
      if (file.size > MAX_FILE) return tell(file.name + ' is too big for a scenario (' + Math.round(file.size / 1048576) + ' MB)');
      file.text().then(function (text) {
        var ext = /\.pkt$/i.test(file.name) ? '.pkt' : /\.json$/i.test(file.name) ? '.json' : '.scn';
        var path = '/local/' + TcpsimShare.cleanName(file.name.replace(/\.(pkt|json)$/i, '')) + ext;
        try { FS.mkdir('/local'); } catch (e) { /* already there */ }
        FS.writeFile(path, text);
        Module.ccall('tcpsim_web_open', null, ['string'], [path]);
      }, function () {
        tell('Could not read ' + file.name);
      });
    }
  };

  // --- before the program: can this browser run it at all? ---
  function hasWebGL2() {
    // On the page's own canvas, with the attributes the program asks for (main.cpp's window hints):
    // the program then gets this context instead of making a second one (about 0.2 s in software GL).
    try {
      return !!canvas.getContext('webgl2', { alpha: false, depth: false, stencil: false, antialias: false });
    } catch (e) {
      return false;
    }
  }
  if (location.protocol === 'file:') {
    fail('Browsers do not run WebAssembly pages opened as files. Serve this folder instead, e.g. ' +
      '"python3 -m http.server 8000" in it, then open http://localhost:8000/');
    return;
  }
  if (!hasWebGL2()) {
    fail('tcpsim needs WebGL2, which this browser does not offer (or has turned off). Use a current Firefox, ' +
      'Chrome, Edge or Safari (15 or later) with hardware acceleration on. The same scenarios also run in a ' +
      'terminal: tcpsim run FILE.');
    return;
  }

  // --- the keyboard, the wheel, the clipboard and files, for the program ---
  window.addEventListener('keydown', function (e) {
    page.hadGesture = true;
    var ctrl = e.ctrlKey || e.metaKey;
    var k = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    // The browser's own meaning of the program's keys (save page, open, reload, help, history...),
    // but never copy, cut, paste or select: the editor needs those (and their paste event).
    var mine = (ctrl && 'soryzlpa'.indexOf(k) >= 0 && k.length === 1) || (ctrl && k === 'Enter') ||
      /^F([1-9]|1[01])$/.test(k) || (e.altKey && /^[0-9]$/.test(k)) || k === 'Tab';
    if (mine) e.preventDefault();
  });
  window.addEventListener('mousedown', function () { page.hadGesture = true; }, true);
  window.addEventListener('touchstart', function () { page.hadGesture = true; }, true);
  window.addEventListener('wheel', function (e) {
    var unit = e.deltaMode === 1 ? 3 : e.deltaMode === 2 ? 1 : 100;  // lines: 3 a notch; pixels: 100
    wheel[0] = -e.deltaX / unit;
    wheel[1] = -e.deltaY / unit;
  }, { capture: true, passive: true });
  document.addEventListener('paste', function (e) {
    page.pasted = (e.clipboardData && e.clipboardData.getData('text/plain')) || page.pasted;
  });
  picker.addEventListener('change', function () { page.open(picker.files[0]); });
  window.addEventListener('dragover', function (e) {
    e.preventDefault();
    dropHint.hidden = false;
  });
  window.addEventListener('dragleave', function (e) {
    if (!e.relatedTarget) dropHint.hidden = true;
  });
  window.addEventListener('drop', function (e) {
    e.preventDefault();
    dropHint.hidden = true;
    if (e.dataTransfer && e.dataTransfer.files.length) page.open(e.dataTransfer.files[0]);
  });

  // --- the program ---
  window.Module = {
    canvas: canvas,
    tcpsimPage: page,
    print: function (text) { console.log(text); },
    printErr: function (text) { console.warn(text); },
    setStatus: function (text) { if (text && !page.running) show(text.replace(/\(\d+\/\d+\)/, ''), false); },
    onAbort: function (what) { fail('tcpsim stopped: ' + what + '. Reload the page to start again.'); },
    onRuntimeInitialized: function () { page.runtimeMs = performance.now(); },
    preRun: [function () {
      // A share link's scenario goes into the file system before main() reads the URL.
      addRunDependency('tcpsim-share');
      TcpsimShare.decode(location.hash).then(function (shared) {
        if (shared) {
          FS.mkdir('/shared');
          page.sharedFile = '/shared/' + shared.name + '.scn';
          FS.writeFile(page.sharedFile, shared.text);
        }
      }, function (e) {
        page.linkProblem = 'the share link in this URL cannot be opened: ' + e.message;
      }).then(function () { removeRunDependency('tcpsim-share'); });
    }]
  };
  window.addEventListener('error', function (e) {
    if (!page.running) fail('tcpsim could not start: ' + (e.message || 'a script failed to load'));
  });
  var script = document.createElement('script');
  script.src = 'tcpsim.js';
  script.async = true;
  script.onerror = function () { fail('tcpsim.js is missing next to this page: was the whole build-web/ folder copied?'); };
  document.body.appendChild(script);
})();
