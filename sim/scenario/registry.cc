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

std::vector<std::string> ProtocolRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& [name, protocol] : protocols_) out.push_back(name);
  return out;
}

}  // namespace dsim
