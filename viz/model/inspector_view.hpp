#pragma once
// The segment inspector: every header field of one segment (relative and absolute numbers side by
// side), its payload as a classic hex dump, its journey (sent, arrived or dropped and why), the rule
// that produced it, the receiver's verdict when it was not accepted, and the segments it answers
// and that answer it. What has not happened yet at the moment shown is not told.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ladder/moment.hpp"
#include "ladder/text_wrap.hpp"

namespace tcpsim::viz {

/// How a row should stand out.
enum class Tone : uint8_t { Plain, Dim, Strong, Good, Bad, Warn };

/// "SEQ" "1" "absolute 419875754".
struct InspectorRow {
  std::string label;        ///< "SEQ".
  std::string value;        ///< "1".
  std::string detail;       ///< "absolute 419875754".
  Tone tone = Tone::Plain;  ///< How it stands out.
};

/// A rule in three parts.
struct RuleText {
  std::string label;  ///< "close() with unread data".
  std::string cite;   ///< "RFC 1122 §4.2.2.13; Linux tcp_close()".
  std::string text;   ///< One sentence.
};

/// Everything the inspector shows about one segment.
struct InspectorView {
  bool empty = true;              ///< No segment to show (nothing sent yet).
  bool latest = false;            ///< Showing the latest segment sent (nothing selected).
  size_t segment = 0;             ///< Index in the trace.
  std::string heading;            ///< "#6 RST+ACK  server → client".
  std::string tag;                ///< "retransmission", "injected", ... or "".
  bool rst = false;               ///< A reset (drawn in the RST colour).
  std::vector<InspectorRow> header;   ///< Addresses, SEQ, ACK, flags, window, MSS, lengths.
  std::vector<InspectorRow> journey;  ///< Sent; arrived / dropped / in flight.
  bool has_rule = false;          ///< A rule sent it (not a bare injection).
  RuleText rule;                  ///< Why it was sent.
  bool has_verdict = false;       ///< The receiver did not accept it (as far as the moment goes).
  std::string verdict;            ///< "ignored: RST outside the window (RFC 5961 §3.2)".
  RuleText verdict_rule;          ///< The rule behind the verdict.
  std::vector<InspectorRow> replies;  ///< "In reply to #4 ...", "Answered by #7 ...".
  uint32_t payload_len = 0;       ///< Payload bytes.
  std::string payload_quoted;     ///< "\"GET / HTTP/1.1\\r\\n\\r\\n\"".
  std::vector<std::string> hex;   ///< Hex dump lines of the first bytes.
  std::string more;               ///< "... 1182 more bytes", or "".
};

/// Bytes per hex-dump row that fit `width` pixels of a mono font whose glyphs are `glyph` wide: 16, 8
/// or 4 (the narrowest there is; a line of 4 is 24 characters).
size_t hex_bytes_per_row(float width, float glyph);

/// "(the latest segment; click one in the ladder)" or "(selected)": after the inspector's heading.
std::string_view inspector_hint(const InspectorView& v);

/// The inspector's heading fitted to `width` pixels: the heading's words (in `heading_font`) and then
/// the tag and the hint (in `text`), each after what comes before it while the line has room.
/// Returns lines of pieces: 0 the heading, 1 the tag, 2 the hint.
std::vector<std::vector<WrappedPiece>> inspector_heading(const InspectorView& v, float width, const TextWidth& heading_font,
                                                         const TextWidth& text, float space);

/// A classic hex dump: "0000  47 45 54 20 2f 20 48 54  |GET / HT|", `per_row` bytes a line.
std::vector<std::string> hex_dump(std::string_view bytes, size_t per_row);

/// The inspector for segment `selected` (or, when it is -1, the latest segment sent by `m`).
/// `absolute` puts absolute numbers first; `per_row` and `max_bytes` shape the hex dump.
InspectorView inspector_view(const Run& run, const Moment& m, int64_t selected, bool absolute, size_t per_row = 16,
                             size_t max_bytes = 256);

}  // namespace tcpsim::viz
