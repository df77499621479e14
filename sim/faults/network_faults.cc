// The faults that act on the network, each followed by its undo: partition, isolate and cut
// (undone by lifting that one rule), heal; degrade (undone by restoring that one degradation),
// restore.
//
// Every partition, isolation and cut is a rule of its own in the Network, and a pair of nodes is
// blocked while any rule blocks it, so the end of one leaves the others in force; its record says
// which rule ended and what is still in force. heal and restore end every rule of their kind, and
// an undo that finds its rule already gone does nothing and records nothing.
#include <algorithm>
#include <iterator>

#include "sim/faults/fault_injector.h"
#include "sim/faults/fault_text.h"

namespace dsim {
namespace {

std::vector<NodeId> sorted_union(std::vector<NodeId> a, const std::vector<NodeId>& b) {
  a.insert(a.end(), b.begin(), b.end());
  std::sort(a.begin(), a.end());
  a.erase(std::unique(a.begin(), a.end()), a.end());
  return a;
}

// A degrade with no target, or "all" and no other end, degrades the whole network.
bool degrades_every_link(const FaultSpec& fault) {
  bool whole = fault.target.kind == TargetSpec::Kind::all ||
               (fault.target.kind == TargetSpec::Kind::nodes && fault.target.ids.empty() && fault.target.text.empty());
  return whole && !fault.to;
}

}  // namespace

// ---------------------------------------------------------------- partition, isolate, cut, heal

void FaultInjector::partition(const FaultSpec& fault) {
  std::vector<const TargetSpec*> targets;
  for (const TargetSpec& group : fault.groups) targets.push_back(&group);
  std::vector<std::vector<NodeId>> resolved = resolve_together(targets, fault.action);
  std::vector<std::vector<NodeId>> groups;
  std::vector<NodeId> everyone;
  bool named = false;  // whether a group other than "others" chose anyone
  for (std::size_t g = 0; g < resolved.size(); ++g) {
    if (resolved[g].empty()) continue;
    named = named || fault.groups[g].kind != TargetSpec::Kind::others;
    everyone = sorted_union(std::move(everyone), resolved[g]);
    groups.push_back(std::move(resolved[g]));
  }
  if (!named) return skip(fault, "no group names a node");
  BlockRuleId rule = network_.partition(groups);
  std::string what = "partition " + network_.describe_rule(rule);
  simulator_.report_fault(FaultEvent{"partition", everyone, "groups " + network_.describe_partition()});
  undo_after(fault, [this, rule, what, everyone] { end_block(rule, what, everyone); });
}

void FaultInjector::isolate(const FaultSpec& fault) {
  std::vector<NodeId> targets = resolve(fault.target, fault.action);
  if (targets.empty()) return skip(fault, why_nobody(fault.target, fault.action));
  BlockRuleId rule = network_.isolate(targets);
  simulator_.report_fault(
      FaultEvent{"isolate", targets, "cut off from every other node: " + network_.describe_partition()});
  std::string what = "isolation of " + describe_nodes(targets);
  undo_after(fault, [this, rule, what, targets] { end_block(rule, what, targets); });
}

void FaultInjector::cut(const FaultSpec& fault) {
  if (!fault.to) return skip(fault, "it names no destination");
  std::vector<std::vector<NodeId>> resolved = resolve_together({&fault.target, &*fault.to}, fault.action);
  const std::vector<NodeId>& sources = resolved[0];
  const std::vector<NodeId>& destinations = resolved[1];
  if (sources.empty()) return skip(fault, why_nobody(fault.target, fault.action));
  if (destinations.empty()) return skip(fault, "its destination " + why_nobody(*fault.to, fault.action));
  std::vector<DirectedLink> pairs;
  std::string detail;
  for (NodeId from : sources) {
    for (NodeId to : destinations) {
      if (from == to) continue;
      pairs.emplace_back(from, to);
      detail += (detail.empty() ? "" : ", ") + std::to_string(from) + "->" + std::to_string(to);
    }
  }
  if (pairs.empty()) return skip(fault, "its only destination is its source");
  BlockRuleId rule = network_.cut_one_way(pairs);
  std::vector<NodeId> touched = sorted_union(sources, destinations);
  simulator_.report_fault(FaultEvent{"cut", touched, detail});
  undo_after(fault, [this, rule, what = "cut " + detail, touched] { end_block(rule, what, touched); });
}

// The undo of a partition, isolation or cut: that rule ends, every other stays in force.
void FaultInjector::end_block(BlockRuleId rule, const std::string& what, const std::vector<NodeId>& nodes) {
  if (!network_.lift(rule)) return;  // healed since: nothing left to undo
  std::string rest = network_.partitioned() ? "still in force: " + network_.describe_partition()
                                            : std::string("no partition or cut remains");
  simulator_.report_fault(FaultEvent{"heal", nodes, what + " ended; " + rest});
}

void FaultInjector::heal(const FaultSpec&) {
  network_.heal();
  simulator_.report_fault(FaultEvent{"heal", {}, "all partitions and cuts removed"});
}

// ---------------------------------------------------------------- degrade and restore

void FaultInjector::degrade(const FaultSpec& fault) {
  std::string model = describe_link(fault.link);
  if (degrades_every_link(fault)) {
    LinkRuleId rule = network_.degrade_all_links(fault.link);
    degradations_[rule] = model + " on all links";
    simulator_.report_fault(FaultEvent{"degrade", {}, degradations_[rule]});
    undo_after(fault, [this, rule] { end_degrade(rule, {}); });
    return;
  }
  std::vector<NodeId> ends;
  std::vector<NodeId> other_ends;
  if (fault.to) {
    std::vector<std::vector<NodeId>> resolved = resolve_together({&fault.target, &*fault.to}, fault.action);
    ends = std::move(resolved[0]);
    other_ends = std::move(resolved[1]);
    if (ends.empty()) return skip(fault, why_nobody(fault.target, fault.action));
    if (other_ends.empty()) return skip(fault, "its other end " + why_nobody(*fault.to, fault.action));
  } else {
    ends = resolve(fault.target, fault.action);
    if (ends.empty()) return skip(fault, why_nobody(fault.target, fault.action));
    for (NodeId node = 0; node < simulator_.node_count(); ++node) other_ends.push_back(node);
  }
  std::vector<DirectedLink> links;
  for (NodeId a : ends) {
    for (NodeId b : other_ends) {
      if (a == b) continue;
      links.emplace_back(a, b);
      links.emplace_back(b, a);
    }
  }
  LinkRuleId rule = network_.degrade_links(links, fault.link);
  std::string where = " on links between " + describe_nodes(ends) + " and " +
                      (fault.to ? describe_nodes(other_ends) : std::string("every node"));
  degradations_[rule] = model + where;
  simulator_.report_fault(
      FaultEvent{"degrade", sorted_union(ends, fault.to ? other_ends : std::vector<NodeId>{}), degradations_[rule]});
  undo_after(fault, [this, rule, ends] { end_degrade(rule, ends); });
}

// The undo of a degrade: its links go back to the newest other degradation in force on them, or
// to the scenario's model.
void FaultInjector::end_degrade(LinkRuleId rule, const std::vector<NodeId>& nodes) {
  if (!network_.restore_links(rule)) return;  // restored since: nothing left to undo
  std::string what = degradations_[rule];
  degradations_.erase(rule);
  std::string rest;
  for (const auto& [other, text] : degradations_) rest += (rest.empty() ? "" : "; ") + text;
  rest = rest.empty() ? "links back to the scenario's network model" : "still in force: " + rest;
  simulator_.report_fault(FaultEvent{"restore", nodes, what + " ended; " + rest});
}

void FaultInjector::restore(const FaultSpec&) {
  network_.restore_all_links();
  degradations_.clear();
  simulator_.report_fault(FaultEvent{"restore", {}, "links back to the scenario's network model"});
}

}  // namespace dsim
