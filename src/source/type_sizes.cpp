// Type sizes: see type_sizes.hpp. Layout rules are gc's (types2/gcsizes.go):
// fields are aligned to their own alignment, a struct is aligned to its largest
// field and padded to a multiple of that, and a non-empty struct whose last
// field has size 0 gets one extra byte before that rounding.
#include "source/type_sizes.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "source/go_lexer.hpp"

namespace goescape {

using golex::is;
using golex::Token;
using golex::TokKind;

namespace {

TypeFacts known(std::int64_t size, std::int64_t align, bool pointers, bool slice_or_map = false) {
  TypeFacts f;
  f.size = size;
  f.align = align;
  f.has_pointers = pointers;
  f.contains_slice_or_map = slice_or_map;
  return f;
}

std::optional<TypeFacts> basic_type(std::string_view name) {
  static const std::map<std::string_view, std::pair<int, int>> basics = {
      {"bool", {1, 1}},      {"int8", {1, 1}},       {"uint8", {1, 1}},   {"byte", {1, 1}},
      {"int16", {2, 2}},     {"uint16", {2, 2}},     {"int32", {4, 4}},   {"uint32", {4, 4}},
      {"rune", {4, 4}},      {"float32", {4, 4}},    {"int64", {8, 8}},   {"uint64", {8, 8}},
      {"int", {8, 8}},       {"uint", {8, 8}},       {"uintptr", {8, 8}}, {"float64", {8, 8}},
      {"complex64", {8, 4}}, {"complex128", {16, 8}}};
  auto it = basics.find(name);
  if (it != basics.end()) return known(it->second.first, it->second.second, false);
  if (name == "string") return known(16, 8, true);
  if (name == "error" || name == "any") return known(16, 8, true);
  return std::nullopt;
}

// Standard-library types by the name they are usually imported as. Sizes
// checked with unsafe.Sizeof/Alignof on go1.22.12 and go1.26.8 (amd64).
std::optional<TypeFacts> well_known(std::string_view qualified) {
  struct Entry {
    int size, align;
    bool pointers, slice_or_map;
  };
  static const std::map<std::string_view, Entry> table = {
      {"time.Time", {24, 8, true, false}},       {"time.Duration", {8, 8, false, false}},
      {"time.Month", {8, 8, false, false}},      {"time.Weekday", {8, 8, false, false}},
      {"sync.Mutex", {8, 4, false, false}},      {"sync.RWMutex", {24, 4, false, false}},
      {"sync.WaitGroup", {16, 8, false, false}}, {"sync.Once", {12, 4, false, false}},
      {"atomic.Int32", {4, 4, false, false}},    {"atomic.Uint32", {4, 4, false, false}},
      {"atomic.Bool", {4, 4, false, false}},     {"atomic.Int64", {8, 8, false, false}},
      {"atomic.Uint64", {8, 8, false, false}},   {"atomic.Uintptr", {8, 8, false, false}},
      {"atomic.Value", {16, 8, true, false}},    {"atomic.Pointer", {8, 8, true, false}},
      {"strings.Builder", {32, 8, true, true}},  {"bytes.Buffer", {40, 8, true, true}},
      {"json.RawMessage", {24, 8, true, true}},  {"unsafe.Pointer", {8, 8, true, false}},
      {"context.Context", {16, 8, true, false}}, {"context.CancelFunc", {8, 8, true, false}},
      {"io.Reader", {16, 8, true, false}},       {"io.Writer", {16, 8, true, false}},
      {"io.Closer", {16, 8, true, false}},       {"io.ReadCloser", {16, 8, true, false}},
      {"io.WriteCloser", {16, 8, true, false}},  {"io.ReadWriter", {16, 8, true, false}},
      {"fmt.Stringer", {16, 8, true, false}},    {"reflect.Type", {16, 8, true, false}},
      {"http.Handler", {16, 8, true, false}},    {"sort.Interface", {16, 8, true, false}},
  };
  auto it = table.find(qualified);
  if (it == table.end()) return std::nullopt;
  return known(it->second.size, it->second.align, it->second.pointers, it->second.slice_or_map);
}

std::optional<std::int64_t> parse_length(std::string_view s) {
  std::string digits;
  for (char c : s)
    if (c != '_') digits += c;
  if (digits.empty()) return std::nullopt;
  int base = 10;
  std::size_t start = 0;
  if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
    base = 16;
    start = 2;
  } else if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'b' || digits[1] == 'B')) {
    base = 2;
    start = 2;
  } else if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'o' || digits[1] == 'O')) {
    base = 8;
    start = 2;
  } else if (digits.size() > 1 && digits[0] == '0') {
    base = 8;
    start = 1;
  }
  std::int64_t v = 0;
  for (std::size_t k = start; k < digits.size(); ++k) {
    const char c = digits[k];
    int d = -1;
    if (c >= '0' && c <= '9') d = c - '0';
    if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    if (d < 0 || d >= base) return std::nullopt;
    if (v > (std::int64_t{1} << 50)) return std::nullopt;  // no real value is that large
    v = v * base + d;
  }
  return v;
}

std::int64_t round_up(std::int64_t n, std::int64_t a) { return a <= 1 ? n : (n + a - 1) / a * a; }

constexpr int kMaxDepth = 64;

}  // namespace

// Evaluates one type expression over its tokens; recursive descent with a
// depth bound, named types resolved through their declarations with cycle
// detection.
class TypeEvaluator {
 public:
  TypeEvaluator(const TypeSizes& sizes, std::set<std::pair<const void*, std::string>>& active)
      : sizes_(sizes), active_(active) {}

  TypeFacts evaluate(std::string_view expr, const TypeSizes::Scope* scope, int depth) {
    std::vector<Token> toks = golex::lex(expr);
    // Inserted semicolons would only confuse struct field lists spread over
    // lines; the normalised text we get has none, user text may.
    int i = 0;
    TypeFacts f = parse(toks, i, scope, depth);
    if (toks[std::min<int>(i, static_cast<int>(toks.size()) - 1)].kind != TokKind::eof &&
        toks[i].kind != TokKind::semi)
      return TypeFacts{};  // trailing garbage: not one type
    return f;
  }

 private:
  static bool at(const std::vector<Token>& t, int i, std::string_view s) {
    return i < static_cast<int>(t.size()) && is(t[i], s);
  }
  static int after(const std::vector<Token>& t, int i) {
    return t[i].match > i ? t[i].match + 1 : static_cast<int>(t.size()) - 1;
  }

  TypeFacts parse(const std::vector<Token>& t, int& i, const TypeSizes::Scope* scope, int depth) {
    const int last = static_cast<int>(t.size()) - 1;
    if (depth > kMaxDepth || i >= last) return TypeFacts{};
    const Token& tok = t[i];
    if (is(tok, "*")) {
      ++i;
      skip(t, i);
      return known(8, 8, true);
    }
    if (is(tok, "(")) {
      ++i;
      TypeFacts f = parse(t, i, scope, depth + 1);
      if (at(t, i, ")")) ++i;
      return f;
    }
    if (is(tok, "[")) {
      if (at(t, i + 1, "]")) {
        i += 2;
        skip(t, i);
        return known(24, 8, true, true);
      }
      std::optional<std::int64_t> n;
      if (t[i + 1].kind == TokKind::number && at(t, i + 2, "]")) n = parse_length(t[i + 1].text);
      i = after(t, i);
      TypeFacts elem = parse(t, i, scope, depth + 1);
      TypeFacts f;
      f.contains_slice_or_map = elem.contains_slice_or_map;
      f.align = elem.align;
      if (n && elem.size) f.size = *n * *elem.size;
      if (elem.has_pointers == false || (n && *n == 0))
        f.has_pointers = false;
      else if (n)
        f.has_pointers = elem.has_pointers;
      return f;
    }
    if (is(tok, "map")) {
      ++i;
      skip(t, i);
      return known(8, 8, true, true);
    }
    if (is(tok, "chan") || is(tok, "<-")) {
      ++i;
      if (at(t, i, "chan") || at(t, i, "<-")) ++i;
      skip(t, i);
      return known(8, 8, true);
    }
    if (is(tok, "func")) {
      skip(t, i);
      return known(8, 8, true);
    }
    if (is(tok, "interface")) {
      ++i;
      if (at(t, i, "{")) i = after(t, i);
      return known(16, 8, true);
    }
    if (is(tok, "struct")) return parse_struct(t, i, scope, depth);
    if (tok.kind == TokKind::ident) return parse_named(t, i, scope, depth);
    ++i;
    return TypeFacts{};
  }

  TypeFacts parse_struct(const std::vector<Token>& t, int& i, const TypeSizes::Scope* scope,
                         int depth) {
    ++i;
    if (!at(t, i, "{") || t[i].match <= i) return TypeFacts{};
    const int close = t[i].match;
    int k = i + 1;
    i = close + 1;
    std::int64_t offset = 0, align = 1, last_offset = 0, last_size = -1;
    bool size_known = true, pointers = false, unknown_pointers = false;
    TypeFacts out;
    while (k < close) {
      while (k < close && (t[k].kind == TokKind::semi)) ++k;
      if (k >= close) break;
      // One field line: `a, b T`, `T`, `*pkg.T`, with an optional tag.
      int count = 1;
      int type_start = k;
      if (t[k].kind == TokKind::ident && k + 1 < close) {
        const Token& second = t[k + 1];
        bool named = false;
        if (is(second, ",")) {
          named = true;
        } else if (is(second, "[")) {
          int after_bracket = second.match > k + 1 ? second.match + 1 : close;
          named = after_bracket < close && t[after_bracket].kind != TokKind::semi &&
                  t[after_bracket].kind != TokKind::string;
        } else {
          named =
              !is(second, ".") && second.kind != TokKind::semi && second.kind != TokKind::string;
        }
        if (named) {
          count = 0;
          while (type_start < close && t[type_start].kind == TokKind::ident) {
            ++count;
            ++type_start;
            if (at(t, type_start, ","))
              ++type_start;
            else
              break;
          }
        }
      }
      int p = type_start;
      TypeFacts f = parse(t, p, scope, depth + 1);
      // Skip the rest of the line (tag, garbage).
      while (p < close && t[p].kind != TokKind::semi) p = (t[p].match > p) ? t[p].match + 1 : p + 1;
      k = p;
      out.contains_slice_or_map = out.contains_slice_or_map || f.contains_slice_or_map;
      if (f.has_pointers == true) pointers = true;
      if (!f.has_pointers) unknown_pointers = true;
      if (!f.size) {
        size_known = false;
        continue;
      }
      for (int c = 0; c < count; ++c) {
        offset = round_up(offset, f.align);
        last_offset = offset;
        last_size = *f.size;
        offset += *f.size;
        align = std::max(align, f.align);
      }
    }
    if (pointers)
      out.has_pointers = true;
    else if (!unknown_pointers)
      out.has_pointers = false;
    if (!size_known) return out;
    if (last_size == 0 && last_offset > 0) ++offset;
    out.size = round_up(offset, align);
    out.align = align;
    return out;
  }

  TypeFacts parse_named(const std::vector<Token>& t, int& i, const TypeSizes::Scope* scope,
                        int depth) {
    std::string qualifier;
    std::string name(t[i].text);
    ++i;
    if (at(t, i, ".") && t[i + 1].kind == TokKind::ident) {
      qualifier = name;
      name = std::string(t[i + 1].text);
      i += 2;
    }
    bool type_args = false;
    if (at(t, i, "[")) {
      type_args = true;
      i = after(t, i);
    }
    if (qualifier.empty()) {
      if (!type_args) {
        // Declared types shadow the predeclared ones.
        const GoTypeDecl* d = lookup(scope, name);
        if (!d) {
          if (auto b = basic_type(name)) return *b;
          return TypeFacts{};
        }
        return resolve(d, scope, depth);
      }
      return TypeFacts{};  // an instantiated generic type: depends on its arguments
    }
    const std::string qualified = qualifier + "." + name;
    if (qualifier == "atomic" && name == "Pointer" && type_args) return *well_known(qualified);
    if (type_args) return TypeFacts{};
    if (const TypeSizes::Scope* other = sizes_.scope_for(qualifier)) {
      if (const GoTypeDecl* d = lookup(other, name)) return resolve(d, other, depth);
    }
    if (auto w = well_known(qualified)) return *w;
    return TypeFacts{};
  }

  static const GoTypeDecl* lookup(const TypeSizes::Scope* scope, std::string_view name) {
    if (!scope) return nullptr;
    auto it = scope->types.find(name);
    return it == scope->types.end() ? nullptr : it->second;
  }

  TypeFacts resolve(const GoTypeDecl* d, const TypeSizes::Scope* scope, int depth) {
    if (d->is_generic) return TypeFacts{};
    auto key = std::make_pair(static_cast<const void*>(scope), d->name);
    if (active_.count(key)) return TypeFacts{};  // a type containing itself: invalid Go
    active_.insert(key);
    TypeFacts f = evaluate(d->type, scope, depth + 1);
    active_.erase(key);
    return f;
  }

  // Moves i past one type expression without resolving names.
  static void skip(const std::vector<Token>& t, int& i) {
    const int last = static_cast<int>(t.size()) - 1;
    while (i < last) {
      const Token& tok = t[i];
      if (is(tok, "*") || is(tok, "<-") || is(tok, "chan") || is(tok, "...")) {
        ++i;
      } else if (is(tok, "[")) {
        i = after(t, i);
      } else if (is(tok, "map")) {
        ++i;
        if (at(t, i, "[")) i = after(t, i);
      } else if (is(tok, "func")) {
        ++i;
        if (!at(t, i, "(")) return;
        i = after(t, i);
        if (at(t, i, "(")) {
          i = after(t, i);
          return;
        }
        const Token& n = t[i];
        if (!(n.kind == TokKind::ident || is(n, "*") || is(n, "[") || is(n, "map") ||
              is(n, "chan") || is(n, "func") || is(n, "struct") || is(n, "interface") ||
              is(n, "<-")))
          return;
      } else if (is(tok, "struct") || is(tok, "interface")) {
        ++i;
        if (at(t, i, "{")) i = after(t, i);
        return;
      } else if (is(tok, "(")) {
        i = after(t, i);
        return;
      } else if (tok.kind == TokKind::ident) {
        ++i;
        if (at(t, i, ".") && t[i + 1].kind == TokKind::ident) i += 2;
        if (at(t, i, "[")) i = after(t, i);
        return;
      } else {
        ++i;
        return;
      }
    }
  }

  const TypeSizes& sizes_;
  std::set<std::pair<const void*, std::string>>& active_;
};

std::optional<bool> prefers_pointer(const TypeFacts& facts) {
  if (facts.contains_slice_or_map) return true;
  if (!facts.size) return std::nullopt;
  return *facts.size > kPointerThresholdBytes;
}

TypeSizes::TypeSizes(std::vector<const GoSourceFile*> package_files,
                     std::map<std::string, std::vector<const GoSourceFile*>> other_packages) {
  auto fill = [](Scope& scope, const std::vector<const GoSourceFile*>& files) {
    for (const GoSourceFile* f : files) {
      if (!f) continue;
      for (const GoTypeDecl& d : f->types) scope.types.emplace(d.name, &d);  // first one wins
    }
  };
  fill(own_, package_files);
  for (const auto& [name, files] : other_packages) fill(others_[name], files);
}

const TypeSizes::Scope* TypeSizes::scope_for(std::string_view qualifier) const {
  auto it = others_.find(qualifier);
  return it == others_.end() ? nullptr : &it->second;
}

TypeFacts TypeSizes::facts(std::string_view type_expr) const {
  std::set<std::pair<const void*, std::string>> active;
  return TypeEvaluator(*this, active).evaluate(type_expr, &own_, 0);
}

std::optional<std::int64_t> TypeSizes::size_of(std::string_view type_expr) const {
  return facts(type_expr).size;
}

const GoTypeDecl* TypeSizes::find_type(std::string_view name) const {
  while (!name.empty() && (name.front() == '*' || name.front() == ' ')) name.remove_prefix(1);
  if (std::size_t bracket = name.find('['); bracket != std::string_view::npos)
    name = name.substr(0, bracket);
  const Scope* scope = &own_;
  if (std::size_t dot = name.find('.'); dot != std::string_view::npos) {
    scope = scope_for(name.substr(0, dot));
    name = name.substr(dot + 1);
  }
  if (!scope) return nullptr;
  auto it = scope->types.find(name);
  return it == scope->types.end() ? nullptr : it->second;
}

const std::vector<GoField>* TypeSizes::struct_fields(std::string_view name) const {
  const GoTypeDecl* d = find_type(name);
  std::string qualifier;
  if (std::size_t dot = name.find('.'); dot != std::string_view::npos) {
    const std::size_t from = name.find_first_not_of("* ");
    qualifier = std::string(name.substr(from, dot - from));
  }
  for (int hops = 0; d && hops < 16; ++hops) {
    if (d->is_struct) return &d->fields;
    // `type A B` (not `type A *B`): follow B in the same package.
    const std::string& t = d->type;
    const bool plain = !t.empty() && std::all_of(t.begin(), t.end(), [](char c) {
      return c == '_' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
             (c >= 'A' && c <= 'Z') || static_cast<unsigned char>(c) >= 0x80;
    });
    if (!plain) return nullptr;
    d = find_type(qualifier.empty() || t.find('.') != std::string::npos ? t : qualifier + "." + t);
  }
  return nullptr;
}

}  // namespace goescape
