// The state machine over lines. What spans lines lives here: the current
// package block, duplicate detection, the pending -m=2 explanation blocks, and
// the join of blocks and closure captures with the verdicts they explain,
// done when the package block ends (blocks come before their verdict, and
// nothing guarantees the order beyond "same package block").
//
// Hot-path rules: a line is classified by fixed prefixes and suffixes
// (line_forms.cpp); explanation body lines, most of a -m=2 log, are
// recognised by comparing against the open block's position text and either
// left in the input (a file: only the block's byte range is kept, and read
// back when the package block ends) or copied into an arena that is reset
// per package, so the steady state allocates nothing per body line. The
// standard library's log has a package (go/types) of 86 MB of explanations.
#include "parse/log_parser.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "parse/line_forms.hpp"
#include "support/signals.hpp"
#include "support/text.hpp"

namespace goescape {

namespace {

using parse::Match;
using parse::Role;
using parse::SplitLine;

// Whether the compiler printed `expr` as a constant: a literal or, what a
// call with one literal argument also looks like, `T(literal)`.
bool printed_constant(std::string_view expr) {
  const std::size_t open = expr.find('(');
  if (open != std::string_view::npos && open > 0 && expr.ends_with(')'))
    expr = expr.substr(open + 1, expr.size() - open - 2);
  return is_printed_literal(expr);
}

// Append-only text storage whose views stay valid until reset(). Reset keeps
// a few chunks so that the next package block reuses them.
class TextArena {
 public:
  std::string_view store(std::string_view s) {
    if (s.empty()) return {};
    char* p = alloc(s.size());
    std::memcpy(p, s.data(), s.size());
    return {p, s.size()};
  }

  void reset() {
    big_.clear();
    if (chunks_.size() > kKeptChunks) chunks_.resize(kKeptChunks);
    cur_ = 0;
    used_ = 0;
  }

  // reset(), keeping nothing.
  void release() {
    reset();
    chunks_.clear();
  }

 private:
  static constexpr std::size_t kChunk = 256 * 1024;
  static constexpr std::size_t kKeptChunks = 32;

  char* alloc(std::size_t n) {
    if (n > kChunk / 4) {
      big_.emplace_back(new char[n]);
      return big_.back().get();
    }
    if (chunks_.empty() || used_ + n > kChunk) {
      if (chunks_.empty() || cur_ + 1 >= chunks_.size()) {
        chunks_.emplace_back(new char[kChunk]);
        cur_ = chunks_.size() - 1;
      } else {
        ++cur_;
      }
      used_ = 0;
    }
    char* p = chunks_[cur_].get() + used_;
    used_ += n;
    return p;
  }

  std::vector<std::unique_ptr<char[]>> chunks_;
  std::vector<std::unique_ptr<char[]>> big_;
  std::size_t cur_ = 0;
  std::size_t used_ = 0;
};

// A string_view -> index map with open addressing: the two maps of a package
// block see a lookup per verdict or header line, and node-based maps spend
// that time in allocation and pointer chasing. Keys must outlive the map's
// use (they point into the arena).
class ViewIndex {
 public:
  static std::uint64_t hash(std::string_view s) {
    // FNV-1a over 8-byte words, then a final mix: fast on short keys.
    std::uint64_t h = 0xcbf29ce484222325ULL ^ s.size();
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
      std::uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      h = (h ^ w) * 0x100000001b3ULL;
      h ^= h >> 29;
    }
    for (; i < s.size(); ++i) h = (h ^ static_cast<unsigned char>(s[i])) * 0x100000001b3ULL;
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ULL;
    h ^= h >> 32;
    return h;
  }

  // The value stored for `key`, or null.
  std::uint32_t* find(std::string_view key) {
    if (slots_.empty()) return nullptr;
    const std::uint64_t h = hash(key);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (!s.full) return nullptr;
      if (s.hash == h && s.key == key) return &s.value;
    }
  }

  // Inserts `key` (which must not be present).
  void insert(std::string_view key, std::uint32_t value) {
    if ((count_ + 1) * 2 > slots_.size()) grow();
    place(Slot{key, hash(key), value, true});
    ++count_;
  }

  // clear(), keeping no table.
  void release() {
    slots_ = {};
    mask_ = 0;
    count_ = 0;
  }

  void clear() {
    if (count_ == 0) return;
    // Small packages are the common case: start them from a small table
    // rather than clearing the largest one seen.
    if (slots_.size() > kKeep) {
      slots_.assign(kKeep, Slot{});
      mask_ = kKeep - 1;
    } else {
      std::fill(slots_.begin(), slots_.end(), Slot{});
    }
    count_ = 0;
  }

 private:
  struct Slot {
    std::string_view key;
    std::uint64_t hash = 0;
    std::uint32_t value = 0;
    bool full = false;
  };
  static constexpr std::size_t kKeep = 1024;

  void place(const Slot& slot) {
    for (std::size_t i = slot.hash & mask_;; i = (i + 1) & mask_) {
      if (!slots_[i].full) {
        slots_[i] = slot;
        return;
      }
    }
  }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    const std::size_t size = old.empty() ? 1024 : old.size() * 2;
    slots_.assign(size, Slot{});
    mask_ = size - 1;
    for (const Slot& s : old)
      if (s.full) place(s);
  }

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::size_t count_ = 0;
};

// One -m=2 explanation block: a header line and the body lines that follow
// it at the same position.
struct Block {
  std::string_view pos;     // position text
  std::string_view header;  // the header's message
  std::string_view name;    // the explained expression / parameter
  std::string_view sink;    // leak headers: where the parameter leaks to
  std::string_view func;    // `in F` / `for F` (Go 1.25+), or empty
  Role role = Role::esc_header;
  int derefs = -1;
  std::uint32_t first_body = 0;
  std::uint32_t body_count = 0;
  std::int32_t prev_same_key = -1;  // the previous block with the same (pos, name)
  bool used = false;
  // Body lines left in the input, bytes [body_begin, body_end), rather than
  // in `bodies` (LogParser::feed_at).
  bool in_input = false;
  std::uint64_t body_begin = 0;
  std::uint64_t body_end = 0;
};

// A verdict or capture line until its package block ends: views into the
// arena, so that the feed path allocates nothing and each Finding is built
// once, in place, when the block is complete.
struct Pending {
  std::string_view pos_text;
  std::string_view file;
  std::string_view message;
  std::string_view expr;
  std::string_view detail;
  std::string_view extra;  // captures: the closure
  const parse::LineForm* form = nullptr;
  int line = 0;
  int col = 0;
  int number = -1;
  int occurrences = 1;
  bool addr = false;
  bool assign = false;
  bool dead = false;  // a capture claimed by its `moved to heap` host
};

// Explanation blocks name the allocation `append(s, p)` while the 1.25+
// verdict says just `append`, and 1.25+ prints a constant-propagated
// `make([]byte, 32768)` in the verdict for the header's `make([]byte, size)`.
// Both sides are keyed by this name; the position keeps the key precise.
std::string_view block_name(std::string_view name) {
  for (std::string_view call : {"append(", "make("}) {
    if (name.starts_with(call)) return call.substr(0, call.size() - 1);
  }
  return name;
}

std::string_view rebase(std::string_view view, std::string_view from, std::string_view to) {
  if (view.empty()) return {};
  return to.substr(static_cast<std::size_t>(view.data() - from.data()), view.size());
}

bool contains_numbered(std::string_view s, std::string_view marker) {
  for (auto at = s.find(marker); at != std::string_view::npos; at = s.find(marker, at + 1)) {
    std::size_t d = at + marker.size();
    if (d < s.size() && s[d] >= '0' && s[d] <= '9') return true;
  }
  return false;
}

// Reads only the two top-level string fields of a `go build -json` event and
// refuses anything nested deeper than an event can be, so hostile input
// neither recurses nor builds a document.
class EventSax : public nlohmann::json_sax<nlohmann::json> {
 public:
  std::string action;
  std::string output;
  bool object = false;

  bool null() override { return scalar(); }
  bool boolean(bool) override { return scalar(); }
  bool number_integer(number_integer_t) override { return scalar(); }
  bool number_unsigned(number_unsigned_t) override { return scalar(); }
  bool number_float(number_float_t, const string_t&) override { return scalar(); }
  bool string(string_t& val) override {
    if (depth_ == 1 && key_ == "Action") action = std::move(val);
    if (depth_ == 1 && key_ == "Output") output = std::move(val);
    return scalar();
  }
  bool binary(binary_t&) override { return scalar(); }
  bool start_object(std::size_t) override {
    if (depth_ == 0) object = true;
    return ++depth_ <= kMaxDepth;
  }
  bool key(string_t& val) override {
    if (depth_ == 1) key_ = val;
    return true;
  }
  bool end_object() override {
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override { return ++depth_ <= kMaxDepth; }
  bool end_array() override {
    --depth_;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  static constexpr int kMaxDepth = 16;
  bool scalar() { return true; }
  int depth_ = 0;
  std::string key_;
};

}  // namespace

struct LogParser::State {
  PackageSink sink;
  ParseStats stats;
  int go_minor = 0;

  PackageResult pkg;
  bool pkg_has_header = false;

  TextArena arena;
  std::vector<Pending> pending;  // this block's verdicts, first seen first
  ViewIndex seen;                // whole line -> pending index
  std::vector<Block> blocks;
  std::vector<std::string_view> bodies;  // body messages
  ViewIndex block_index;                 // pos \0 name -> last block with that key
  int open_block = -1;
  bool any_capture = false;

  // The input, when its lines can be read again: the current line's byte
  // range, and a window of it read back for the blocks being joined.
  Reader reader;
  bool line_in_input = false;
  std::uint64_t line_begin = 0;
  std::uint64_t line_end = 0;
  std::string window;
  std::uint64_t window_begin = 0;
  std::vector<std::string_view> reread;

  std::string key_buf;
  std::vector<std::uint32_t> candidates;
  std::vector<std::int32_t> host_of;       // capture pending index -> host pending index
  std::vector<std::uint32_t> unexplained;  // escape verdicts without a flow, by position

  void hint(int minor) { go_minor = std::max(go_minor, minor); }

  void process(std::string_view line, bool json_ok);
  bool try_body_line(std::string_view line);
  void keep_bodies(Block& b);
  std::span<const std::string_view> body_lines(const Block& b);
  void on_header(std::string_view line);
  bool try_json(std::string_view line);
  void on_positioned(std::string_view line, const SplitLine& sl, const Match& m);
  void add_block(std::string_view line, const SplitLine& sl, const Match& m);
  void add_finding(std::string_view line, const SplitLine& sl, const Match& m);
  void unclassified(std::string_view text);
  void flush();
  void reset_block_state();
  void release_block_state();

  std::string_view make_key(std::string_view pos, std::string_view name) {
    key_buf.assign(pos);
    key_buf.push_back('\0');
    key_buf.append(block_name(name));
    return key_buf;
  }
  void join_blocks(Finding& f, const Pending& v);
  void join_captures();
  void synthesize_unsummarised();
  Finding* unexplained_verdict(const parse::PosText& pos, std::string_view name);
  void build_finding(const Pending& v, Finding& f);
  void block_to_flow(const Block& b, const Finding& f, std::vector<FlowStep>& out);
};

void LogParser::State::process(std::string_view line, bool json_ok) {
  if (try_body_line(line)) return;
  open_block = -1;
  if (line.empty()) {
    ++stats.noise_lines;
    return;
  }
  if (line[0] == '#') {
    on_header(line);
    return;
  }
  if (line[0] == '{' && json_ok && try_json(line)) return;
  if (line[0] == '.' && (line.size() == 1 || line[1] == ' ' || line[1] == '\t')) {
    ++stats.noise_lines;  // -m=3/-m=4 IR dump
    return;
  }
  SplitLine sl;
  Match m;
  bool matched = false;
  if (parse::split_position(line, sl, m, matched)) {
    if (matched) {
      on_positioned(line, sl, m);
    } else {
      unclassified(line);  // compile errors and unknown wordings
    }
    return;
  }
  if (parse::is_noise_line(line)) {
    ++stats.noise_lines;
    return;
  }
  // WarnfAt prints no prefix at all when the position is unknown.
  if (parse::classify_message(line, m) &&
      (m.form->role == Role::verdict || m.form->role == Role::capture)) {
    sl = SplitLine{};
    sl.message = line;
    on_positioned(line, sl, m);
    return;
  }
  unclassified(line);
}

bool LogParser::State::try_body_line(std::string_view line) {
  if (open_block < 0) return false;
  const Block& b = blocks[static_cast<std::size_t>(open_block)];
  const std::size_t n = b.pos.size();
  if (line.size() < n + 4 || line[n] != ':' || line[n + 1] != ' ' || line[n + 2] != ' ' ||
      std::memcmp(line.data(), b.pos.data(), n) != 0)
    return false;
  std::string_view msg = line.substr(n + 2);
  if (msg.starts_with("  flow: ")) {
    if (go_minor < 25 && msg.find("\xe2\x86\x90") != std::string_view::npos) hint(25);
  } else if (!msg.starts_with("    from ") && !msg.starts_with("  warning: ")) {
    return false;
  }
  Block& open = blocks[static_cast<std::size_t>(open_block)];
  if (line_in_input && (open.body_count == 0 || (open.in_input && open.body_end == line_begin))) {
    if (open.body_count == 0) {
      open.in_input = true;
      open.body_begin = line_begin;
    }
    open.body_end = line_end;
  } else {
    if (open.in_input) keep_bodies(open);
    bodies.push_back(arena.store(msg));
  }
  ++open.body_count;
  return true;
}

// A block whose bodies were left in the input gets a line that is not (a
// `go build -json` event's output): its bodies so far move to `bodies`.
void LogParser::State::keep_bodies(Block& b) {
  for (std::string_view msg : body_lines(b)) bodies.push_back(arena.store(msg));
  b.in_input = false;
}

// The messages of a block's body lines (position prefix removed), valid
// until the next call.
std::span<const std::string_view> LogParser::State::body_lines(const Block& b) {
  if (!b.in_input) return {bodies.data() + b.first_body, b.body_count};
  reread.clear();
  const std::uint64_t size = b.body_end - b.body_begin;
  if (b.body_begin < window_begin || b.body_end > window_begin + window.size()) {
    // Blocks are joined roughly in input order: read ahead, up to the
    // line being read (no body lies past it).
    constexpr std::uint64_t kWindow = 1 << 20;
    window_begin = b.body_begin;
    const std::uint64_t ahead = std::max(size, std::min(kWindow, line_end - b.body_begin));
    // The last line of the input may lack its '\n'.
    if (!reader || !reader(b.body_begin, ahead, window) || window.size() + 1 < size) {
      window.clear();  // the input changed or went: the lines are gone
      return {};
    }
  }
  const std::size_t at = b.body_begin - window_begin;
  std::string_view text(window.data() + at, std::min<std::size_t>(size, window.size() - at));
  const std::size_t n = b.pos.size();
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (line.ends_with('\r')) line.remove_suffix(1);
    reread.push_back(line.size() >= n + 2 ? line.substr(n + 2) : std::string_view());
  }
  return reread;
}

void LogParser::State::on_header(std::string_view line) {
  // `# import/path` or `# import/path [variant]`; 1.22+ may add `# [desc]`.
  std::string_view rest = line.substr(1);
  if (!rest.starts_with(' ') || rest.size() < 2) {
    unclassified(line);
    return;
  }
  rest.remove_prefix(1);
  if (rest.starts_with('[') && rest.ends_with(']')) {
    ++stats.header_lines;
    if (pkg.variant.empty()) pkg.variant.assign(rest.substr(1, rest.size() - 2));
    return;
  }
  std::string_view path = rest;
  std::string_view variant;
  auto sp = rest.find(' ');
  if (sp != std::string_view::npos) {
    path = rest.substr(0, sp);
    std::string_view tail = rest.substr(sp + 1);
    if (!tail.starts_with('[') || !tail.ends_with(']') || tail.size() < 3 ||
        tail.substr(1, tail.size() - 2).find(']') != std::string_view::npos) {
      unclassified(line);
      return;
    }
    variant = tail.substr(1, tail.size() - 2);
  }
  if (path.empty() || path.find_first_of("\t\r") != std::string_view::npos) {
    unclassified(line);
    return;
  }
  flush();
  ++stats.header_lines;
  pkg.package.assign(path);
  pkg.variant.assign(variant);
  pkg_has_header = true;
}

bool LogParser::State::try_json(std::string_view line) {
  EventSax sax;
  if (!nlohmann::json::sax_parse(line.begin(), line.end(), &sax) || !sax.object) return false;
  ++stats.noise_lines;    // the envelope itself; its Output lines are counted one by one
  line_in_input = false;  // they are not the input's own bytes
  if (sax.action != "build-output") return true;
  std::string_view out = sax.output;
  while (!out.empty()) {
    auto nl = out.find('\n');
    std::string_view piece = out.substr(0, nl);
    out = nl == std::string_view::npos ? std::string_view() : out.substr(nl + 1);
    if (piece.ends_with('\r')) piece.remove_suffix(1);
    ++stats.lines;
    process(piece, false);
  }
  return true;
}

void LogParser::State::on_positioned(std::string_view line, const SplitLine& sl, const Match& m) {
  hint(m.form->min_go);
  switch (m.form->role) {
    case Role::flow:
    case Role::from:
    case Role::warning:
      // A body line whose header is not the open block: nothing to attach to.
      ++stats.orphan_explanations;
      pkg.diagnostics.push_back(Diagnostic{pkg.package, std::string(line)});
      return;
    case Role::esc_header:
    case Role::leak_header:
      add_block(line, sl, m);
      return;
    case Role::verdict:
    case Role::capture:
      add_finding(line, sl, m);
      return;
    case Role::noise:
      ++stats.noise_lines;
      return;
    case Role::error:
      unclassified(line);
      return;
  }
}

void LogParser::State::add_block(std::string_view line, const SplitLine& sl, const Match& m) {
  if (m.form->role == Role::leak_header && !m.extra.empty()) hint(25);
  if (contains_numbered(m.expr, "~p")) hint(22);
  std::string_view stored = arena.store(line);
  Block b;
  b.pos = rebase(sl.pos.text, line, stored);
  b.header = rebase(sl.message, line, stored);
  b.name = rebase(m.expr, line, stored);
  if (m.form->role == Role::leak_header) {
    b.sink = rebase(m.detail, line, stored);
    b.func = rebase(m.extra, line, stored);
  } else if (m.form->split == parse::Split::before_sep) {
    b.func = rebase(m.detail, line, stored);  // `X escapes to heap in F:`
  }
  b.role = m.form->role;
  b.derefs = m.number;
  b.first_body = static_cast<std::uint32_t>(bodies.size());
  const auto index = static_cast<std::uint32_t>(blocks.size());
  make_key(b.pos, b.name);
  if (std::uint32_t* last = block_index.find(key_buf)) {
    b.prev_same_key = static_cast<std::int32_t>(*last);
    *last = index;
  } else {
    block_index.insert(arena.store(key_buf), index);
  }
  blocks.push_back(b);
  open_block = static_cast<int>(index);
}

void LogParser::State::add_finding(std::string_view line, const SplitLine& sl, const Match& m) {
  if (std::uint32_t* dup = seen.find(line)) {
    ++pending[*dup].occurrences;
    ++stats.duplicate_lines;
    return;
  }
  ++stats.verdict_lines;
  std::string_view stored = arena.store(line);
  seen.insert(stored, static_cast<std::uint32_t>(pending.size()));
  Pending& v = pending.emplace_back();
  v.pos_text = rebase(sl.pos.text, line, stored);
  v.file = rebase(sl.pos.file, line, stored);
  v.message = rebase(sl.message, line, stored);
  v.expr = rebase(m.expr, line, stored);
  v.detail = rebase(m.detail, line, stored);
  v.extra = rebase(m.extra, line, stored);
  v.form = m.form;
  v.line = sl.pos.line;
  v.col = sl.pos.col;
  v.number = m.number;
  v.addr = m.addr;
  v.assign = m.assign;

  if (m.form->role == Role::capture) {
    any_capture = true;
    return;
  }
  switch (m.form->kind) {
    case Kind::escapes_to_heap:
    case Kind::does_not_escape:
      if (m.expr == "append") hint(25);
      break;
    case Kind::can_inline:
    case Kind::inlining_call:
      if (contains_numbered(m.expr, "-range")) hint(23);
      if (contains_numbered(m.expr, ".gowrap") || contains_numbered(m.expr, ".deferwrap")) hint(22);
      return;
    case Kind::cannot_inline:
      if (m.detail == "defer call in range func") hint(26);
      if (m.detail == "no name") hint(21);
      return;
    default:
      break;
  }
  if (contains_numbered(m.expr, "~p")) hint(22);
}

void LogParser::State::build_finding(const Pending& v, Finding& f) {
  f.kind = v.form->kind;
  f.pos.file.assign(v.file);
  f.pos.line = v.line;
  f.pos.col = v.col;
  f.printed_file = f.pos.file;
  f.message.emplace(v.message);
  f.package = pkg.package;
  f.variant = pkg.variant;
  f.expr.assign(v.expr);
  f.occurrences = v.occurrences;
  if (v.form->role == Role::capture) {
    const bool by_ref = v.detail == "ref";
    f.detail = by_ref ? "capturing by ref" : "capturing by value";
    f.captures.push_back(
        Capture{std::string(v.extra), std::string(v.expr), by_ref, v.addr, v.assign, v.number});
    return;
  }
  f.detail.assign(v.detail);
  switch (f.kind) {
    case Kind::leaking_param:
      f.derefs = 0;
      break;
    case Kind::leaking_param_to_result:
      f.derefs = v.number;
      break;
    case Kind::other:
      if (v.form->split == parse::Split::derefs) f.derefs = v.number;
      break;
    default:
      break;
  }
  if (!blocks.empty()) join_blocks(f, v);
}

void LogParser::State::unclassified(std::string_view text) {
  ++stats.unclassified;
  pkg.diagnostics.push_back(Diagnostic{pkg.package, std::string(text)});
}

void LogParser::State::block_to_flow(const Block& b, const Finding& f, std::vector<FlowStep>& out) {
  for (std::string_view msg : body_lines(b)) {
    FlowStep step;
    if (msg.starts_with("  flow: ")) {
      std::string_view text = msg.substr(8);
      if (text.ends_with(':')) text.remove_suffix(1);
      step.reason = "flow";
      // ≤1.24 writes `D = S`; one spelling keeps chains comparable across releases.
      auto eq = text.find(" = ");
      if (eq != std::string_view::npos && text.find("\xe2\x86\x90") == std::string_view::npos) {
        step.text.assign(text.substr(0, eq));
        step.text.append(" \xe2\x86\x90 ");
        step.text.append(text.substr(eq + 3));
      } else {
        step.text.assign(text);
      }
      step.pos = f.pos;
    } else if (msg.starts_with("    from ")) {
      std::string_view rest = msg.substr(9);
      // `why` never contains parentheses, so the last `(...) at ` is it.
      auto at = rest.rfind(") at ");
      auto open = at == std::string_view::npos ? std::string_view::npos : rest.rfind('(', at);
      if (open != std::string_view::npos && open >= 1 && rest[open - 1] == ' ') {
        step.reason.assign(rest.substr(open + 1, at - open - 1));
        step.text.assign(rest.substr(0, open - 1));
        parse::PosText p;
        if (parse::parse_position(rest.substr(at + 5), p)) {
          step.pos.file.assign(p.file);
          step.pos.line = p.line;
          step.pos.col = p.col;
        }
      } else {
        step.text.assign(rest);
      }
    } else {
      std::string_view text = msg.substr(msg.find(':') + 2);
      step.reason = "warning";
      step.text.assign(text);
      step.pos = f.pos;
    }
    out.push_back(std::move(step));
  }
}

// Picks the block that explains `f` best among those with its position and
// name: for leaks the one whose sink and derefs fit the verdict; then the
// shortest (the most direct path); then the first printed. Every block with
// the key counts as explained, but only the chosen one becomes Finding::flow.
void LogParser::State::join_blocks(Finding& f, const Pending& v) {
  const bool esc_ok = f.kind == Kind::moved_to_heap || f.kind == Kind::escapes_to_heap ||
                      f.kind == Kind::does_not_escape;
  const bool leak_ok = f.kind == Kind::moved_to_heap || f.kind == Kind::leaking_param ||
                       f.kind == Kind::leaking_param_content ||
                       f.kind == Kind::leaking_param_to_result;
  if (!esc_ok && !leak_ok) return;
  const std::uint32_t* last = block_index.find(make_key(v.pos_text, f.expr));
  if (last == nullptr) return;

  auto score = [&](const Block& b) {
    if (b.role == Role::esc_header) return esc_ok ? 0 : 9;
    if (!leak_ok) return 9;
    const bool heapish = b.sink.starts_with('{');
    switch (f.kind) {
      case Kind::leaking_param_to_result:
        return b.sink == f.detail ? (b.derefs == f.derefs ? 0 : 1) : 9;
      case Kind::leaking_param:
        return heapish ? (b.derefs == 0 ? 0 : 1) : 2;
      case Kind::leaking_param_content:
        return heapish ? (b.derefs >= 1 ? 0 : 1) : 2;
      default:
        return 1;  // moved_to_heap: prefer `x escapes to heap` blocks
    }
  };

  candidates.clear();
  for (std::int32_t i = static_cast<std::int32_t>(*last); i >= 0;
       i = blocks[static_cast<std::size_t>(i)].prev_same_key)
    candidates.push_back(static_cast<std::uint32_t>(i));
  const Block* best = nullptr;
  int best_score = 9;
  for (auto i = candidates.rbegin(); i != candidates.rend(); ++i) {  // first printed first
    Block& b = blocks[*i];
    const bool kind_fits = b.role == Role::esc_header ? esc_ok : leak_ok;
    if (!kind_fits) continue;
    b.used = true;
    int s = score(b);
    if (s < best_score || (s == best_score && best && b.body_count < best->body_count)) {
      best = &b;
      best_score = s;
    }
  }
  if (!best) return;
  block_to_flow(*best, f, f.flow);
  f.log_function.assign(best->func);
  if (f.kind == Kind::leaking_param_content && f.derefs < 0) f.derefs = best->derefs;
  if (f.expr == "append" && best->name.starts_with("append(")) f.expr.assign(best->name);
}

// A capture is printed at the captured variable's declaration, the position
// of its `moved to heap: x` when it is captured by reference and escapes.
// Captures with such a host become its Finding::captures; the others (by
// value, or by reference of a variable that stays on the stack) stay `other`
// findings carrying their one Capture, so a pattern can still see the width.
void LogParser::State::join_captures() {
  ViewIndex hosts;
  for (std::uint32_t i = 0; i < pending.size(); ++i) {
    const Pending& v = pending[i];
    if (v.form->kind != Kind::moved_to_heap || v.form->role != Role::verdict) continue;
    make_key(v.pos_text, v.expr);
    if (hosts.find(key_buf) == nullptr) hosts.insert(arena.store(key_buf), i);
  }
  host_of.assign(pending.size(), -1);
  for (std::uint32_t i = 0; i < pending.size(); ++i) {
    Pending& v = pending[i];
    if (v.form->role != Role::capture) continue;
    const std::uint32_t* h = hosts.find(make_key(v.pos_text, v.expr));
    if (h == nullptr) continue;
    host_of[i] = static_cast<std::int32_t>(*h);
    v.dead = true;
    --stats.verdict_lines;
    ++stats.explanation_lines;
  }
}

// An escape -m=2 explains (`X escapes to heap[ in F]:` and its flow) but
// for which the compiler prints no verdict - the closure it wraps a go or
// defer call in (escape.go finish: goDeferWrapper) - is a finding of its own,
// `synthesized`, with the explanation as its flow: it allocates like any
// other. Several blocks with the same position and name are one escape (the
// graph.go path prints one per flow into an escaping location); the shortest
// becomes the flow. Their lines count as explanation lines.
//
// Go 1.19 and 1.20 print a call's arguments in the heading and `...
// argument...` in the verdict (`fmt.Sprintf("%d", n) escapes to heap:` for
// `fmt.Sprintf("%d", ... argument...) escapes to heap`): a block whose
// verdict at the same position names the same callee and has no
// explanation of its own explains that verdict instead. So does one whose
// verdict prints a constant where the heading names a variable: Go 1.25+
// rewrites a variable that only holds a constant into that constant after
// explaining its escape (escape/escape.go rewriteWithLiterals), so
// `s escapes to heap in F:` explains `"abc" escapes to heap`.
void LogParser::State::synthesize_unsummarised() {
  // The verdicts without an explanation, by position: a log may hold many
  // of both, and each block looks up its position once.
  unexplained.clear();
  for (std::uint32_t i = 0; i < pkg.findings.size(); ++i) {
    const Finding& f = pkg.findings[i];
    if (f.kind == Kind::escapes_to_heap && f.flow.empty()) unexplained.push_back(i);
  }
  std::sort(unexplained.begin(), unexplained.end(), [&](std::uint32_t a, std::uint32_t b) {
    return std::tie(pkg.findings[a].pos.line, pkg.findings[a].pos.col, a) <
           std::tie(pkg.findings[b].pos.line, pkg.findings[b].pos.col, b);
  });
  for (Block& first : blocks) {
    if (first.used || first.role != Role::esc_header) continue;
    const std::uint32_t* last = block_index.find(make_key(first.pos, first.name));
    const Block* best = &first;
    for (std::int32_t i = last ? static_cast<std::int32_t>(*last) : -1; i >= 0;
         i = blocks[static_cast<std::size_t>(i)].prev_same_key) {
      Block& b = blocks[static_cast<std::size_t>(i)];
      if (b.used || b.role != Role::esc_header) continue;
      b.used = true;
      if (b.body_count < best->body_count || (b.body_count == best->body_count && &b < best))
        best = &b;
    }
    first.used = true;
    parse::PosText pos;
    if (!parse::parse_position(best->pos, pos)) pos.file = best->pos;
    if (Finding* verdict = unexplained_verdict(pos, best->name)) {
      block_to_flow(*best, *verdict, verdict->flow);
      verdict->log_function.assign(best->func);
      continue;
    }
    Finding& f = pkg.findings.emplace_back();
    f.kind = Kind::escapes_to_heap;
    f.pos.file.assign(pos.file);
    f.pos.line = pos.line;
    f.pos.col = pos.col;
    f.printed_file = f.pos.file;
    std::string_view heading = best->header;
    if (heading.ends_with(':')) heading.remove_suffix(1);
    f.message.emplace(heading);
    f.package = pkg.package;
    f.variant = pkg.variant;
    f.expr.assign(best->name);
    f.log_function.assign(best->func);
    f.synthesized = true;
    block_to_flow(*best, f, f.flow);
  }
}

Finding* LogParser::State::unexplained_verdict(const parse::PosText& pos, std::string_view name) {
  const std::size_t call = name.find('(');
  const std::string_view callee =
      call == std::string_view::npos || call == 0 ? std::string_view() : name.substr(0, call + 1);
  // A variable as the compiler prints it: `s`, an inlined parameter
  // `pkg.name`, a result `~r0`.
  const bool rewritten =
      !name.empty() && !printed_constant(name) && std::all_of(name.begin(), name.end(), [](char c) {
        return is_identifier_char(c) || c == '.' || c == '~';
      });
  if (callee.empty() && !rewritten) return nullptr;
  auto from =
      std::lower_bound(unexplained.begin(), unexplained.end(), std::pair{pos.line, pos.col},
                       [&](std::uint32_t i, const std::pair<int, int>& at) {
                         return std::pair{pkg.findings[i].pos.line, pkg.findings[i].pos.col} < at;
                       });
  for (auto it = from; it != unexplained.end(); ++it) {
    Finding& f = pkg.findings[*it];
    if (f.pos.line != pos.line || f.pos.col != pos.col) break;
    if (!f.flow.empty() || f.pos.file != pos.file) continue;
    if (!callee.empty() && std::string_view(f.expr).starts_with(callee)) return &f;
    if (rewritten && printed_constant(f.expr)) return &f;
  }
  return nullptr;
}

void LogParser::State::flush() {
  open_block = -1;
  if (any_capture) join_captures();
  std::size_t alive = 0;
  for (const Pending& v : pending) alive += v.dead ? 0 : 1;
  // Room for the synthesized findings too (at most one per escape block):
  // growing the vector later would hold two copies of the largest package.
  std::size_t escape_blocks = 0;
  for (const Block& b : blocks) escape_blocks += b.role == Role::esc_header ? 1 : 0;
  pkg.findings.reserve(alive + escape_blocks);
  // Pending index -> finding index, for the captures that join their host.
  std::vector<std::int32_t> built;
  if (any_capture) built.assign(pending.size(), -1);
  for (std::size_t i = 0; i < pending.size(); ++i) {
    if (pending[i].dead) continue;
    if (any_capture) built[i] = static_cast<std::int32_t>(pkg.findings.size());
    build_finding(pending[i], pkg.findings.emplace_back());
  }
  if (any_capture) {
    for (std::size_t i = 0; i < pending.size(); ++i) {
      if (host_of[i] < 0) continue;
      const Pending& v = pending[i];
      auto& host =
          pkg.findings[static_cast<std::size_t>(built[static_cast<std::size_t>(host_of[i])])];
      host.captures.push_back(Capture{std::string(v.extra), std::string(v.expr), v.detail == "ref",
                                      v.addr, v.assign, v.number});
    }
  }

  synthesize_unsummarised();

  for (const Block& b : blocks) {
    const std::int64_t n = 1 + static_cast<std::int64_t>(b.body_count);
    if (b.used) {
      stats.explanation_lines += n;
      continue;
    }
    // Never lose an explanation whose verdict did not come: keep its lines.
    stats.orphan_explanations += n;
    std::string text;
    text.reserve(b.pos.size() + 2 + b.header.size());
    text.append(b.pos).append(": ").append(b.header);
    pkg.diagnostics.push_back(Diagnostic{pkg.package, std::move(text)});
    for (std::string_view msg : body_lines(b)) {
      std::string body(b.pos);
      body.append(": ").append(msg);
      pkg.diagnostics.push_back(Diagnostic{pkg.package, std::move(body)});
    }
  }

  if (pkg_has_header || !pkg.findings.empty() || !pkg.diagnostics.empty()) {
    PackageResult done = std::move(pkg);
    if (sink) sink(std::move(done));
  }
  pkg = PackageResult{};
  pkg_has_header = false;
  reset_block_state();
}

void LogParser::State::reset_block_state() {
  pending.clear();
  seen.clear();
  blocks.clear();
  bodies.clear();
  block_index.clear();
  open_block = -1;
  any_capture = false;
  arena.reset();
  window.clear();
}

// Once a log is read, what the next package block would have reused goes
// back: the caller renders the report while this parser lives on.
void LogParser::State::release_block_state() {
  reset_block_state();
  arena.release();
  seen.release();
  block_index.release();
  pending = {};
  blocks = {};
  bodies = {};
  window = {};
  reread = {};
  candidates = {};
  host_of = {};
  unexplained = {};
}

LogParser::LogParser(PackageSink sink) : state_(new State) { state_->sink = std::move(sink); }

LogParser::~LogParser() { delete state_; }

void LogParser::feed(std::string_view line) {
  if (line.ends_with('\r')) line.remove_suffix(1);
  ++state_->stats.lines;
  state_->line_in_input = false;
  state_->process(line, true);
}

void LogParser::feed_at(std::string_view line, std::uint64_t offset) {
  state_->line_begin = offset;
  state_->line_end = offset + line.size() + 1;
  if (line.ends_with('\r')) line.remove_suffix(1);
  ++state_->stats.lines;
  state_->line_in_input = static_cast<bool>(state_->reader);
  state_->process(line, true);
}

void LogParser::set_reader(Reader reader) { state_->reader = std::move(reader); }

void LogParser::feed_overlong(std::string_view head) {
  ++state_->stats.lines;
  state_->open_block = -1;
  state_->unclassified(head);
}

void LogParser::finish() {
  state_->flush();
  state_->release_block_state();
}

const ParseStats& LogParser::stats() const { return state_->stats; }

int LogParser::detected_go_minor() const { return state_->go_minor; }

namespace {

// The reading loop of parse_stream and parse_file: `read(buffer, size)`
// returns the number of bytes read, 0 at the end. With `offsets`, each line
// is fed with its byte offset in the input.
template <typename Read>
void read_lines(Read&& read, LogParser& parser, std::size_t max_line, bool offsets) {
  // Beyond this a "line" is not compiler output; keep the buffer bounded.
  constexpr std::size_t kMaxLineCap = std::size_t{64} << 20;
  constexpr std::size_t kRead = 256 * 1024;
  constexpr std::size_t kKeepHead = 512;
  max_line = std::clamp<std::size_t>(max_line, 1, kMaxLineCap);

  std::vector<char> buf(max_line + kRead);
  std::size_t have = 0;
  std::uint64_t base = 0;  // input offset of buf[0]
  bool skipping = false;   // inside the excess of an overlong line
  auto emit = [&](std::string_view line, std::size_t at) {
    if (line.size() > max_line) {
      parser.feed_overlong(line.substr(0, std::min(kKeepHead, max_line)));
    } else if (offsets) {
      parser.feed_at(line, base + at);
    } else {
      parser.feed(line);
    }
  };
  // After SIGINT/SIGTERM the rest of the log is not worth reading: the run
  // writes no report (support/signals.hpp).
  while (interrupted_by() == 0) {
    const std::size_t got = read(buf.data() + have, buf.size() - have);
    if (got == 0) break;
    have += got;
    std::size_t start = 0;
    while (start < have) {
      const void* nl = std::memchr(buf.data() + start, '\n', have - start);
      if (nl == nullptr) break;
      const auto end = static_cast<std::size_t>(static_cast<const char*>(nl) - buf.data());
      if (skipping) {
        skipping = false;
      } else {
        emit(std::string_view(buf.data() + start, end - start), start);
      }
      start = end + 1;
    }
    const std::size_t tail = have - start;
    if (skipping) {
      base += have;
      have = 0;
      continue;
    }
    if (tail > max_line) {
      parser.feed_overlong(std::string_view(buf.data() + start, std::min(kKeepHead, max_line)));
      skipping = true;
      base += have;
      have = 0;
      continue;
    }
    if (start > 0 && tail > 0) std::memmove(buf.data(), buf.data() + start, tail);
    base += start;
    have = tail;
  }
  if (!skipping && have > 0) emit(std::string_view(buf.data(), have), 0);
  parser.finish();
}

}  // namespace

void parse_stream(std::istream& in, LogParser& parser, std::size_t max_line) {
  read_lines(
      [&](char* data, std::size_t size) {
        in.read(data, static_cast<std::streamsize>(size));
        return static_cast<std::size_t>(in.gcount());
      },
      parser, max_line, false);
}

Status parse_file(const std::string& path, LogParser& parser, std::size_t max_line) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error{fmt::format("{}: cannot read: {}", path, std::strerror(errno))};
  // A pipe or a device cannot be read twice: its lines are kept.
  struct stat st {};
  const bool rereadable = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  if (rereadable) {
    parser.set_reader([fd](std::uint64_t offset, std::size_t size, std::string& out) {
      out.resize(size);
      std::size_t got = 0;
      while (got < size) {
        const ssize_t n =
            ::pread(fd, out.data() + got, size - got, static_cast<off_t>(offset + got));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
      }
      out.resize(got);
      return true;
    });
  }
  int read_errno = 0;
  read_lines(
      [&](char* data, std::size_t size) -> std::size_t {
        for (;;) {
          const ssize_t n = ::read(fd, data, size);
          if (n >= 0) return static_cast<std::size_t>(n);
          if (errno == EINTR) continue;
          read_errno = errno;
          return 0;
        }
      },
      parser, max_line, rereadable);
  parser.set_reader(nullptr);
  ::close(fd);
  if (read_errno != 0)
    return Error{fmt::format("{}: read error: {}", path, std::strerror(read_errno))};
  return ok_status();
}

}  // namespace goescape
