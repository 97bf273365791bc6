// The Go source scanner: see go_source.hpp. One pass over the tokens of
// go_lexer.hpp with a stack of open brackets; function bodies are the `{` frames
// that carry a function index. Closure names follow cmd/compile's closureName
// (ir/func.go), checked against go1.19.13, go1.21.13, go1.22.12, go1.24.13 and
// go1.26.8 (tests/unit/test_source_naming.cpp).
#include "source/go_source.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <map>
#include <numeric>
#include <string>
#include <unordered_map>

#include "source/go_lexer.hpp"

namespace goescape {
namespace {

using golex::is;
using golex::Token;
using golex::TokKind;

struct Signature {
  std::vector<std::string> params;
  bool has_params = false;
  bool has_results = false;
  std::string results;  // the result type(s) as written, normalised
  int end = 0;          // token index after the signature
};

struct DeclHeader {
  std::string name;
  std::string recv_type;
  std::string recv_name;
  bool has_receiver = false;
  bool pointer = false;
  bool recv_generic = false;
  bool generic = false;
  Signature sig;
  int body = -1;  // token index of the body's `{`, -1 without a body
};

bool is_builtin_func(std::string_view s) {
  static constexpr std::array<std::string_view, 18> builtins = {
      "append", "cap", "clear", "close", "complex", "copy",  "delete",  "imag", "len",
      "make",   "max", "min",   "new",   "panic",   "print", "println", "real", "recover"};
  return std::find(builtins.begin(), builtins.end(), s) != builtins.end();
}

// Standard-library functions that return iterator functions (Go 1.23+), for
// telling `for x := range maps.Keys(m)` (a range-over-func body) from a range
// over a slice.
bool is_std_iterator(std::string_view path, std::string_view fn) {
  static const std::map<std::string_view, std::vector<std::string_view>> known = {
      {"maps", {"All", "Keys", "Values"}},
      {"slices", {"All", "Values", "Backward", "Chunk"}},
      {"strings", {"Lines", "SplitSeq", "SplitAfterSeq", "FieldsSeq", "FieldsFuncSeq"}},
      {"bytes", {"Lines", "SplitSeq", "SplitAfterSeq", "FieldsSeq", "FieldsFuncSeq"}},
      {"go/ast", {"Preorder"}},
      {"reflect", {}},
  };
  auto it = known.find(path);
  return it != known.end() &&
         std::find(it->second.begin(), it->second.end(), fn) != it->second.end();
}

bool is_iterator_type(std::string_view results) {
  return results.starts_with("iter.Seq") || results.starts_with("func(yield") ||
         results.starts_with("func(func(");
}

bool is_word(const Token& t) {
  return t.kind == TokKind::ident || t.kind == TokKind::keyword || t.kind == TokKind::number ||
         t.kind == TokKind::string || t.kind == TokKind::rune;
}

// The default import name for an import path: its last element, without a
// `.vN` / `/vN` major-version suffix or a `go-` prefix.
std::string default_import_name(std::string_view path) {
  std::size_t slash = path.rfind('/');
  std::string_view last = slash == std::string_view::npos ? path : path.substr(slash + 1);
  auto is_version = [](std::string_view s) {
    return s.size() >= 2 && s[0] == 'v' &&
           std::all_of(s.begin() + 1, s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (is_version(last) && slash != std::string_view::npos) {
    std::string_view head = path.substr(0, slash);
    std::size_t s2 = head.rfind('/');
    last = s2 == std::string_view::npos ? head : head.substr(s2 + 1);
  }
  if (std::size_t dot = last.rfind(".v");
      dot != std::string_view::npos && is_version(last.substr(dot + 1)))
    last = last.substr(0, dot);
  if (last.starts_with("go-")) last.remove_prefix(3);
  std::string name;
  for (char c : last) name += (c == '-' || c == '.') ? '_' : c;
  return name;
}

// Result types are kept only to recognise iterator functions: their start is
// enough, and a cap keeps pathological chains of func types linear.
constexpr int kResultTextTokens = 24;

// Deeper nesting of function literals is treated as plain blocks: real code never
// gets near, and it bounds the length of names like F.func1.1.1...
constexpr std::size_t kMaxFuncDepth = 1000;

class Scanner {
 public:
  Scanner(GoSourceFile& out, GoNaming naming) : out_(out), naming_(naming) {
    toks_ = golex::lex(out_.text, &out_.line_offsets);
    n_ = static_cast<int>(toks_.size());
    skip_cache_.assign(toks_.size(), -1);
  }

  void run() {
    collect_top_level_signatures();
    main_pass();
    sort_funcs();
    // One file alone is numbered like a package of one file.
    renumber_package({&out_}, naming_);
  }

 private:
  const Token& tok(int i) const { return toks_[std::clamp(i, 0, n_ - 1)]; }
  bool is_semi(int i) const { return tok(i).kind == TokKind::semi || tok(i).kind == TokKind::eof; }
  int match(int i) const { return tok(i).match; }
  // The index after the group opened at i (or i + 1 when it is unbalanced).
  int after_group(int i) const { return match(i) > i ? match(i) + 1 : i + 1; }

  static Position pos_of(const Token& t) { return Position{"", t.line, t.col}; }

  // Tokens [a, b) as normalised text: single spaces only where Go needs them or
  // gofmt would put them (between words, after commas, around braces).
  std::string join(int a, int b) const {
    std::string s;
    for (int k = a; k < b && k < n_; ++k) {
      const Token& t = toks_[k];
      if (t.kind == TokKind::semi) {
        s += ";";
        continue;
      }
      if (k > a) {
        const Token& p = toks_[k - 1];
        const bool space = (is_word(p) && is_word(t)) || p.kind == TokKind::semi || is(p, ",") ||
                           is(t, "{") || (is(p, "{") && !is(t, "}")) ||
                           (is(t, "}") && !is(p, "{")) || (is(p, "chan") && is(t, "<-")) ||
                           (is(p, ")") && (is_word(t) || is(t, "(") || is(t, "*") || is(t, "["))) ||
                           (is(p, "<-") && is_word(t) && k - 2 >= a && is(toks_[k - 2], "chan"));
        if (space) s += ' ';
      }
      s += t.text;
    }
    return s;
  }

  bool starts_type(int i) const {
    const Token& t = tok(i);
    return t.kind == TokKind::ident || is(t, "*") || is(t, "[") || is(t, "map") || is(t, "chan") ||
           is(t, "func") || is(t, "struct") || is(t, "interface") || is(t, "<-") || is(t, "(");
  }

  // The index after the type expression starting at i (i itself when none).
  // Iterative so that deeply nested input cannot exhaust the stack.
  int skip_type(int i) const {
    // `func() func() func() ...`: every func of such a chain ends where the
    // chain ends; the cache keeps repeated calls linear.
    std::vector<int> chain;
    auto done = [&](int end) {
      for (int f : chain) skip_cache_[f] = end;
      return end;
    };
    while (i < n_) {
      const Token& t = tok(i);
      if (is(t, "*") || is(t, "...") || is(t, "<-")) {
        ++i;
      } else if (is(t, "[")) {
        if (match(i) <= i) return done(i + 1);
        i = match(i) + 1;
      } else if (is(t, "map")) {
        if (!is(tok(i + 1), "[") || match(i + 1) <= i + 1) return done(i + 1);
        i = match(i + 1) + 1;
      } else if (is(t, "chan")) {
        ++i;
        if (is(tok(i), "<-")) ++i;
      } else if (is(t, "func")) {
        if (skip_cache_[i] >= 0) return done(skip_cache_[i]);
        chain.push_back(i);
        ++i;
        if (!is(tok(i), "(") || match(i) <= i) return done(i);
        i = match(i) + 1;
        if (is(tok(i), "(")) return done(after_group(i));
        if (!starts_type(i)) return done(i);
      } else if (is(t, "struct") || is(t, "interface")) {
        return done(is(tok(i + 1), "{") ? after_group(i + 1) : i + 1);
      } else if (is(t, "(")) {
        return done(after_group(i));
      } else if (t.kind == TokKind::ident) {
        ++i;
        while (is(tok(i), ".") && tok(i + 1).kind == TokKind::ident) i += 2;
        if (is(tok(i), "[") && match(i) > i) i = match(i) + 1;  // type arguments
        return done(i);
      } else {
        return done(i);
      }
    }
    return done(i);
  }

  // Parameter names of the list opened at i (a `(`); "" for unnamed ones.
  std::vector<std::string> param_names(int i) const {
    std::vector<std::string> names;
    const int close = match(i);
    if (close <= i) return names;
    struct Group {
      int first, last;  // [first, last)
    };
    std::vector<Group> groups;
    int start = i + 1;
    for (int k = i + 1; k <= close;) {
      if (k == close || is(tok(k), ",")) {
        if (k > start) groups.push_back({start, k});
        start = k + 1;
        ++k;
      } else if ((is(tok(k), "(") || is(tok(k), "[") || is(tok(k), "{")) && match(k) > k) {
        k = match(k) + 1;
      } else {
        ++k;
      }
    }
    auto named = [&](const Group& g) {
      if (g.last - g.first < 2 || tok(g.first).kind != TokKind::ident) return false;
      const Token& second = tok(g.first + 1);
      if (is(second, ".")) return false;
      if (is(second, "[")) return match(g.first + 1) > 0 && match(g.first + 1) + 1 < g.last;
      return true;
    };
    const bool any_named = std::any_of(groups.begin(), groups.end(), named);
    for (const Group& g : groups)
      names.push_back(any_named && tok(g.first).kind == TokKind::ident
                          ? std::string(tok(g.first).text)
                          : std::string());
    return names;
  }

  // The signature whose parameter list opens at i.
  Signature signature(int i) const {
    Signature s;
    if (!is(tok(i), "(")) {
      s.end = i;
      return s;
    }
    s.params = param_names(i);
    s.has_params = !s.params.empty();
    int k = after_group(i);
    if (is(tok(k), "(")) {
      s.has_results = match(k) > k + 1;
      s.results = join(k, std::min(after_group(k), k + kResultTextTokens));
      s.end = after_group(k);
    } else if (starts_type(k)) {
      s.has_results = true;
      s.end = skip_type(k);
      s.results = join(k, std::min(s.end, k + kResultTextTokens));
    } else {
      s.end = k;
    }
    return s;
  }

  // The header of the declaration whose `func` keyword is at i.
  DeclHeader decl_header(int i) const {
    DeclHeader h;
    int j = i + 1;
    if (is(tok(j), "(")) {
      h.has_receiver = true;
      const int close = match(j) > j ? match(j) : j + 1;
      std::vector<int> idents;
      for (int k = j + 1; k < close;) {
        const Token& t = tok(k);
        if (is(t, "[") && match(k) > k) {
          h.recv_generic = true;
          k = match(k) + 1;
          continue;
        }
        if (is(t, "*")) h.pointer = true;
        if (t.kind == TokKind::ident) idents.push_back(k);
        ++k;
      }
      if (!idents.empty()) h.recv_type = std::string(tok(idents.back()).text);
      if (idents.size() >= 2) h.recv_name = std::string(tok(idents.front()).text);
      j = close + 1;
    }
    if (tok(j).kind == TokKind::ident) {
      h.name = std::string(tok(j).text);
      ++j;
    }
    if (is(tok(j), "[") && match(j) > j) {
      h.generic = true;
      j = match(j) + 1;
    }
    h.sig = signature(j);
    if (h.has_receiver) h.sig.params.insert(h.sig.params.begin(), h.recv_name);
    if (is(tok(h.sig.end), "{")) h.body = h.sig.end;
    return h;
  }

  bool at_declaration(int i) const { return i == 0 || is_semi(i - 1); }

  // `func Name` or `func (r T) Name` at column 1 after a statement end: gofmt
  // never puts a literal there.
  bool looks_like_declaration(int i) const {
    if (tok(i).col != 1 || !at_declaration(i)) return false;
    if (tok(i + 1).kind == TokKind::ident) return true;
    if (!is(tok(i + 1), "(")) return false;
    const int after = after_group(i + 1);
    return tok(after).kind == TokKind::ident &&
           (is(tok(after + 1), "(") || is(tok(after + 1), "["));
  }

  void collect_top_level_signatures() {
    for (int i = 0; i < n_;) {
      const Token& t = tok(i);
      if (is(t, "func") && at_declaration(i)) {
        DeclHeader h = decl_header(i);
        if (h.has_receiver)
          method_results_[h.name] = h.sig.results;
        else
          top_funcs_[h.name] = h.sig;
        i = h.body >= 0 ? after_group(h.body) : h.sig.end;
        continue;
      }
      if (is(t, "import")) read_imports(i + 1);
      if ((is(t, "(") || is(t, "[") || is(t, "{")) && match(i) > i) {
        i = match(i) + 1;
        continue;
      }
      ++i;
    }
  }

  void read_imports(int i) {
    auto one = [&](int k) {
      std::string name;
      if (tok(k).kind == TokKind::ident || is(tok(k), ".")) {
        name = std::string(tok(k).text);
        ++k;
      }
      if (tok(k).kind != TokKind::string || tok(k).text.size() < 2) return;
      std::string path(tok(k).text.substr(1, tok(k).text.size() - 2));
      if (name.empty()) name = default_import_name(path);
      if (name != "_" && name != ".") out_.imports.emplace_back(name, path);
    };
    if (!is(tok(i), "(")) {
      one(i);
      return;
    }
    const int close = match(i) > i ? match(i) : n_ - 1;
    for (int k = i + 1; k < close; ++k)
      if (k == i + 1 || is_semi(k - 1)) one(k);
  }

  std::string_view import_path(std::string_view name) const {
    for (const auto& [n, p] : out_.imports)
      if (n == name) return p;
    return {};
  }

  // --- naming ---------------------------------------------------------------

  // cmd/compile names closures made inside a range-over-func body after the
  // function the loop is in (closureName's RangeParent).
  int naming_outer(int f) const {
    while (f >= 0 && out_.funcs[f].kind == GoFuncKind::range_body) f = range_parent_[f];
    return f;
  }

  bool is_blank_decl(int f) const {
    const GoFunc& g = out_.funcs[f];
    return g.kind == GoFuncKind::declaration && g.receiver.empty() && g.name == "_";
  }

  int add_func(GoFunc g) {
    out_.funcs.push_back(std::move(g));
    lit_gen_.push_back(0);
    range_gen_.push_back(0);
    godefer_gen_.push_back(0);
    range_parent_.push_back(-1);
    return static_cast<int>(out_.funcs.size()) - 1;
  }

  // Sets the name of a compiler-made closure: `kind` is ".func", "-range",
  // ".gowrap" or ".deferwrap"; `outer` the function it is made in.
  void name_closure(GoFunc& g, int outer, std::string_view kind) {
    outer = naming_outer(outer);
    if (outer < 0) {
      // Package-level initializers: glob..funcN up to 1.21, init.funcN after.
      g.package_numbered = true;
      g.name_suffix = naming_.minor >= 22 ? "init.func" : "glob..func";
      g.name = g.name_suffix;  // numbered by renumber_package
      return;
    }
    if (is_blank_decl(outer)) {
      g.package_numbered = true;
      g.name_suffix = std::string("glob.") + std::string(kind);
      g.name = g.name_suffix;  // numbered by renumber_package
      return;
    }
    const GoFunc& o = out_.funcs[outer];
    int* gen = &lit_gen_[outer];
    std::string suffix(kind);
    if (kind == ".func" && o.kind != GoFuncKind::declaration) suffix = ".";
    if (kind == "-range") gen = &range_gen_[outer];
    if (kind == ".gowrap" || kind == ".deferwrap") gen = &godefer_gen_[outer];
    g.name_base = outer;
    g.name_suffix = suffix + std::to_string(++*gen);
    g.name = o.name + g.name_suffix;
  }

  // --- the main pass --------------------------------------------------------

  struct Frame {
    int tok;
    int func;  // function index when this `{` is a body, else -1
  };

  int current_func() const { return func_stack_.empty() ? -1 : func_stack_.back(); }

  void open_body(int brace, int f) {
    GoFunc& g = out_.funcs[f];
    g.body_begin = pos_of(tok(brace));
    g.end = match(brace) > brace ? pos_of(tok(match(brace))) : pos_of(toks_.back());
    frames_.push_back({brace, f});
    func_stack_.push_back(f);
  }

  void close_group(int i) {
    const int opener = match(i);
    if (opener < 0) return;
    while (!frames_.empty()) {
      Frame f = frames_.back();
      frames_.pop_back();
      if (f.func >= 0 && !func_stack_.empty()) func_stack_.pop_back();
      if (f.tok == opener) break;
    }
  }

  void main_pass() {
    for (int i = 0; i < n_; ++i) {
      const Token& t = toks_[i];
      if (t.kind == TokKind::op && t.text.size() == 1) {
        const char c = t.text[0];
        if (c == '{') {
          auto it = range_bodies_.find(i);
          if (it != range_bodies_.end()) {
            add_range_body(it->second, i);
          } else {
            frames_.push_back({i, -1});
          }
        } else if (c == '(' || c == '[') {
          frames_.push_back({i, -1});
        } else if (c == ')' || c == ']' || c == '}') {
          close_group(i);
        }
        continue;
      }
      if (t.kind != TokKind::keyword) continue;
      if (t.text == "func") {
        i = on_func(i);
      } else if (t.text == "package" && tok(i + 1).kind == TokKind::ident) {
        out_.package_name = std::string(tok(i + 1).text);
      } else if (t.text == "type" && !is(tok(i - 1), "(")) {
        read_type_decls(i + 1);
      } else if ((t.text == "go" || t.text == "defer") && naming_.minor >= 22 &&
                 current_func() >= 0) {
        on_go_defer(i);
      } else if (t.text == "for" && naming_.minor >= 23 && current_func() >= 0) {
        on_for(i);
      }
    }
  }

  // Handles the `func` at i; returns the index the loop continues after.
  int on_func(int i) {
    if (!frames_.empty() && looks_like_declaration(i)) {
      // An unclosed body before a declaration at the start of a line (broken or
      // truncated input): end the open functions here and carry on.
      for (int f : func_stack_) out_.funcs[f].end = pos_of(tok(i - 1));
      frames_.clear();
      func_stack_.clear();
    }
    if (frames_.empty() && at_declaration(i)) {
      DeclHeader h = decl_header(i);
      GoFunc g;
      g.kind = GoFuncKind::declaration;
      g.begin = pos_of(tok(i));
      g.receiver = h.recv_type;
      g.pointer_receiver = h.pointer;
      g.params = std::move(h.sig.params);
      if (h.has_receiver) {
        std::string type = h.recv_type + (h.recv_generic ? "[...]" : "");
        g.name = h.pointer ? "(*" + type + ")." + h.name : type + "." + h.name;
      } else if (h.name == "init" && !h.generic) {
        g.package_numbered = true;
        g.name_suffix = "init.";
        g.name = g.name_suffix;  // numbered by renumber_package
      } else {
        g.name = h.name + (h.generic ? "[...]" : "");
      }
      const int f = add_func(std::move(g));
      if (h.body < 0) {
        out_.funcs[f].end = out_.funcs[f].body_begin = pos_of(tok(h.sig.end - 1));
        return std::max(i, h.sig.end - 1);
      }
      open_body(h.body, f);
      return h.body;
    }
    // A func type, not a literal, after `[]`, `[N]`, `map[K]`, `*` or `chan`.
    const Token& prev = tok(i - 1);
    if (i > 0 && (is(prev, "]") || is(prev, "*") || is(prev, "chan"))) return i;
    if (func_stack_.size() >= kMaxFuncDepth) return i;
    Signature sig = signature(i + 1);
    if (!is(tok(i + 1), "(") || !is(tok(sig.end), "{")) return i;
    GoFunc g;
    g.kind = GoFuncKind::literal;
    g.is_literal = true;
    g.begin = pos_of(tok(i));
    g.params = std::move(sig.params);
    g.parent = current_func();
    name_closure(g, g.parent, ".func");
    const int f = add_func(std::move(g));
    open_body(sig.end, f);
    return sig.end;
  }

  // `go`/`defer` at i: Go 1.22+ wraps the call in a closure (gowrapN /
  // deferwrapN) unless it is already a call of a func() value without
  // arguments (typecheck.normalizeGoDeferCall).
  void on_go_defer(int i) {
    int k = i + 1;
    int last_group = -1;
    while (k < n_) {
      const Token& t = tok(k);
      if (t.kind == TokKind::semi || t.kind == TokKind::eof) break;
      if (is(t, ")") || is(t, "]") || is(t, "}") || is(t, "go") || is(t, "defer")) break;
      if (is(t, "(") || is(t, "[") || is(t, "{")) {
        if (match(k) <= k) break;
        last_group = is(t, "(") ? k : -1;
        k = match(k) + 1;
        continue;
      }
      last_group = -1;
      ++k;
    }
    if (last_group < 0 || match(last_group) != k - 1) return;  // not a call
    const bool no_args = match(last_group) == last_group + 1;
    const int callee = i + 1;
    const int callee_len = last_group - callee;
    if (callee_len <= 0) return;
    bool wrap = !no_args;
    if (is(tok(callee), "func")) {
      Signature sig = signature(callee + 1);
      if (is(tok(sig.end), "{") && after_group(sig.end) == last_group)
        wrap = !no_args || sig.has_params || sig.has_results;
    } else if (callee_len == 1 && tok(callee).kind == TokKind::ident) {
      std::string_view name = tok(callee).text;
      auto it = top_funcs_.find(std::string(name));
      if (is_builtin_func(name))
        wrap = true;
      else if (it != top_funcs_.end())
        wrap = !no_args || it->second.has_params || it->second.has_results;
    } else if (callee_len == 3 && tok(callee).kind == TokKind::ident && is(tok(callee + 1), ".") &&
               tok(callee + 2).kind == TokKind::ident) {
      // pkg.F() may be a func() call; x.M() is a method call, always wrapped.
      if (import_path(tok(callee).text).empty()) wrap = true;
    } else if (tok(last_group - 1).kind == TokKind::ident && is(tok(last_group - 2), ".")) {
      wrap = true;  // a.b.M(): a method call
    }
    if (!wrap) return;
    const bool go = is(tok(i), "go");
    GoFunc g;
    g.kind = go ? GoFuncKind::go_wrapper : GoFuncKind::defer_wrapper;
    g.begin = g.body_begin = pos_of(tok(i));
    g.end = pos_of(tok(k - 1));
    g.parent = current_func();
    name_closure(g, g.parent, go ? ".gowrap" : ".deferwrap");
    add_func(std::move(g));
  }

  // `for` at i: notes the body of a range over an iterator function.
  void on_for(int i) {
    int range_tok = -1;
    int semis = 0;
    int k = i + 1;
    while (k < n_) {
      const Token& t = tok(k);
      if (t.kind == TokKind::eof || is(t, ")") || is(t, "]") || is(t, "}") || is(t, "for")) return;
      if (t.kind == TokKind::semi && ++semis > 2) return;  // a header has at most two
      if (is(t, "range") && range_tok < 0) range_tok = k;
      if (is(t, "{")) {
        if (match(k) <= k) return;
        // `range []int{1, 2} {`: a composite literal before the body.
        if (is(tok(match(k) + 1), "{")) {
          k = match(k) + 1;
          continue;
        }
        break;
      }
      if ((is(t, "(") || is(t, "[")) && match(k) > k) {
        k = match(k) + 1;
        continue;
      }
      if (is(t, "func") && range_tok >= 0) {
        Signature sig = signature(k + 1);
        if (is(tok(sig.end), "{")) {
          k = after_group(sig.end);
          continue;
        }
      }
      ++k;
    }
    if (range_tok < 0 || k >= n_ || !is(tok(k), "{")) return;
    if (ranges_over_func(range_tok + 1, k)) range_bodies_[k] = i;
  }

  bool ranges_over_func(int a, int b) const {
    if (a >= b) return false;
    if (is(tok(a), "func")) return true;
    if (!is(tok(b - 1), ")") || match(b - 1) <= a) return false;
    int callee_end = match(b - 1);  // the call's `(`
    if (is(tok(callee_end - 1), "]") && match(callee_end - 1) > a)
      callee_end = match(callee_end - 1);  // explicit type arguments
    const int len = callee_end - a;
    if (len == 1 && tok(a).kind == TokKind::ident) {
      auto it = top_funcs_.find(std::string(tok(a).text));
      return it != top_funcs_.end() && is_iterator_type(it->second.results);
    }
    if (len >= 3 && tok(callee_end - 1).kind == TokKind::ident && is(tok(callee_end - 2), ".")) {
      const std::string name(tok(callee_end - 1).text);
      if (len == 3 && tok(a).kind == TokKind::ident) {
        std::string_view path = import_path(tok(a).text);
        if (!path.empty()) return is_std_iterator(path, name);
      }
      auto it = method_results_.find(name);
      return it != method_results_.end() && is_iterator_type(it->second);
    }
    return false;
  }

  void add_range_body(int for_tok, int brace) {
    GoFunc g;
    g.kind = GoFuncKind::range_body;
    g.begin = pos_of(tok(for_tok));
    g.parent = current_func();
    name_closure(g, g.parent, "-range");
    const int outer = naming_outer(g.parent);
    const int f = add_func(std::move(g));
    range_parent_[f] = outer;
    open_body(brace, f);
  }

  // --- type declarations ----------------------------------------------------

  void read_type_decls(int i) {
    if (is(tok(i), "(") && match(i) > i) {
      const int close = match(i);
      for (int k = i + 1; k < close;) {
        while (k < close && is_semi(k)) ++k;
        if (k >= close) break;
        const int next = read_type_spec(k);
        k = std::max(next, k + 1);
        while (k < close && !is_semi(k)) ++k;  // best effort over garbage
      }
      return;
    }
    read_type_spec(i);
  }

  // `Name [TypeParams] [=] Type` at i; returns the index after it.
  int read_type_spec(int i) {
    if (tok(i).kind != TokKind::ident) return i + 1;
    GoTypeDecl d;
    d.name = std::string(tok(i).text);
    d.line = tok(i).line;
    int k = i + 1;
    if (is(tok(k), "[") && match(k) > k + 2 && tok(k + 1).kind == TokKind::ident) {
      const Token& second = tok(k + 2);
      const bool type_params = second.kind == TokKind::ident || is(second, "interface") ||
                               is(second, "*") || is(second, "[") || is(second, "~") ||
                               is(second, ",") || is(second, "func") || is(second, "map") ||
                               is(second, "chan");
      if (type_params) {
        d.is_generic = true;
        k = match(k) + 1;
      }
    }
    if (is(tok(k), "=")) {
      d.is_alias = true;
      ++k;
    }
    const int end = skip_type(k);
    d.type = join(k, end);
    if (is(tok(k), "struct") && is(tok(k + 1), "{")) {
      d.is_struct = true;
      d.fields = read_fields(k + 1);
    }
    out_.types.push_back(std::move(d));
    return end;
  }

  std::vector<GoField> read_fields(int open) const {
    std::vector<GoField> fields;
    const int close = match(open);
    if (close <= open) return fields;
    int k = open + 1;
    while (k < close) {
      while (k < close && is_semi(k)) ++k;
      if (k >= close) break;
      int line_end = k;
      while (line_end < close && !is_semi(line_end)) {
        if ((is(tok(line_end), "(") || is(tok(line_end), "[") || is(tok(line_end), "{")) &&
            match(line_end) > line_end && match(line_end) < close)
          line_end = match(line_end) + 1;
        else
          ++line_end;
      }
      int last = line_end;  // drop a trailing tag
      if (last - 1 > k && tok(last - 1).kind == TokKind::string) --last;
      read_field_line(k, last, fields);
      k = line_end;
    }
    return fields;
  }

  void read_field_line(int a, int b, std::vector<GoField>& fields) const {
    std::vector<std::string> names;
    int k = a;
    bool named = false;
    if (tok(a).kind == TokKind::ident && b - a >= 2) {
      const Token& second = tok(a + 1);
      if (is(second, ",")) {
        named = true;
      } else if (is(second, "[")) {
        named = match(a + 1) > 0 && match(a + 1) + 1 < b;
      } else {
        named = !is(second, ".");
      }
    }
    if (named) {
      while (k < b && tok(k).kind == TokKind::ident) {
        names.emplace_back(tok(k).text);
        ++k;
        if (is(tok(k), ","))
          ++k;
        else
          break;
      }
    }
    const std::string type = join(k, b);
    if (names.empty()) names.emplace_back();
    for (std::string& name : names) fields.push_back(GoField{std::move(name), type});
  }

  // funcs in the order of their first keyword, indices remapped.
  void sort_funcs() {
    std::vector<GoFunc>& funcs = out_.funcs;
    std::vector<int> order(funcs.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int x, int y) {
      const Position& a = funcs[x].begin;
      const Position& b = funcs[y].begin;
      return a.line != b.line ? a.line < b.line : a.col < b.col;
    });
    std::vector<int> where(funcs.size());
    for (std::size_t k = 0; k < order.size(); ++k) where[order[k]] = static_cast<int>(k);
    std::vector<GoFunc> sorted;
    sorted.reserve(funcs.size());
    for (int k : order) {
      GoFunc g = std::move(funcs[k]);
      if (g.parent >= 0) g.parent = where[g.parent];
      if (g.name_base >= 0) g.name_base = where[g.name_base];
      sorted.push_back(std::move(g));
    }
    funcs = std::move(sorted);
  }

  GoSourceFile& out_;
  GoNaming naming_;
  std::vector<Token> toks_;
  int n_ = 0;
  mutable std::vector<int> skip_cache_;  // skip_type result per `func` token
  std::unordered_map<std::string, Signature> top_funcs_;
  std::unordered_map<std::string, std::string> method_results_;
  std::vector<Frame> frames_;
  std::vector<int> func_stack_;
  std::vector<int> lit_gen_, range_gen_, godefer_gen_, range_parent_;
  std::unordered_map<int, int> range_bodies_;  // body `{` -> `for` token
};

bool contains(const GoFunc& f, int line, int col) {
  auto before = [](int l1, int c1, int l2, int c2) { return l1 != l2 ? l1 < l2 : c1 <= c2; };
  return before(f.begin.line, f.begin.col, line, col) && before(line, col, f.end.line, f.end.col);
}

}  // namespace

const GoFunc* GoSourceFile::innermost_at(int line, int col) const {
  if (line < 1) return nullptr;
  if (col <= 0) {
    std::string_view text_of_line = line_text(line);
    std::size_t first = text_of_line.find_first_not_of(" \t");
    col = first == std::string_view::npos ? 1 : static_cast<int>(first) + 1;
  }
  // The last function begun at or before the position, then up its parents:
  // functions nest, so the innermost one containing the position is on that chain.
  auto it = std::upper_bound(funcs.begin(), funcs.end(), std::pair<int, int>{line, col},
                             [](const std::pair<int, int>& p, const GoFunc& f) {
                               return p.first != f.begin.line ? p.first < f.begin.line
                                                              : p.second < f.begin.col;
                             });
  int k = static_cast<int>(it - funcs.begin()) - 1;
  while (k >= 0) {
    const GoFunc& f = funcs[k];
    const bool wrapper = f.kind == GoFuncKind::go_wrapper || f.kind == GoFuncKind::defer_wrapper;
    if (!wrapper && contains(f, line, col)) return &f;
    // A wrapper is a leaf: continue with the function before it, which precedes
    // it in the nesting or is its parent.
    k = wrapper ? k - 1 : f.parent;
    assert(k < static_cast<int>(funcs.size()));
  }
  return nullptr;
}

std::string_view GoSourceFile::line_text(int line) const {
  if (line < 1 || line > line_count()) return {};
  const std::size_t start = line_offsets[line - 1];
  std::size_t end = static_cast<std::size_t>(line) < line_offsets.size()
                        ? line_offsets[line] - 1  // the '\n'
                        : text.size();
  if (end > start && text[end - 1] == '\r') --end;
  return std::string_view(text).substr(start, end - start);
}

int GoSourceFile::line_count() const {
  if (line_offsets.empty()) return 0;
  // A final line end does not start another line.
  const int n = static_cast<int>(line_offsets.size());
  return (n > 1 && line_offsets.back() == text.size()) ? n - 1 : n;
}

GoSourceFile scan_go_source(std::string text, GoNaming naming) {
  GoSourceFile out;
  out.text = std::move(text);
  Scanner(out, naming).run();
  return out;
}

void renumber_package(const std::vector<GoSourceFile*>& files, GoNaming naming) {
  int init_decls = 0;
  int init_lits = 0;
  int glob = 0;
  for (GoSourceFile* file : files) {
    if (!file) continue;
    for (GoFunc& f : file->funcs) {
      if (f.package_numbered) {
        if (f.name_suffix == "init.") {
          f.name = f.name_suffix + std::to_string(init_decls++);
        } else if (naming.minor >= 22 && f.name_suffix.starts_with("init.")) {
          f.name = f.name_suffix + std::to_string(++init_lits);
        } else {
          f.name = f.name_suffix + std::to_string(++glob);
        }
      } else if (f.name_base >= 0) {
        f.name = file->funcs[f.name_base].name + f.name_suffix;
      }
    }
  }
}

}  // namespace goescape
