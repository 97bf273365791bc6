// Type facts for suggestions: the size of a type on a 64-bit target, whether
// it holds a slice or map, whether it holds a sync type. Module types are
// looked up in the declarations of the finding's package (every file of it
// the scanner can read); standard-library types the suggestions meet often
// have a small table; anything else is "size unknown", said as such.
#include <fmt/format.h>

#include <filesystem>

#include "analysis/match_engine.hpp"

namespace goescape {

namespace {

struct Builtin {
  std::string_view name;
  std::int64_t size;
  std::int64_t align;
  bool slice_or_map;
  bool sync;
};

// amd64/arm64 sizes (unsafe.Sizeof).
constexpr Builtin builtins[] = {
    {"bool", 1, 1, false, false},          {"int8", 1, 1, false, false},
    {"uint8", 1, 1, false, false},         {"byte", 1, 1, false, false},
    {"int16", 2, 2, false, false},         {"uint16", 2, 2, false, false},
    {"int32", 4, 4, false, false},         {"uint32", 4, 4, false, false},
    {"rune", 4, 4, false, false},          {"float32", 4, 4, false, false},
    {"int", 8, 8, false, false},           {"uint", 8, 8, false, false},
    {"int64", 8, 8, false, false},         {"uint64", 8, 8, false, false},
    {"uintptr", 8, 8, false, false},       {"float64", 8, 8, false, false},
    {"complex64", 8, 4, false, false},     {"complex128", 16, 8, false, false},
    {"string", 16, 8, false, false},       {"error", 16, 8, false, false},
    {"any", 16, 8, false, false},          {"unsafe.Pointer", 8, 8, false, false},
    {"time.Time", 24, 8, false, false},    {"time.Duration", 8, 8, false, false},
    {"sync.Mutex", 8, 4, false, true},     {"sync.RWMutex", 24, 8, false, true},
    {"sync.WaitGroup", 16, 8, false, true}, {"sync.Once", 12, 4, false, true},
    {"sync.Cond", 56, 8, false, true},     {"sync.Pool", 40, 8, false, true},
    {"sync.Map", 32, 8, false, true},      {"bytes.Buffer", 40, 8, true, false},
    {"strings.Builder", 32, 8, true, false},
};

struct Layout {
  std::optional<std::int64_t> size;
  std::int64_t align = 1;
  bool slice_or_map = false;
  bool sync = false;
};

class Sizer {
 public:
  explicit Sizer(const MatchInput& in) : in_(in) {}

  Layout of(std::string_view type, int depth = 0) {
    type = trim(type);
    Layout out;
    if (depth > 16 || type.empty()) return out;
    if (type[0] == '*' || type.rfind("func", 0) == 0 || type.rfind("chan", 0) == 0 ||
        type.rfind("<-chan", 0) == 0) {
      return {8, 8, false, false};
    }
    if (type.rfind("[]", 0) == 0) return {24, 8, true, false};
    if (type.rfind("map[", 0) == 0) return {8, 8, true, false};
    if (type.rfind("interface", 0) == 0) return {16, 8, false, false};
    if (type[0] == '[') {  // [N]T
      std::size_t close = type.find(']');
      if (close == std::string_view::npos) return out;
      std::int64_t n = 0;
      for (char c : type.substr(1, close - 1)) {
        if (c < '0' || c > '9') return out;  // a named constant: unknown
        n = n * 10 + (c - '0');
      }
      Layout elem = of(type.substr(close + 1), depth + 1);
      if (elem.size) elem.size = *elem.size * n;
      return elem;
    }
    if (type.rfind("struct", 0) == 0) return struct_of(fields_of_literal(type), depth);
    std::string_view base = type.substr(0, type.find('['));  // generic instance: its base
    for (const Builtin& b : builtins)
      if (b.name == base) return {b.size, b.align, b.slice_or_map, b.sync};
    if (base.rfind("sync.", 0) == 0 || base.rfind("atomic.", 0) == 0) out.sync = true;
    if (base.find('.') != std::string_view::npos) return out;  // another package: unknown
    if (const GoTypeDecl* decl = find_decl(base)) {
      if (decl->is_struct) return struct_of(decl->fields, depth);
      return of(decl->type, depth + 1);
    }
    return out;
  }

 private:
  Layout struct_of(const std::vector<GoField>& fields, int depth) {
    Layout out{0, 1, false, false};
    for (const GoField& f : fields) {
      Layout l = of(f.type, depth + 1);
      out.slice_or_map |= l.slice_or_map;
      out.sync |= l.sync;
      if (!out.size || !l.size) {
        out.size.reset();
        continue;
      }
      std::int64_t at = (*out.size + l.align - 1) / l.align * l.align;
      out.size = at + *l.size;
      out.align = std::max(out.align, l.align);
    }
    if (out.size) out.size = (*out.size + out.align - 1) / out.align * out.align;
    return out;
  }

  // `struct{ X, Y int; s string }` written inline: a rough field split.
  static std::vector<GoField> fields_of_literal(std::string_view type) {
    std::vector<GoField> out;
    std::size_t open = type.find('{'), close = type.rfind('}');
    if (open == std::string_view::npos || close == std::string_view::npos) return out;
    std::string body(type.substr(open + 1, close - open - 1));
    for (char& c : body)
      if (c == '\n') c = ';';
    std::size_t start = 0;
    while (start <= body.size()) {
      std::size_t end = body.find(';', start);
      if (end == std::string::npos) end = body.size();
      std::string_view decl = trim(std::string_view(body).substr(start, end - start));
      start = end + 1;
      if (decl.empty()) continue;
      std::vector<std::string> names = split_args(decl);
      std::string_view last = names.back();
      std::size_t space = last.find_first_of(" \t");
      std::string ftype(space == std::string_view::npos ? last : trim(last.substr(space)));
      for (std::size_t i = 0; i < names.size(); ++i) out.push_back({"f", ftype});
    }
    return out;
  }

  const GoTypeDecl* find_decl(std::string_view name) {
    auto look = [&](const GoSourceFile* f) -> const GoTypeDecl* {
      if (!f) return nullptr;
      for (const GoTypeDecl& d : f->types)
        if (d.name == name && !d.is_alias) return &d;
      for (const GoTypeDecl& d : f->types)
        if (d.name == name) return &d;
      return nullptr;
    };
    if (const GoTypeDecl* d = look(in_.file)) return d;
    const GoPackage* pkg = in_.ctx.package(in_.finding.package);
    if (!pkg) return nullptr;
    for (const std::string& base : pkg->files) {
      if (base.size() > 8 && base.compare(base.size() - 8, 8, "_test.go") == 0) continue;
      std::string path = (std::filesystem::path(pkg->dir) / base).string();
      if (const GoTypeDecl* d = look(in_.ctx.sources.get(path))) return d;
    }
    return nullptr;
  }

  const MatchInput& in_;
};

}  // namespace

TypeFacts type_facts(std::string_view type, const MatchInput& in) {
  TypeFacts facts;
  facts.name = std::string(trim(type));
  if (facts.name.empty()) return facts;
  Sizer sizer(in);
  Layout l = sizer.of(facts.name);
  facts.size = l.size;
  facts.has_slice_or_map = l.slice_or_map;
  facts.sync = l.sync;
  return facts;
}

std::string size_text(const TypeFacts& facts) {
  return facts.size ? fmt::format("{} bytes", *facts.size) : std::string("size unknown");
}

bool right_as_pointer(const TypeFacts& facts) {
  return facts.sync || facts.has_slice_or_map || (facts.size && *facts.size > 512);
}

}  // namespace goescape
