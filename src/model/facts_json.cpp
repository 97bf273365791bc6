// A line is read by support/json_scan into tapes (support/json_tape),
// never into a tree: the element arrays (sites, functions, ...) one element
// at a time. Accessors are used only after the matching is_*() check, and
// numbers are range-checked before narrowing; nothing here throws.
#include "model/facts_json.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "support/json_scan.hpp"
#include "support/json_tape.hpp"

namespace goescape {

namespace {

template <typename Enum, std::size_t N>
Enum enum_of(std::string_view text, const std::pair<std::string_view, Enum> (&table)[N],
             Enum fallback) {
  for (const auto& [name, value] : table)
    if (name == text) return value;
  return fallback;
}

constexpr std::pair<std::string_view, FunctionKind> function_kinds[] = {
    {"func", FunctionKind::func},
    {"method", FunctionKind::method},
    {"literal", FunctionKind::literal},
    {"init", FunctionKind::init},
    {"package_init", FunctionKind::package_init},
    {"map_init", FunctionKind::map_init},
    {"range_body", FunctionKind::range_body},
    {"go_wrapper", FunctionKind::go_wrapper},
    {"defer_wrapper", FunctionKind::defer_wrapper},
};

constexpr std::pair<std::string_view, ParamUse> param_uses[] = {
    {"none", ParamUse::none},   {"read", ParamUse::read},       {"write", ParamUse::write},
    {"store", ParamUse::store}, {"unknown", ParamUse::unknown},
};

constexpr std::pair<std::string_view, TypeKind> type_kinds[] = {
    {"struct", TypeKind::struct_},
    {"pointer", TypeKind::pointer},
    {"slice", TypeKind::slice},
    {"map", TypeKind::map},
    {"chan", TypeKind::chan},
    {"func", TypeKind::func},
    {"interface", TypeKind::interface},
    {"array", TypeKind::array},
    {"string", TypeKind::string},
    {"bool", TypeKind::bool_},
    {"int", TypeKind::int_},
    {"uint", TypeKind::uint_},
    {"float", TypeKind::float_},
    {"complex", TypeKind::complex_},
    {"unsafe_pointer", TypeKind::unsafe_pointer},
    {"type_param", TypeKind::type_param},
};

constexpr std::pair<std::string_view, SiteNode> site_nodes[] = {
    {"var", SiteNode::var},
    {"addr", SiteNode::addr},
    {"composite", SiteNode::composite},
    {"new", SiteNode::new_},
    {"make", SiteNode::make},
    {"func_lit", SiteNode::func_lit},
    {"method_value", SiteNode::method_value},
    {"conv_iface", SiteNode::conv_iface},
    {"conv", SiteNode::conv},
    {"concat", SiteNode::concat},
    {"append", SiteNode::append},
    {"variadic", SiteNode::variadic},
    {"call", SiteNode::call},
    {"go", SiteNode::go},
    {"defer", SiteNode::defer},
};

constexpr std::pair<std::string_view, SiteContext> site_contexts[] = {
    {"error_branch", context_error_branch},
    {"panic_arg", context_panic_arg},
    {"recover", context_recover},
    {"return_err", context_return_err},
    {"go", context_go},
    {"defer", context_defer},
    {"once", context_once},
};

// The site field that holds a node's detail text (FactSite::detail), and the
// one that holds its count (FactSite::count).
constexpr std::pair<SiteNode, std::string_view> detail_keys[] = {
    {SiteNode::conv_iface, "iface"},
    {SiteNode::conv, "from"},
    {SiteNode::call, "callee"},
    {SiteNode::method_value, "receiver_type"},
};
constexpr std::pair<SiteNode, std::string_view> count_keys[] = {
    {SiteNode::composite, "elements"},
    {SiteNode::concat, "operands"},
    {SiteNode::go, "call_args"},
    {SiteNode::defer, "call_args"},
};

template <std::size_t N>
std::string_view key_for(const std::pair<SiteNode, std::string_view> (&table)[N], SiteNode node) {
  for (const auto& [n, key] : table)
    if (n == node) return key;
  return {};
}

constexpr std::pair<std::string_view, MakeKind> make_kinds[] = {
    {"slice", MakeKind::slice},
    {"map", MakeKind::map},
    {"chan", MakeKind::chan},
};

// Walks one parsed line, remembering where it is so that the first problem
// can be named by its path ("functions[2].params[0].use").
class Reader {
 public:
  explicit Reader(PackageFacts& out) : out_(out) {}

  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }

  // Enters `key` (or element `index`) of the current path for the lifetime
  // of the returned guard.
  class Scope {
   public:
    Scope(Reader& r, std::string_view key, long index) : r_(r) { r_.path_.push_back({key, index}); }
    ~Scope() { r_.path_.pop_back(); }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    Reader& r_;
  };
  Scope at(std::string_view key, long index = -1) { return Scope(*this, key, index); }

  bool fail(std::string_view key, std::string_view problem) {
    if (!failed()) {
      std::string path;
      for (const auto& [k, index] : path_) {
        if (!k.empty()) path += fmt::format("{}{}", path.empty() ? "" : ".", k);
        if (index >= 0) path += fmt::format("[{}]", index);
      }
      if (!key.empty()) path += fmt::format("{}{}", path.empty() ? "" : ".", key);
      error_ = fmt::format("{}: {}", path.empty() ? "line" : path, problem);
    }
    return false;
  }

  // The member `key` of `obj`, or null when absent or JSON null.
  static JsonValue member(JsonValue obj, std::string_view key) {
    JsonValue v = obj.find(key);
    if (!v || v.is_null()) return {};
    return v;
  }

  bool required(JsonValue obj, std::string_view key) {
    if (member(obj, key)) return true;
    return fail(key, "missing");
  }

  bool text(JsonValue obj, std::string_view key, std::string& out) {
    JsonValue v = member(obj, key);
    if (!v) return true;
    if (!v.is_string()) return fail(key, "expected a string");
    out = std::string(v.string());
    return true;
  }

  bool text(JsonValue obj, std::string_view key, FactText& out) {
    JsonValue v = member(obj, key);
    if (!v) return true;
    if (!v.is_string()) return fail(key, "expected a string");
    out = out_.intern(v.string());
    return true;
  }

  // A constant's value: Go source as a string, or a JSON number or boolean
  // (make's constant sizes), kept as its text.
  bool value(JsonValue obj, std::string_view key, FactText& out) {
    JsonValue v = member(obj, key);
    if (!v) return true;
    if (v.is_string()) {
      out = out_.intern(v.string());
    } else if (v.is_number() || v.is_boolean()) {
      out = out_.intern(v.scalar_text());
    } else {
      return fail(key, "expected a string or a number");
    }
    return true;
  }

  template <typename Int>
  bool integer(JsonValue obj, std::string_view key, Int& out) {
    JsonValue v = member(obj, key);
    if (!v) return true;
    if (!v.is_integer()) return fail(key, "expected an integer");
    if (v.type() == JsonType::unsigned_integer) {
      auto u = v.unsigned_integer();
      if (u > static_cast<std::uint64_t>(std::numeric_limits<Int>::max()))
        return fail(key, "out of range");
      out = static_cast<Int>(u);
      return true;
    }
    auto i = v.integer();
    if (i < static_cast<std::int64_t>(std::numeric_limits<Int>::min()) ||
        i > static_cast<std::int64_t>(std::numeric_limits<Int>::max()))
      return fail(key, "out of range");
    out = static_cast<Int>(i);
    return true;
  }

  bool boolean(JsonValue obj, std::string_view key, bool& out) {
    JsonValue v = member(obj, key);
    if (!v) return true;
    if (!v.is_boolean()) return fail(key, "expected true or false");
    out = v.boolean();
    return true;
  }

  // Calls `each(element, index)` for every element of the array `key`.
  template <typename Each>
  bool array(JsonValue obj, std::string_view key, Each&& each) {
    JsonValue v = member(obj, key);
    if (!v) return true;
    if (!v.is_array()) return fail(key, "expected an array");
    long index = 0;
    for (JsonValue element : v) {
      auto scope = at(key, index);
      if (!each(element, index)) return false;
      ++index;
    }
    return true;
  }

  bool object(JsonValue v) {
    if (v.is_object()) return true;
    return fail("", "expected an object");
  }

  bool texts(JsonValue obj, std::string_view key, std::vector<FactText>& out) {
    return array(obj, key, [&](JsonValue e, long) {
      if (!e.is_string()) return fail("", "expected a string");
      out.push_back(out_.intern(e.string()));
      return true;
    });
  }

  template <typename Enum, std::size_t N>
  bool enumeration(JsonValue obj, std::string_view key,
                   const std::pair<std::string_view, Enum> (&table)[N], Enum fallback, Enum& out) {
    JsonValue v = member(obj, key);
    if (!v) return true;
    if (!v.is_string()) return fail(key, "expected a string");
    out = enum_of(v.string(), table, fallback);
    return true;
  }

  // A file index; check_references() checks it against the files (which a
  // line may list after the sites that use them).
  bool file_index(JsonValue obj, std::uint32_t& out) {
    if (!required(obj, "file")) return false;
    std::int64_t index = -1;
    if (!integer(obj, "file", index)) return false;
    if (index < 0 || index > std::numeric_limits<std::uint16_t>::max())
      return fail("file", fmt::format("{} is not an index into files", index));
    out = static_cast<std::uint32_t>(index);
    return true;
  }

  bool position(JsonValue obj, FactSpan& span, bool with_end) {
    if (!file_index(obj, span.file)) return false;
    if (!required(obj, "line") || !integer(obj, "line", span.line)) return false;
    if (!integer(obj, "col", span.col)) return false;
    if (span.line < 0 || span.col < 0) return fail("line", "negative position");
    span.end_line = span.line;
    span.end_col = span.col;
    if (!with_end) return true;
    if (!integer(obj, "end_line", span.end_line) || !integer(obj, "end_col", span.end_col))
      return false;
    return true;
  }

 private:
  PackageFacts& out_;
  std::vector<std::pair<std::string_view, long>> path_;
  std::string error_;
};

bool read_param(Reader& r, JsonValue p, FactParam& out) {
  return r.object(p) && r.text(p, "name", out.name) && r.text(p, "type", out.type) &&
         r.integer(p, "size", out.size) &&
         r.enumeration(p, "use", param_uses, ParamUse::unknown, out.use);
}

bool read_function(Reader& r, JsonValue f, FactFunction& out) {
  if (!r.object(f) || !r.required(f, "name") || !r.text(f, "name", out.name) ||
      !r.enumeration(f, "kind", function_kinds, FunctionKind::other, out.kind))
    return false;
  // A function without a span (package_init) says so with file -1 or line 0.
  std::int64_t file = -1;
  if (!r.integer(f, "file", file)) return false;
  if (file >= 0) {
    if (!r.position(f, out.span, true)) return false;
    out.has_span = out.span.line > 0;
  }
  return r.integer(f, "parent", out.parent) && r.boolean(f, "exported", out.exported) &&
         r.text(f, "receiver", out.receiver) && r.text(f, "signature", out.signature) &&
         r.boolean(f, "test_helper", out.test_helper) &&
         r.array(f, "params",
                 [&](JsonValue p, long) { return read_param(r, p, out.params.emplace_back()); }) &&
         r.texts(f, "results", out.results) && r.texts(f, "names", out.names);
}

bool read_type(Reader& r, JsonValue t, FactType& out) {
  if (!r.object(t) || !r.required(t, "name") || !r.text(t, "name", out.name)) return false;
  int bits = 0;
  bool ok =
      r.text(t, "short", out.short_name) &&
      r.enumeration(t, "kind", type_kinds, TypeKind::other, out.kind) &&
      r.integer(t, "bits", bits) && r.integer(t, "size", out.size) &&
      r.integer(t, "align", out.align) && r.boolean(t, "pointer_shaped", out.pointer_shaped) &&
      r.boolean(t, "has_pointers", out.has_pointers) &&
      r.boolean(t, "slice_or_map", out.slice_or_map) && r.boolean(t, "lock", out.lock) &&
      r.boolean(t, "stringer", out.stringer) && r.boolean(t, "error", out.error) &&
      r.texts(t, "pointer_methods", out.pointer_methods) &&
      r.texts(t, "value_methods", out.value_methods) &&
      r.array(t, "fields", [&](JsonValue f, long) {
        FactField& field = out.fields.emplace_back();
        return r.object(f) && r.text(f, "name", field.name) && r.text(f, "type", field.type) &&
               r.integer(f, "size", field.size) && r.integer(f, "offset", field.offset);
      });
  if (!ok) return false;
  if (bits < 0 || bits > 255) return r.fail("bits", "out of range");
  out.bits = static_cast<std::uint8_t>(bits);
  return true;
}

// A side-table count: at most what a 16-bit field holds.
bool small_count(Reader& r, std::string_view key, std::size_t n, std::uint16_t& out) {
  if (n > std::numeric_limits<std::uint16_t>::max()) return r.fail(key, "too many entries");
  out = static_cast<std::uint16_t>(n);
  return true;
}

bool read_site(Reader& r, PackageFacts& facts, JsonValue s, FactSite& out) {
  if (!r.object(s) || !r.required(s, "node") ||
      !r.enumeration(s, "node", site_nodes, SiteNode::other, out.node))
    return false;
  FactSpan span;
  if (!r.position(s, span, true)) return false;
  out.file = static_cast<std::uint16_t>(span.file);
  out.line = span.line;
  out.col = span.col;
  out.end_line = span.end_line;
  out.end_col = span.end_col;
  int loop_depth = 0;
  if (!r.integer(s, "function", out.function) || !r.integer(s, "region", out.region) ||
      !r.text(s, "type", out.type) || !r.integer(s, "loop_depth", loop_depth) ||
      !r.text(s, "var", out.var))
    return false;
  out.loop_depth = static_cast<std::uint8_t>(std::min(std::max(loop_depth, 0), 255));
  if (!r.array(s, "context", [&](JsonValue c, long) {
        if (!c.is_string()) return r.fail("", "expected a string");
        out.context |= enum_of(c.string(), site_contexts, SiteContext{0});
        return true;
      }))
    return false;

  // Flags: each contract field that is a boolean of some node.
  constexpr std::pair<std::string_view, SiteFlag> flag_fields[] = {
      {"addr_taken", site_addr_taken}, {"captured", site_captured}, {"reassigned", site_reassigned},
      {"composite", site_composite},   {"const", site_const},       {"implicit", site_implicit},
      {"spread", site_spread},         {"static", site_static},     {"in_module", site_in_module},
      {"variadic", site_variadic},
  };
  for (const auto& [key, flag] : flag_fields) {
    bool set = false;
    if (!r.boolean(s, key, set)) return false;
    if (set) out.flags |= flag;
  }

  // The node-specific texts (see FactSite) and counts: one contract field
  // each, by node.
  if (std::string_view key = key_for(detail_keys, out.node);
      !key.empty() && !r.text(s, key, out.detail))
    return false;
  if (!r.value(s, "value", out.value)) return false;
  if (out.node == SiteNode::make && !r.enumeration(s, "make", make_kinds, MakeKind::none, out.make))
    return false;
  const std::string_view count_key = key_for(count_keys, out.node);
  int count = 0, count2 = 0;
  if (!count_key.empty() && !r.integer(s, count_key, count)) return false;
  if (out.node == SiteNode::concat && !r.integer(s, "const_operands", count2)) return false;

  // `args`: a count for variadic sites, a list of arguments for make and call.
  JsonValue args = Reader::member(s, "args");
  if (args && args.is_integer()) {
    if (!r.integer(s, "args", count)) return false;
  } else if (args) {
    out.first_arg = static_cast<std::uint32_t>(facts.args.size());
    if (!r.array(s, "args", [&](JsonValue a, long) {
          FactArg& arg = facts.args.emplace_back();
          return r.object(a) && r.text(a, "text", arg.text) && r.text(a, "type", arg.type) &&
                 r.value(a, "value", arg.value) && r.boolean(a, "const", arg.is_const);
        }))
      return false;
    if (!small_count(r, "args", facts.args.size() - out.first_arg, out.arg_count)) return false;
    if (out.node == SiteNode::call && count == 0) count = out.arg_count;
  }
  if (count < 0 || count2 < 0)
    return r.fail(count_key.empty() ? "args" : count_key, "out of range");
  // A generated table may hold more than 65535 elements (the standard
  // library's unicode tables do): as many as a count holds is "very many".
  out.count = static_cast<std::uint16_t>(std::min(count, 0xffff));
  out.count2 = static_cast<std::uint16_t>(std::min(count2, 0xffff));

  out.first_capture = static_cast<std::uint32_t>(facts.captures.size());
  if (!r.array(s, "captures", [&](JsonValue c, long) {
        FactCapture& capture = facts.captures.emplace_back();
        return r.object(c) && r.text(c, "name", capture.name) && r.text(c, "type", capture.type) &&
               r.integer(c, "size", capture.size);
      }))
    return false;
  if (!small_count(r, "captures", facts.captures.size() - out.first_capture, out.capture_count))
    return false;

  out.first_param = static_cast<std::uint32_t>(facts.type_lists.size());
  if (!r.texts(s, "params", facts.type_lists)) return false;
  return small_count(r, "params", facts.type_lists.size() - out.first_param, out.param_count);
}

bool read_loop_store(Reader& r, JsonValue a, FactLoopStore& out) {
  return r.object(a) && r.text(a, "var", out.var) && r.integer(a, "line", out.line) &&
         r.integer(a, "col", out.col) && r.boolean(a, "conditional", out.conditional) &&
         r.integer(a, "count", out.count) && r.integer(a, "values", out.values) &&
         r.boolean(a, "spread", out.spread) && r.integer(a, "uses", out.uses) &&
         r.integer(a, "decl_line", out.decl_line) && r.integer(a, "decl_col", out.decl_col) &&
         r.text(a, "decl", out.decl) && r.text(a, "decl_cap", out.decl_cap) &&
         r.array(a, "elsewhere", [&](JsonValue line, long) {
           if (!line.is_integer()) return r.fail("", "expected an integer");
           if (line.type() == JsonType::unsigned_integer) return r.fail("", "out of range");
           const auto n = line.integer();
           if (n < 0 || n > std::numeric_limits<std::int32_t>::max())
             return r.fail("", "out of range");
           out.elsewhere.push_back(static_cast<std::int32_t>(n));
           return true;
         });
}

bool read_loop(Reader& r, JsonValue l, FactLoop& out) {
  if (!r.object(l) || !r.position(l, out.span, true)) return false;
  std::string kind;
  if (!r.integer(l, "function", out.function) || !r.text(l, "kind", kind)) return false;
  out.kind = kind == "range" ? LoopKind::range : LoopKind::for_;
  return r.text(l, "range_over", out.range_over) && r.text(l, "length", out.length) &&
         r.text(l, "key", out.key) && r.text(l, "value", out.value) &&
         r.boolean(l, "exits", out.exits) && r.boolean(l, "continues", out.continues) &&
         r.array(l, "appends",
                 [&](JsonValue a, long) {
                   return read_loop_store(r, a, out.appends.emplace_back());
                 }) &&
         r.array(l, "map_stores",
                 [&](JsonValue a, long) {
                   return read_loop_store(r, a, out.map_stores.emplace_back());
                 }) &&
         r.array(l, "writes", [&](JsonValue w, long) {
           FactLoopWrite& write = out.writes.emplace_back();
           return r.object(w) && r.text(w, "var", write.var) && r.text(w, "method", write.method) &&
                  r.text(w, "type", write.type) && r.integer(w, "line", write.line) &&
                  r.integer(w, "col", write.col) &&
                  r.boolean(w, "conditional", write.conditional) &&
                  r.integer(w, "bytes", write.bytes) && r.integer(w, "uses", write.uses);
         });
}

// Indexes that point elsewhere in the line: function references (site and
// loop functions, parents) must name a function of the package or be -1, and
// file indexes a file of `files`.
bool check_references(Reader& r, const PackageFacts& facts) {
  const auto functions = static_cast<std::int64_t>(facts.functions.size());
  auto check = [&](std::string_view array, std::size_t i, std::int32_t function,
                   std::string_view key, bool has_file, std::uint32_t file) {
    if (function >= -1 && function < functions && (!has_file || file < facts.files.size()))
      return true;
    auto scope = r.at(array, static_cast<long>(i));
    if (function < -1 || function >= functions) return r.fail(key, "not a function id");
    return r.fail(
        "file", fmt::format("{} is not an index into files ({} files)", file, facts.files.size()));
  };
  for (std::size_t i = 0; i < facts.functions.size(); ++i) {
    const FactFunction& f = facts.functions[i];
    if (!check("functions", i, f.parent, "parent", f.has_span, f.span.file)) return false;
  }
  for (std::size_t i = 0; i < facts.sites.size(); ++i) {
    const FactSite& s = facts.sites[i];
    if (!check("sites", i, s.function, "function", true, s.file)) return false;
  }
  for (std::size_t i = 0; i < facts.loops.size(); ++i) {
    const FactLoop& l = facts.loops[i];
    if (!check("loops", i, l.function, "function", true, l.span.file)) return false;
  }
  return true;
}

// The arrays of a package line, read one element at a time as the line is
// parsed (LineParser), in any order.
bool read_element(Reader& r, PackageFacts& out, std::string_view array, JsonValue e) {
  if (array == "files") {
    FactFile& file = out.files.emplace_back();
    return r.object(e) && r.required(e, "path") && r.text(e, "path", file.path) &&
           r.boolean(e, "test", file.test) && r.boolean(e, "generated", file.generated);
  }
  if (array == "scope" || array == "errors") {
    if (!e.is_string()) return r.fail("", "expected a string");
    if (array == "scope")
      out.scope.push_back(out.intern(e.string()));
    else
      out.errors.emplace_back(e.string());
    return true;
  }
  if (array == "functions") return read_function(r, e, out.functions.emplace_back());
  if (array == "types") return read_type(r, e, out.types.emplace_back());
  if (array == "sites") return read_site(r, out, e, out.sites.emplace_back());
  return read_loop(r, e, out.loops.emplace_back());  // "loops"
}

constexpr std::string_view element_arrays[] = {"files", "scope",  "functions", "types",
                                               "sites", "errors", "loops"};

// The JSON events of one line (support/json_scan), sorted into two tapes: the elements of
// element_arrays, each read by read_element() as soon as it is whole and
// then dropped, and everything else (the header: package, name, ...). A line
// of the largest package thus never exists as a tree.
class LineParser final : public JsonEvents {
 public:
  LineParser(Reader& r, PackageFacts& out) : r_(r), out_(out) {}

  // The line without its element arrays; valid until the parser dies.
  JsonValue header() const { return header_.complete() ? header_.root() : JsonValue(); }

  bool null() override {
    return scalar([](JsonTape& t) { t.null(); }, true);
  }
  bool boolean(bool v) override {
    return scalar([v](JsonTape& t) { t.boolean(v); });
  }
  bool integer(std::int64_t v) override {
    return scalar([v](JsonTape& t) { t.integer(v); });
  }
  bool unsigned_integer(std::uint64_t v) override {
    return scalar([v](JsonTape& t) { t.unsigned_integer(v); });
  }
  bool floating(double v, std::string_view text) override {
    return scalar([&](JsonTape& t) { t.floating(v, text); });
  }
  bool string(std::string_view v) override {
    return scalar([&](JsonTape& t) { t.string(v); });
  }
  bool start_object() override { return open(true); }
  bool start_array() override { return open(false); }
  bool end_object() override { return close(true); }
  bool end_array() override { return close(false); }
  bool key(std::string_view name) override {
    if (depth_ == 1) {
      array_ = {};
      for (std::string_view a : element_arrays)
        if (a == name) array_ = a;
      if (!array_.empty()) return true;  // its elements go to read_element()
    }
    tape().key(name);
    return true;
  }

 private:
  // At depth 1 right after an element array's key: its value must be an
  // array (or null, for none).
  bool expecting_array() const { return depth_ == 1 && !array_.empty(); }
  bool in_array() const { return !array_.empty() && depth_ >= 2; }
  JsonTape& tape() { return in_array() ? element_ : header_; }

  template <typename Feed>
  bool scalar(Feed feed, bool is_null = false) {
    if (expecting_array()) {
      if (is_null) {
        array_ = {};
        return true;
      }
      return r_.fail(array_, "expected an array");
    }
    if (in_array() && depth_ == 2) element_.clear();
    feed(tape());
    return depth_ == 2 && in_array() ? element_done() : true;
  }

  bool open(bool object) {
    if (expecting_array()) {
      if (object) return r_.fail(array_, "expected an array");
      depth_ = 2;
      index_ = 0;
      return true;
    }
    if (in_array() && depth_ == 2) element_.clear();
    object ? tape().start_object() : tape().start_array();
    ++depth_;
    return true;
  }

  bool close(bool object) {
    if (in_array() && depth_ == 2) {  // the element array's own end
      array_ = {};
      depth_ = 1;
      return true;
    }
    object ? tape().end_object() : tape().end_array();
    --depth_;
    return depth_ == 2 && in_array() ? element_done() : true;
  }

  bool element_done() {
    auto scope = r_.at(array_, index_++);
    return read_element(r_, out_, array_, element_.root());
  }

  Reader& r_;
  PackageFacts& out_;
  JsonTape header_, element_;
  std::string_view array_;  // the element array being read, if any
  long index_ = 0;          // of the next element in it
  int depth_ = 0;           // arrays and objects open around the next event
};

bool read_header(Reader& r, JsonValue j, PackageFacts& out) {
  if (!r.required(j, "package") || !r.text(j, "package", out.import_path) ||
      !r.text(j, "name", out.name) || !r.text(j, "dir", out.dir) || !r.text(j, "go", out.go) ||
      !r.text(j, "goarch", out.goarch))
    return false;
  if (out.import_path.empty()) return r.fail("package", "empty");
  if (out.files.size() > std::numeric_limits<std::uint16_t>::max())
    return r.fail("files", "too many files");
  return check_references(r, out);
}

// A line in pieces (`next` returns them in order, then an empty one): a
// string's whole, or a spool record's.
Result<FactsLine> read_line(const std::function<std::string_view()>& next) {
  PackageFacts facts;
  Reader r(facts);
  LineParser parser(r, facts);
  const std::string scanned = scan_json(next, parser);
  if (r.failed()) return Error{r.error()};
  if (!scanned.empty()) return Error{"not valid JSON (" + scanned + ")"};
  JsonValue j = parser.header();
  if (!j.is_object()) return Error{"expected a JSON object"};
  FactsLine out;
  if (JsonValue done = Reader::member(j, "done")) {
    if (!done.is_boolean() || !done.boolean()) return Error{"done: expected true"};
    FactsDone d;
    if (!r.integer(j, "packages", d.packages)) return Error{r.error()};
    if (JsonValue seconds = Reader::member(j, "seconds")) {
      if (!seconds.is_number()) return Error{"seconds: expected a number"};
      d.seconds = seconds.type() == JsonType::floating ? seconds.floating()
                                                       : static_cast<double>(seconds.integer());
    }
    out.done = d;
    return out;
  }
  if (!read_header(r, j, facts)) return Error{r.error()};
  facts.seal();
  out.package = std::move(facts);
  return out;
}

}  // namespace

std::optional<std::string_view> facts_line_package(std::string_view line) {
  constexpr std::string_view prefix = R"({"package":")";
  if (!line.starts_with(prefix)) return std::nullopt;
  line.remove_prefix(prefix.size());
  const auto end = line.find_first_of("\"\\");
  if (end == std::string_view::npos || end == 0 || line[end] != '"') return std::nullopt;
  return line.substr(0, end);
}

Result<FactsLine> read_facts_line(std::string_view line) {
  bool given = false;
  return read_line([&] {
    if (given) return std::string_view();
    given = true;
    return line;
  });
}

Result<FactsLine> read_facts_line(const SpoolFile& spool, SpoolFile::Span line) {
  SpoolFile::Stream stream(spool, line);
  auto read = read_line([&] { return stream.next(); });
  if (stream.failed()) return Error{"cannot read a temporary file back"};
  return read;
}

}  // namespace goescape
