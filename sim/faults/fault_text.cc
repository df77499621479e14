// How faults and their targets are written: see fault_text.h.
#include "sim/faults/fault_text.h"

namespace dsim {

std::string describe_nodes(const std::vector<NodeId>& nodes, const std::vector<std::string>& names) {
  std::string text = "{";
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (i > 0) text += ",";
    text += nodes[i] < names.size() ? names[nodes[i]] : std::to_string(nodes[i]);
  }
  return text + "}";
}

std::string target_text(const TargetSpec& target, const std::vector<std::string>& names) {
  if (target.kind == TargetSpec::Kind::nodes && !target.ids.empty() && !names.empty()) return describe_nodes(target.ids, names);
  if (!target.text.empty()) return target.text;
  switch (target.kind) {
    case TargetSpec::Kind::nodes: return describe_nodes(target.ids);
    case TargetSpec::Kind::leader: return "leader";
    case TargetSpec::Kind::random: return "random";
    case TargetSpec::Kind::minority: return "minority";
    case TargetSpec::Kind::majority: return "majority";
    case TargetSpec::Kind::all: return "all";
    case TargetSpec::Kind::others: return "others";
  }
  return "?";
}

std::string fault_target_text(const FaultSpec& fault, const std::vector<std::string>& names) {
  if (fault.action != FaultSpec::Action::partition) return target_text(fault.target, names);
  std::string text = "[";
  for (std::size_t g = 0; g < fault.groups.size(); ++g) text += (g > 0 ? ", " : "") + target_text(fault.groups[g], names);
  return text + "]";
}

}  // namespace dsim
