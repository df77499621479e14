// The last-writer-wins register (lww_register.h).
#include "sim/protocols/crdt/lww_register.h"

#include "sim/protocols/crdt/text_list.h"

namespace dsim::crdt {

std::string Stamped::to_string() const { return value + "@" + std::to_string(stamp) + "." + std::to_string(replica); }

std::optional<Stamped> parse_stamped(std::string_view text) {
  std::size_t at = text.rfind('@');
  if (at == std::string_view::npos || at == 0) return std::nullopt;
  std::string_view version = text.substr(at + 1);
  std::size_t dot = version.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  Stamped stamped;
  stamped.value = std::string(text.substr(0, at));
  if (!parse_whole(version.substr(0, dot), stamped.stamp) || !parse_whole(version.substr(dot + 1), stamped.replica)) {
    return std::nullopt;
  }
  return stamped;
}

Stamped LWWRegister::set(std::string value, TimeUs stamp, std::uint32_t replica) {
  Stamped write{stamp, replica, std::move(value)};
  if (!current_ || write > *current_) current_ = write;
  return write;
}

void LWWRegister::merge(const LWWRegister& other) {
  if (other.current_ && (!current_ || *other.current_ > *current_)) current_ = other.current_;
}

void LWWRegister::merge_keeping_local(const LWWRegister& other) {
  if (!current_) current_ = other.current_;
}

std::optional<LWWRegister> LWWRegister::decode(std::string_view text) {
  LWWRegister reg;
  if (text.empty()) return reg;
  std::optional<Stamped> stamped = parse_stamped(text);
  if (!stamped) return std::nullopt;
  reg.current_ = std::move(*stamped);
  return reg;
}

}  // namespace dsim::crdt
