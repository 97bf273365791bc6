#include "support/json_tape.hpp"

#include <string>

namespace goescape {

JsonType JsonValue::type() const { return tape_->nodes_[index_].type; }
bool JsonValue::boolean() const { return tape_->nodes_[index_].b; }
std::int64_t JsonValue::integer() const { return tape_->nodes_[index_].i; }
std::uint64_t JsonValue::unsigned_integer() const { return tape_->nodes_[index_].u; }
double JsonValue::floating() const { return tape_->nodes_[index_].d; }
std::string_view JsonValue::string() const { return tape_->text(tape_->nodes_[index_]); }

std::string JsonValue::scalar_text() const {
  const auto& node = tape_->nodes_[index_];
  switch (node.type) {
    case JsonType::boolean:
      return node.b ? "true" : "false";
    case JsonType::integer:
      return std::to_string(node.i);
    case JsonType::unsigned_integer:
      return std::to_string(node.u);
    case JsonType::floating:
      return std::string(tape_->text(node));
    default:
      return {};
  }
}

JsonValue JsonValue::find(std::string_view key) const {
  if (!is_object()) return {};
  const auto& nodes = tape_->nodes_;
  const std::uint32_t first = index_ + 1, end = nodes[index_].next;
  if (first == end) return {};
  // Members are key, value pairs: a key's node is one long, its value ends
  // at the value's `next`. Readers mostly ask for members in the order they
  // were written, so the scan starts after the member this object found
  // last and wraps around.
  std::uint32_t start = first;
  if (tape_->hint_object_ == index_ && tape_->hint_key_ > index_ && tape_->hint_key_ < end)
    start = tape_->hint_key_;
  std::uint32_t i = start;
  do {
    const std::uint32_t next = nodes[i + 1].next;
    if (tape_->text(nodes[i]) == key) {
      tape_->hint_object_ = index_;
      tape_->hint_key_ = next;
      return JsonValue(tape_, i + 1);
    }
    i = next < end ? next : first;
  } while (i != start);
  return {};
}

JsonValue JsonValue::Iterator::operator*() const {
  return JsonValue(tape_, values_ ? index_ + 1 : index_);
}

JsonValue::Iterator& JsonValue::Iterator::operator++() {
  index_ = tape_->nodes_[values_ ? index_ + 1 : index_].next;
  return *this;
}

JsonValue::Iterator JsonValue::begin() const {
  // A scalar has no elements: begin is its end.
  const bool container = is_array() || is_object();
  return Iterator(tape_, container ? index_ + 1 : tape_->nodes_[index_].next, is_object());
}

JsonValue::Iterator JsonValue::end() const {
  return Iterator(tape_, tape_->nodes_[index_].next, is_object());
}

void JsonTape::clear() {
  hint_object_ = hint_key_ = 0;
  nodes_.clear();
  open_.clear();
  bytes_.clear();
}

JsonTape::Node& JsonTape::push(JsonType type) {
  Node& node = nodes_.emplace_back();
  node.type = type;
  node.next = static_cast<std::uint32_t>(nodes_.size());
  return node;
}

void JsonTape::null() { push(JsonType::null); }
void JsonTape::boolean(bool value) { push(JsonType::boolean).b = value; }
void JsonTape::integer(std::int64_t value) { push(JsonType::integer).i = value; }
void JsonTape::unsigned_integer(std::uint64_t value) { push(JsonType::unsigned_integer).u = value; }

void JsonTape::floating(double value, std::string_view text) {
  Node& node = push(JsonType::floating);
  node.d = value;
  node.offset = static_cast<std::uint32_t>(bytes_.size());
  node.length = static_cast<std::uint32_t>(text.size());
  bytes_.append(text);
}

void JsonTape::string(std::string_view value) {
  Node& node = push(JsonType::string);
  node.offset = static_cast<std::uint32_t>(bytes_.size());
  node.length = static_cast<std::uint32_t>(value.size());
  bytes_.append(value);
}

void JsonTape::open(JsonType type) {
  open_.push_back(static_cast<std::uint32_t>(nodes_.size()));
  push(type);
}

void JsonTape::close() {
  if (open_.empty()) return;
  nodes_[open_.back()].next = static_cast<std::uint32_t>(nodes_.size());
  open_.pop_back();
}

}  // namespace goescape
