// The protocol registry: a sorted map, so `dsim list` and "known: ..." lists are in name order.
#include "sim/scenario/registry.h"

#include "sim/core/assert.h"

namespace dsim {

void ProtocolRegistry::add(std::unique_ptr<Protocol> protocol) {
  DSIM_ASSERT(protocol != nullptr, "registering a null protocol");
  std::string name(protocol->name());
  DSIM_ASSERT(protocols_.find(name) == protocols_.end(), "a protocol with this name is already registered");
  protocols_.emplace(std::move(name), std::move(protocol));
}

const Protocol* ProtocolRegistry::find(std::string_view name) const {
  auto it = protocols_.find(name);
  return it == protocols_.end() ? nullptr : it->second.get();
}

void ProtocolRegistry::retire(std::string name, std::string replacement) {
  DSIM_ASSERT(protocols_.find(name) == protocols_.end(), "a retired protocol name is not registered");
  retired_.emplace(std::move(name), std::move(replacement));
}

const std::string* ProtocolRegistry::retired(std::string_view name) const {
  auto it = retired_.find(name);
  return it == retired_.end() ? nullptr : &it->second;
}

std::vector<std::string> ProtocolRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& [name, protocol] : protocols_) out.push_back(name);
  return out;
}

}  // namespace dsim
