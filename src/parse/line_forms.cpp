#include "parse/line_forms.hpp"

#include <array>
#include <cstring>

namespace goescape::parse {

namespace {

using K = Kind;
using R = Role;
using S = Split;

// GO-ESCAPE-MESSAGES.md §9, in the order that makes the first match right:
// explanation lines before verdicts, 1.25+ wordings before the older ones,
// specific suffixes (", not allowed in runtime") before general ones.
constexpr LineForm forms[] = {
    // id                      role          kind                     prefix / suffix / split / sep
    // / go
    {"esc2.flow", R::flow, K::other, "  flow: ", ":", S::expr, "", 0},
    {"esc2.from", R::from, K::other, "    from ", "", S::expr, "", 0},
    {"esc2.cycle", R::warning, K::other, "  warning: ", "", S::expr, "", 0},
    {"esc2.escapes_in", R::esc_header, K::other, "", ":", S::before_sep, " escapes to heap in ",
     25},
    {"esc2.escapes", R::esc_header, K::other, "", " escapes to heap:", S::expr, "", 0},
    {"esc2.leaks", R::leak_header, K::other, "parameter ", ":", S::leak_header, " leaks to ", 0},
    {"esc2.capture", R::capture, K::other, "", ")", S::capture, " capturing by ", 0},
    {"esc.moved", R::verdict, K::moved_to_heap, "moved to heap: ", "", S::expr, "", 0},
    {"esc.leak_result", R::verdict, K::leaking_param_to_result, "leaking param: ", "", S::to_result,
     " to result ", 0},
    {"esc.leak_content", R::verdict, K::leaking_param_content, "leaking param content: ", "",
     S::expr, "", 0},
    {"esc.leak", R::verdict, K::leaking_param, "leaking param: ", "", S::expr, "", 0},
    {"esc.unsafe_uintptr", R::verdict, K::other, "assuming ", " is unsafe uintptr", S::expr, "", 0},
    {"esc.uintptrescapes_ddd", R::verdict, K::other, "marking ", " as escaping ...uintptr", S::expr,
     "", 0},
    {"esc.uintptrescapes", R::verdict, K::other, "marking ", " as escaping uintptr", S::expr, "",
     0},
    {"esc.zerocopy", R::verdict, K::other, "zero-copy string->[]byte conversion", "", S::none, "",
     22},
    // -d=escapemutationscalls (A15-A17). `mutates param` and `calls param` say
    // what a function does through a parameter, and are printed whether or not
    // it also leaks (a `leaking param` line of its own), so they are no escape
    // verdict: kind other. `does not escape, mutate, or call` replaces A6 `p
    // does not escape` in that mode and means what it does.
    {"esc.mutates", R::verdict, K::other, "mutates param: ", "", S::derefs, " derefs=", 22},
    {"esc.calls", R::verdict, K::other, "calls param: ", "", S::derefs, " derefs=", 22},
    {"esc.nomutate", R::verdict, K::does_not_escape, "", " does not escape, mutate, or call",
     S::expr, "", 22},
    {"err.runtime", R::error, K::other, "", " escapes to heap, not allowed in runtime", S::expr, "",
     0},
    {"err.incomplete", R::error, K::other, "",
     " is incomplete (or unallocatable); stack allocation disallowed", S::expr, "", 0},
    {"esc.escapes", R::verdict, K::escapes_to_heap, "", " escapes to heap", S::expr, "", 0},
    {"esc.noescape", R::verdict, K::does_not_escape, "", " does not escape", S::expr, "", 0},
    {"esc.rewrite", R::verdict, K::other, "rewriting OCONVIFACE value from ", "", S::before_sep,
     " to ", 25},
    {"inl.can_cost", R::verdict, K::can_inline, "can inline ", "", S::inline_cost, " with cost ",
     0},
    {"inl.can", R::verdict, K::can_inline, "can inline ", "", S::expr, "", 0},
    {"inl.cannot", R::verdict, K::cannot_inline, "cannot inline ", "", S::cannot_inline, ": ", 0},
    {"inl.call_score", R::verdict, K::inlining_call, "inlining call to ", "", S::inline_score,
     " with score ", 22},
    {"inl.call", R::verdict, K::inlining_call, "inlining call to ", "", S::expr, "", 0},
    {"inl.big", R::verdict, K::other, "function ",
     " considered 'big'; reducing max cost of inlinees", S::expr, "", 21},
    {"inl.deadclosure", R::verdict, K::other, "unreferenced closure ", " marked as dead", S::expr,
     "", 21},
    {"inl.bloopskip", R::verdict, K::other, "skip inlining within testing.B.loop for ", "", S::expr,
     "", 24},
    {"dev.partial", R::verdict, K::devirtualized, "partially devirtualizing ", "", S::before_sep,
     " to ", 0},
    {"dev.pgo_iface", R::verdict, K::devirtualized, "PGO devirtualizing interface call ", "",
     S::before_sep, " to ", 22},
    {"dev.pgo_func", R::verdict, K::devirtualized, "PGO devirtualizing function call ", "",
     S::before_sep, " to ", 22},
    {"dev.pgo", R::verdict, K::devirtualized, "PGO devirtualizing ", "", S::before_sep, " to ", 21},
    {"dev.devirt", R::verdict, K::devirtualized, "devirtualizing ", "", S::before_sep, " to ", 0},
    {"dev.cannot", R::verdict, K::other, "cannot devirtualize ", "", S::before_sep, ": ", 21},
    {"dev.failed", R::verdict, K::other, "failed to devirtualize ", ")", S::before_sep, " (", 0},
    {"dev.pgo_shouldnot", R::verdict, K::other, "should not PGO devirtualize ", "", S::before_sep,
     ": ", 21},
    // No prefix or suffix to anchor on: after the common forms, so that they
    // never pay for this search.
    {"esc.selfassign", R::verdict, K::other, "", "", S::after_sep, " ignoring self-assignment in ",
     0},
    {"walk.bce", R::verdict, K::other, "index bounds check elided", "", S::none, "", 0},
    {"noder.imprecise", R::verdict, K::other, "imprecise interface call", "", S::none, "", 21},
    {"bloop.unknown", R::verdict, K::other, "expr is unknown to bloop pass", "", S::none, "", 26},
    {"bloop.keep", R::verdict, K::other, "", " will be kept alive", S::expr, "", 26},
    // -d=… debug output that users may add to -gcflags (§4.9): compiler
    // verdicts too, kept as `other` rather than left unclassified.
    {"dbg.loopvar", R::verdict, K::other, "loop variable ", "", S::before_sep,
     " now per-iteration, ", 22},
    {"dbg.loopmod", R::verdict, K::other, "", " was modified", S::after_sep, " loop ending at ",
     22},
    {"dbg.heap_closure", R::verdict, K::other, "heap closure, captured vars = ", "", S::expr, "",
     0},
    {"dbg.stack_closure", R::verdict, K::other, "stack closure, captured vars = ", "", S::expr, "",
     0},
    {"dbg.closure_global", R::verdict, K::other, "closure converted to global", "", S::none, "", 0},
    {"dbg.open_defer", R::verdict, K::other, "open-coded defer", "", S::none, "", 0},
    {"dbg.stack_defer", R::verdict, K::other, "stack-allocated defer", "", S::none, "", 0},
    {"dbg.heap_defer", R::verdict, K::other, "heap-allocated defer", "", S::none, "", 0},
    // -m=3 / -m=4 debug lines that carry a position (§4.8, §4.5).
    {"m3.stmt", R::noise, K::other, "[", "", S::any, " stmt:", 0},
    {"m3.label", R::noise, K::other, "", "looping label", S::any, "", 0},
    {"m3.inl_before", R::noise, K::other, "Before inlining:", "", S::any, "", 0},
    {"m3.inl_after", R::noise, K::other, "After inlining", "", S::any, "", 0},
    {"m4.callto", R::noise, K::other, "call to func ", "", S::any, "", 0},
};

constexpr std::string_view cannot_inline_reasons[] = {
    "function too complex",
    "recursive",
    "repeated recursive cycle",
    "marked ",
    "no function body",
    "no name",
    "type eq/hash function",
    "call to ",
    "defer call in range func",
    "not inlining functions with closures",
    "unhandled op ",
    "too expensive",
};

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Saturating: a hostile line with a thousand digits is a big number, not UB.
int to_int(std::string_view digits) {
  long long v = 0;
  for (char c : digits) {
    v = v * 10 + (c - '0');
    if (v > 1'000'000'000) return 1'000'000'000;
  }
  return static_cast<int>(v);
}

// `p leaks to SINK[ for F] with derefs=N`. The sink grammar is §9's LOC: a
// `{storage for X}` sink runs to the last `} for ` (function names never
// contain it), a plain name to the first space.
bool split_leak_header(std::string_view mid, Match& m) {
  auto at = mid.find(" leaks to ");
  if (at == std::string_view::npos || at == 0) return false;
  m.expr = mid.substr(0, at);
  std::string_view rest = mid.substr(at + 10);
  auto d = rest.rfind(" with derefs=");
  if (d == std::string_view::npos) return false;
  std::string_view num = rest.substr(d + 13);
  if (!all_digits(num)) return false;
  m.number = to_int(num);
  rest = rest.substr(0, d);
  std::string_view sink = rest;
  std::string_view fn;
  if (rest.starts_with("{heap}") || rest.starts_with("{temp}")) {
    sink = rest.substr(0, 6);
  } else if (rest.starts_with("{")) {
    auto f = rest.rfind("} for ");
    if (f != std::string_view::npos) sink = rest.substr(0, f + 1);
  } else {
    auto sp = rest.find(' ');
    if (sp != std::string_view::npos) sink = rest.substr(0, sp);
  }
  if (sink.size() < rest.size()) {
    std::string_view tail = rest.substr(sink.size());
    if (!tail.starts_with(" for ")) return false;
    fn = tail.substr(5);
  }
  if (sink.empty()) return false;
  m.detail = sink;
  m.extra = fn;
  return true;
}

// `F capturing by ref|value: x (addr=B assign=B width=N)`. F may contain
// spaces (closure names of generic functions); the tail is fixed.
bool split_capture(std::string_view mid, std::string_view sep, Match& m) {
  auto at = mid.rfind(sep);
  if (at == std::string_view::npos || at == 0) return false;
  m.extra = mid.substr(0, at);
  std::string_view rest = mid.substr(at + sep.size());
  if (rest.starts_with("ref: ")) {
    m.detail = rest.substr(0, 3);
    rest.remove_prefix(5);
  } else if (rest.starts_with("value: ")) {
    m.detail = rest.substr(0, 5);
    rest.remove_prefix(7);
  } else {
    return false;
  }
  auto sp = rest.find(" (addr=");
  if (sp == std::string_view::npos || sp == 0) return false;
  m.expr = rest.substr(0, sp);
  if (m.expr.find(' ') != std::string_view::npos) return false;
  rest.remove_prefix(sp + 7);
  auto flag = [&](std::string_view name, bool& out) {
    if (rest.starts_with("true")) {
      out = true;
      rest.remove_prefix(4);
    } else if (rest.starts_with("false")) {
      out = false;
      rest.remove_prefix(5);
    } else {
      return false;
    }
    if (!rest.starts_with(name)) return false;
    rest.remove_prefix(name.size());
    return true;
  };
  // The closing ')' is the row's suffix, already cut off.
  if (!flag(" assign=", m.addr) || !flag(" width=", m.assign)) return false;
  if (!all_digits(rest)) return false;
  m.number = to_int(rest);
  return true;
}

bool split_fields(const LineForm& form, std::string_view mid, Match& m) {
  switch (form.split) {
    case Split::expr:
      m.expr = mid;
      return !mid.empty();
    case Split::none:
      return mid.empty();
    case Split::any:
      return true;
    case Split::before_sep:
    case Split::after_sep: {
      auto at = mid.find(form.sep);
      if (at == std::string_view::npos || at == 0 || at + form.sep.size() >= mid.size())
        return false;
      std::string_view before = mid.substr(0, at);
      std::string_view after = mid.substr(at + form.sep.size());
      m.expr = form.split == Split::before_sep ? before : after;
      m.detail = form.split == Split::before_sep ? after : before;
      return true;
    }
    case Split::to_result: {
      auto at = mid.find(form.sep);
      if (at == std::string_view::npos || at == 0) return false;
      std::string_view rest = mid.substr(at + form.sep.size());
      auto lv = rest.rfind(" level=");
      if (lv == std::string_view::npos || lv == 0) return false;
      std::string_view num = rest.substr(lv + 7);
      if (!all_digits(num)) return false;
      m.expr = mid.substr(0, at);
      m.detail = rest.substr(0, lv);
      m.number = to_int(num);
      return true;
    }
    case Split::inline_cost: {
      auto at = mid.find(form.sep);
      if (at == std::string_view::npos || at == 0) return false;
      std::string_view rest = mid.substr(at + form.sep.size());
      auto as = rest.find(" as: ");
      if (as == std::string_view::npos || !all_digits(rest.substr(0, as))) return false;
      m.expr = mid.substr(0, at);
      m.detail = rest.substr(0, as);
      m.number = to_int(m.detail);
      return true;
    }
    case Split::inline_score: {
      auto at = mid.rfind(form.sep);
      if (at == std::string_view::npos || at == 0) return false;
      std::string_view num = mid.substr(at + form.sep.size());
      std::string_view digits = num.starts_with('-') ? num.substr(1) : num;
      if (!all_digits(digits)) return false;
      m.expr = mid.substr(0, at);
      m.detail = num;
      return true;
    }
    case Split::cannot_inline: {
      // The reason is one of a closed list; a function name never contains
      // ": " followed by one of them, so the first such split is right.
      std::size_t first = mid.find(": ");
      if (first == std::string_view::npos || first == 0) return false;
      std::size_t chosen = first;
      for (std::size_t at = first; at != std::string_view::npos; at = mid.find(": ", at + 1)) {
        std::string_view reason = mid.substr(at + 2);
        bool known = false;
        for (auto r : cannot_inline_reasons) known = known || reason.starts_with(r);
        if (known) {
          chosen = at;
          break;
        }
      }
      m.expr = mid.substr(0, chosen);
      m.detail = mid.substr(chosen + 2);
      if (m.detail == "repeated recursive cycle") {
        auto into = m.expr.find(" into ");
        if (into != std::string_view::npos && into > 0) m.expr = m.expr.substr(0, into);
      }
      return true;
    }
    case Split::leak_header:
      return split_leak_header(mid, m);
    case Split::derefs: {
      auto at = mid.rfind(form.sep);
      if (at == std::string_view::npos || at == 0) return false;
      std::string_view num = mid.substr(at + form.sep.size());
      if (!all_digits(num)) return false;
      m.expr = mid.substr(0, at);
      m.number = to_int(num);
      return true;
    }
    case Split::capture:
      return split_capture(mid, form.sep, m);
  }
  return false;
}

bool classify_impl(std::string_view message, Match& out, bool noise_only) {
  for (const LineForm& form : forms) {
    if (noise_only && form.role != Role::noise) continue;
    if (message.size() < form.prefix.size() + form.suffix.size()) continue;
    // First and last bytes reject most rows without a call.
    if (!form.prefix.empty() && message.front() != form.prefix.front()) continue;
    if (!form.suffix.empty() && message.back() != form.suffix.back()) continue;
    if (!message.starts_with(form.prefix) || !message.ends_with(form.suffix)) continue;
    std::string_view mid = message.substr(form.prefix.size(),
                                          message.size() - form.prefix.size() - form.suffix.size());
    if (!form.sep.empty() && mid.find(form.sep) == std::string_view::npos) continue;
    Match m;
    m.form = &form;
    if (split_fields(form, mid, m)) {
      out = m;
      return true;
    }
  }
  return false;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// One `FILE:LINE[:COL][[..]]:` candidate whose first ':' is at `colon`.
struct Candidate {
  std::size_t colon = 0;
  std::size_t end = 0;  // index of the ':' that closes the position
  int line = 0;
  int col = 0;
  std::size_t orig_begin = 0, orig_end = 0;
};

bool scan_candidate(std::string_view s, std::size_t colon, Candidate& c) {
  std::size_t j = colon + 1;
  std::size_t d = j;
  while (j < s.size() && is_digit(s[j])) ++j;
  if (j == d) return false;
  c = Candidate{};
  c.colon = colon;
  c.line = to_int(s.substr(d, j - d));
  if (j + 1 < s.size() && s[j] == ':' && is_digit(s[j + 1])) {
    d = ++j;
    while (j < s.size() && is_digit(s[j])) ++j;
    c.col = to_int(s.substr(d, j - d));
  }
  if (j < s.size() && s[j] == '[') {
    auto close = s.find(']', j);
    if (close == std::string_view::npos) return false;
    c.orig_begin = j + 1;
    c.orig_end = close;
    j = close + 1;
  }
  if (j >= s.size() || s[j] != ':') return false;
  c.end = j;
  return true;
}

SplitLine make_split(std::string_view line, const Candidate& c) {
  SplitLine out;
  out.pos.text = line.substr(0, c.end);
  out.pos.file = line.substr(0, c.colon);
  out.pos.line = c.line;
  out.pos.col = c.col;
  if (c.orig_end > c.orig_begin)
    out.pos.orig = line.substr(c.orig_begin, c.orig_end - c.orig_begin);
  if (c.end + 1 < line.size() && line[c.end + 1] == ' ') {
    out.message = line.substr(c.end + 2);
  } else {
    out.tight = true;
    out.message = line.substr(c.end + 1);
  }
  return out;
}

}  // namespace

std::span<const LineForm> line_forms() { return forms; }

bool classify_message(std::string_view message, Match& out) {
  return classify_impl(message, out, false);
}

bool split_position(std::string_view line, SplitLine& out, Match& match, bool& matched) {
  // base.FmtPos of an unknown position (seen in range-over-func closures).
  constexpr std::string_view unknown = "<unknown line number>: ";
  if (line.starts_with(unknown)) {
    out = SplitLine{};
    out.pos.text = line.substr(0, unknown.size() - 2);
    out.message = line.substr(unknown.size());
    matched = classify_impl(out.message, match, false);
    return true;
  }
  // The first candidate and the last few: enough for every real file name,
  // and a bounded amount of work for a line full of `:1:`.
  constexpr std::size_t kept = 4;
  std::array<Candidate, kept> last{};
  std::size_t count = 0;
  Candidate first{};
  bool have_first = false;
  std::size_t last_end = std::string_view::npos;

  const char* base = line.data();
  std::size_t i = 0;
  while (i < line.size()) {
    const void* hit = std::memchr(base + i, ':', line.size() - i);
    if (hit == nullptr) break;
    std::size_t colon = static_cast<std::size_t>(static_cast<const char*>(hit) - base);
    i = colon + 1;
    if (colon == 0) continue;
    Candidate c;
    if (!scan_candidate(line, colon, c)) continue;
    // `f.go:12:34:` also yields the candidate `f.go:12` + `34:`; the first
    // reading (with a column) is the one the compiler prints.
    if (c.end == last_end) continue;
    last_end = c.end;
    if (!have_first) {
      first = c;
      have_first = true;
    } else {
      last[count % kept] = c;
      ++count;
    }
  }
  if (!have_first) return false;

  std::size_t n = count < kept ? count : kept;
  for (std::size_t k = 0; k <= n; ++k) {
    const Candidate& c = k < n ? last[(count - 1 - k) % kept] : first;
    SplitLine s = make_split(line, c);
    Match m;
    if (classify_impl(s.message, m, s.tight)) {
      out = s;
      match = m;
      matched = true;
      return true;
    }
  }
  out = make_split(line, first);
  matched = false;
  return true;
}

bool parse_position(std::string_view text, PosText& out) {
  out = PosText{};
  out.text = text;
  std::string_view s = text;
  if (s.ends_with(']')) {
    auto open = s.rfind('[');
    if (open == std::string_view::npos) return false;
    out.orig = s.substr(open + 1, s.size() - open - 2);
    s = s.substr(0, open);
  }
  auto trailing_number = [](std::string_view v, std::size_t& start) {
    std::size_t j = v.size();
    while (j > 0 && is_digit(v[j - 1])) --j;
    start = j;
    return j < v.size() && j > 0 && v[j - 1] == ':';
  };
  std::size_t a = 0;
  if (!trailing_number(s, a)) return false;
  int n1 = to_int(s.substr(a));
  std::string_view head = s.substr(0, a - 1);
  std::size_t b = 0;
  if (trailing_number(head, b) && b > 1) {
    out.file = head.substr(0, b - 1);
    out.line = to_int(head.substr(b));
    out.col = n1;
  } else {
    out.file = head;
    out.line = n1;
  }
  return !out.file.empty();
}

bool is_noise_line(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  if (i == line.size()) return true;
  // -m=3/-m=4 IR dumps (`.   AS2-init`) and 1.19's unpositioned -m=3 lines.
  if (line == "." || line.starts_with(". ") || line.starts_with(".\t")) return true;
  static constexpr std::string_view prefixes[] = {
      "substituting name ",
      "not substituting name ",
      "substituting captured name ",
      "typecheck import [",
      "inl body for ",
      "inlvar ",
      // `go test` chatter.
      "ok  \t",
      "?   \t",
      "PASS",
      "FAIL",
      "=== RUN ",
      "=== PAUSE ",
      "=== CONT ",
      "=== NAME ",
      "--- PASS: ",
      "--- FAIL: ",
      "--- SKIP: ",
      "coverage: ",
  };
  for (auto p : prefixes) {
    if (line.starts_with(p)) return true;
  }
  return false;
}

}  // namespace goescape::parse
