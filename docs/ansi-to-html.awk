# Turns `tcpsim run --color always` output into an HTML page that looks like the terminal, for the
# terminal images in docs/images (docs/make-screenshots.sh photographs it with headless Chromium).
# Knows the SGR codes the renderers write: 0, 1, 2, 30-37, 90-97 and 38;5;N.
#   awk -v theme=dark|light -f docs/ansi-to-html.awk < ladder.txt > ladder.html
function esc(s) {
  gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s)
  return s
}
# The 256-colour cube and grey ramp, as xterm draws them.
function rgb256(n,   r, g, b, v) {
  if (n < 16) return base[n % 8]
  if (n >= 232) { v = 8 + 10 * (n - 232); return sprintf("#%02x%02x%02x", v, v, v) }
  n -= 16; r = int(n / 36); g = int(n / 6) % 6; b = n % 6
  return sprintf("#%02x%02x%02x", r ? 55 + 40 * r : 0, g ? 55 + 40 * g : 0, b ? 55 + 40 * b : 0)
}
function style(codes,   k, n, parts, css, fg, bold, faint) {
  n = split(codes, parts, ";")
  for (k = 1; k <= n; k++) {
    if (parts[k] == 1) bold = 1
    else if (parts[k] == 2) faint = 1
    else if (parts[k] >= 30 && parts[k] <= 37) fg = base[parts[k] - 30]
    else if (parts[k] >= 90 && parts[k] <= 97) fg = bright[parts[k] - 90]
    else if (parts[k] == 38 && parts[k + 1] == 5) { fg = rgb256(parts[k + 2]); k += 2 }
  }
  css = ""
  if (fg != "") css = css "color:" fg ";"
  if (bold) css = css "font-weight:bold;"
  if (faint) css = css "opacity:0.55;"
  return css
}
BEGIN {
  split("#1e1e1e #cd3131 #0dbc79 #e5e510 #2472c8 #bc3fbc #11a8cd #e5e5e5", b, " ")
  for (i = 1; i <= 8; i++) base[i - 1] = b[i]
  split("#666666 #f14c4c #23d18b #f5f543 #3b8eea #d670d6 #29b8db #ffffff", b, " ")
  for (i = 1; i <= 8; i++) bright[i - 1] = b[i]
  bg = theme == "light" ? "#ffffff" : "#1e1e1e"
  fgc = theme == "light" ? "#1e1e1e" : "#d4d4d4"
  printf "<!doctype html><html><head><meta charset=\"utf-8\"><style>"
  printf "body{margin:0;background:%s}pre{margin:0;padding:14px;color:%s;background:%s;", bg, fgc, bg
  printf "font:15px/1.3 'DejaVu Sans Mono',monospace;display:inline-block}</style></head><body><pre>"
}
{
  line = $0; out = ""; open = 0
  while ((p = index(line, "\033[")) > 0) {
    out = out esc(substr(line, 1, p - 1))
    line = substr(line, p + 2)
    m = index(line, "m")
    codes = substr(line, 1, m - 1)
    line = substr(line, m + 1)
    if (open) { out = out "</span>"; open = 0 }
    if (codes != "" && codes != "0") { out = out "<span style=\"" style(codes) "\">"; open = 1 }
  }
  out = out esc(line)
  if (open) out = out "</span>"
  print out
}
END { print "</pre></body></html>" }
