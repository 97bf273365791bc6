#include "model/package_codec.hpp"

#include <cstdint>
#include <cstring>
#include <type_traits>

#include "support/result.hpp"

namespace goescape {

namespace {

// One list of fields per type, read and written by the same function, so the
// two directions cannot disagree. A field added to the model must be added
// here (the codec test fills every field and compares).
template <typename A, typename T>
requires std::is_same_v<std::remove_const_t<T>, Position>
void fields(A& a, T& p) { a(p.file), a(p.line), a(p.col); }

template <typename A, typename T>
requires std::is_same_v<std::remove_const_t<T>, FlowStep>
void fields(A& a, T& s) { a(s.reason), a(s.text), a(s.pos); }

template <typename A, typename T>
requires std::is_same_v<std::remove_const_t<T>, Capture>
void fields(A& a, T& c) { a(c.closure), a(c.var), a(c.by_ref), a(c.addr), a(c.assign), a(c.width); }

template <typename A, typename T>
requires std::is_same_v<std::remove_const_t<T>, InlinedFrom>
void fields(A& a, T& i) { a(i.function), a(i.file), a(i.line); }

template <typename A, typename T>
requires std::is_same_v<std::remove_const_t<T>, ProfileFigures>
void fields(A& a, T& p) {
  a(p.alloc_space), a(p.alloc_objects), a(p.inuse_space), a(p.inuse_objects), a(p.cold);
}

template <typename A, typename T>
requires std::is_same_v<std::remove_const_t<T>, TextEdit>
void fields(A& a, T& e) { a(e.file), a(e.line), a(e.col), a(e.end_line), a(e.end_col), a(e.text); }

template <typename A, typename T>
requires std::is_same_v<std::remove_const_t<T>, FixVerified>
void fields(A& a, T& v) { a(v.builds), a(v.escape_gone), a(v.tests); }

template <typename A, typename T>
requires std::is_same_v<std::remove_const_t<T>, Fix>
void fields(A& a, T& f) { a(f.edits), a(f.verified); }

template <typename A, typename T>
requires std::is_same_v<std::remove_const_t<T>, Finding>
void fields(A& a, T& f) {
  a(f.kind), a(f.pos), a(f.printed_file), a(f.message), a(f.expr), a(f.package), a(f.variant);
  a(f.function), a(f.inlined_from), a(f.flow), a(f.captures), a(f.derefs), a(f.detail);
  a(f.pattern), a(f.playbook), a(f.suggestion), a(f.held_back), a(f.fix), a(f.profile);
  a(f.fingerprint), a(f.source_line), a(f.log_function), a(f.occurrences), a(f.copies);
  a(f.allocation), a(f.allocation_note), a(f.synthesized), a(f.cold);
}

template <typename A, typename T>
requires std::is_same_v<std::remove_const_t<T>, Diagnostic>
void fields(A& a, T& d) { a(d.package), a(d.text); }

template <typename A, typename T>
requires std::is_same_v<std::remove_const_t<T>, PackageResult>
void fields(A& a, T& r) { a(r.package), a(r.variant), a(r.dir), a(r.findings), a(r.diagnostics); }

// Integers as LEB128 varints (zig-zag for signed ones), strings as a length
// and their bytes, optionals and vectors with a presence flag or a count.
class Encoder {
 public:
  explicit Encoder(std::string& out) : out_(out) {}

  void unsigned_(std::uint64_t v) {
    while (v >= 0x80) {
      out_ += static_cast<char>((v & 0x7F) | 0x80);
      v >>= 7;
    }
    out_ += static_cast<char>(v);
  }
  void operator()(std::int64_t v) {
    unsigned_((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
  }
  void operator()(int v) { (*this)(static_cast<std::int64_t>(v)); }
  void operator()(bool v) { out_ += v ? '\1' : '\0'; }
  void operator()(const std::string& s) {
    unsigned_(s.size());
    out_ += s;
  }
  template <typename E>
  requires std::is_enum_v<E>
  void operator()(E e) { (*this)(static_cast<int>(e)); }
  template <typename T>
  void operator()(const std::optional<T>& o) {
    (*this)(o.has_value());
    if (o) (*this)(*o);
  }
  template <typename T>
  void operator()(const std::vector<T>& items) {
    unsigned_(items.size());
    for (const T& item : items) (*this)(item);
  }
  template <typename T>
  requires std::is_class_v<T>
  void operator()(const T& value) { fields(*this, value); }

 private:
  std::string& out_;
};

class Decoder {
 public:
  explicit Decoder(std::string_view in) : in_(in) {}

  std::uint64_t unsigned_() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      const auto byte = static_cast<unsigned char>(next());
      v |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) break;
    }
    return v;
  }
  void operator()(std::int64_t& v) {
    const std::uint64_t u = unsigned_();
    v = static_cast<std::int64_t>(u >> 1) ^ -static_cast<std::int64_t>(u & 1);
  }
  void operator()(int& v) {
    std::int64_t wide = 0;
    (*this)(wide);
    v = static_cast<int>(wide);
  }
  void operator()(bool& v) { v = next() != '\0'; }
  void operator()(std::string& s) {
    const std::uint64_t n = unsigned_();
    if (n > in_.size() - at_) cut_short();
    s.assign(in_.data() + at_, n);
    at_ += n;
  }
  template <typename E>
  requires std::is_enum_v<E>
  void operator()(E& e) {
    int v = 0;
    (*this)(v);
    e = static_cast<E>(v);
  }
  template <typename T>
  void operator()(std::optional<T>& o) {
    bool present = false;
    (*this)(present);
    if (!present) {
      o.reset();
      return;
    }
    o.emplace();
    (*this)(*o);
  }
  template <typename T>
  void operator()(std::vector<T>& items) {
    const std::uint64_t n = unsigned_();
    if (n > in_.size() - at_) cut_short();  // every item takes a byte at least
    items.resize(n);
    for (T& item : items) (*this)(item);
  }
  template <typename T>
  requires std::is_class_v<T>
  void operator()(T& value) { fields(*this, value); }

 private:
  char next() {
    if (at_ >= in_.size()) cut_short();
    return in_[at_++];
  }
  [[noreturn]] static void cut_short() {
    throw Failure{Error{"a temporary file of this run was cut short", ExitCode::usage}};
  }

  std::string_view in_;
  std::size_t at_ = 0;
};

}  // namespace

void encode_package(const PackageResult& result, std::string& out) {
  Encoder encoder(out);
  encoder(result);
}

PackageResult decode_package(std::string_view bytes) {
  PackageResult result;
  Decoder decoder(bytes);
  decoder(result);
  return result;
}

}  // namespace goescape
