// User actions in the scenario format's words, and in plain words for the session list.
#include "viz/model/user_action.h"

#include "sim/core/words.h"

namespace dsim::viz {
namespace {

using nlohmann::json;

json id_list(const std::vector<NodeId>& nodes) {
  json list = json::array();
  for (NodeId node : nodes) list.push_back(node);
  return list;
}

// The node itself when there is one, so that a bad action reaches the loader and gets its message.
json one_node(const UserAction& action) { return action.nodes.size() == 1 ? json(action.nodes[0]) : id_list(action.nodes); }

json link_ends(const UserAction& action) {
  json link = json::object();
  if (!action.nodes.empty()) link["nodes"] = action.nodes[0];
  if (action.nodes.size() > 1) link["to"] = action.nodes[1];
  return link;
}

std::string name_of(const std::vector<TraceNode>& nodes, NodeId node) {
  return node < nodes.size() && !nodes[node].name.empty() ? nodes[node].name : "node " + std::to_string(node);
}

std::optional<NodeId> find_node(const std::vector<TraceNode>& nodes, const std::string& word) {
  for (const TraceNode& node : nodes) {
    if (node.name == word || std::to_string(node.id) == word) return node.id;
  }
  return std::nullopt;
}

}  // namespace

std::optional<UserAction> parse_user_action(std::string_view text, const std::vector<TraceNode>& nodes, std::string& error) {
  static const char* const kForms =
      "TIME crash|restart|pause|resume|isolate NODE, TIME partition NODE,NODE..., TIME heal, TIME restore, "
      "TIME slow|lossy|cut NODE NODE, or TIME request NODE TEXT";
  std::vector<std::string> words = split_words(text);
  auto fail = [&](const std::string& why) {
    error = "\"" + std::string(text) + "\": " + why;
    return std::nullopt;
  };
  if (words.size() < 2) return fail(std::string("expected ") + kForms);
  UserAction action;
  std::string time_error;
  std::optional<DurationUs> at = parse_duration(words[0], &time_error);
  if (!at) return fail(time_error);
  action.at_us = *at;
  auto node_at = [&](const std::string& word) -> std::optional<NodeId> { return find_node(nodes, word); };

  struct Named {
    const char* name;
    UserAction::Kind kind;
    std::size_t node_words;  // how many node words follow
  };
  static const Named kNamed[] = {
      {"crash", UserAction::Kind::crash, 1},         {"restart", UserAction::Kind::restart, 1},
      {"pause", UserAction::Kind::pause, 1},         {"resume", UserAction::Kind::resume, 1},
      {"isolate", UserAction::Kind::isolate, 1},     {"heal", UserAction::Kind::heal, 0},
      {"restore", UserAction::Kind::restore, 0},     {"slow", UserAction::Kind::slow_link, 2},
      {"lossy", UserAction::Kind::lossy_link, 2},    {"cut", UserAction::Kind::cut_one_way, 2},
  };
  const std::string& verb = words[1];
  if (verb == "partition") {
    action.kind = UserAction::Kind::partition;
    std::string group;
    for (std::size_t i = 2; i < words.size(); ++i) group += words[i];
    for (char& c : group) {
      if (c == ',' || c == '[' || c == ']') c = ' ';
    }
    for (const std::string& word : split_words(group)) {
      std::optional<NodeId> node = node_at(word);
      if (!node) return fail("no node named \"" + word + "\"");
      action.nodes.push_back(*node);
    }
    if (action.nodes.empty()) return fail("a partition needs a group, such as \"3s partition n1,n2\"");
    return action;
  }
  if (verb == "request") {
    action.kind = UserAction::Kind::request;
    if (words.size() < 4) return fail("expected TIME request NODE TEXT, such as \"5s request c0 put x 5\"");
    std::optional<NodeId> node = node_at(words[2]);
    if (!node) return fail("no node named \"" + words[2] + "\"");
    action.nodes.push_back(*node);
    for (std::size_t i = 3; i < words.size(); ++i) action.text += (i > 3 ? " " : "") + words[i];
    return action;
  }
  for (const Named& named : kNamed) {
    if (verb != named.name) continue;
    action.kind = named.kind;
    if (words.size() != 2 + named.node_words) {
      return fail(std::string("\"") + named.name + "\" takes " + std::to_string(named.node_words) +
                  (named.node_words == 1 ? " node" : " nodes"));
    }
    for (std::size_t i = 2; i < words.size(); ++i) {
      std::optional<NodeId> node = node_at(words[i]);
      if (!node) return fail("no node named \"" + words[i] + "\"");
      action.nodes.push_back(*node);
    }
    return action;
  }
  return fail("unknown action \"" + verb + "\"; expected " + kForms);
}

json user_action_fault(const UserAction& action) {
  json fault = json::object();
  fault["at"] = format_duration(action.at_us);
  using Kind = UserAction::Kind;
  switch (action.kind) {
    case Kind::crash: fault["crash"] = one_node(action); break;
    case Kind::restart: fault["restart"] = one_node(action); break;
    case Kind::pause: fault["pause"] = one_node(action); break;
    case Kind::resume: fault["resume"] = one_node(action); break;
    case Kind::isolate: fault["isolate"] = one_node(action); break;
    case Kind::partition: fault["partition"] = json::array({id_list(action.nodes)}); break;
    case Kind::heal: fault["heal"] = true; break;
    case Kind::slow_link: {
      json link = link_ends(action);
      link["latency"] = kSlowLinkLatency;
      fault["degrade"] = link;
      break;
    }
    case Kind::lossy_link: {
      json link = link_ends(action);
      link["loss"] = kLossyLinkLoss;
      fault["degrade"] = link;
      break;
    }
    case Kind::cut_one_way: {
      json cut = json::object();
      cut["from"] = action.nodes.empty() ? json(nullptr) : json(action.nodes[0]);
      cut["to"] = action.nodes.size() < 2 ? json(nullptr) : json(action.nodes[1]);
      fault["cut"] = cut;
      break;
    }
    case Kind::restore: fault["restore"] = true; break;
    case Kind::request: {
      json request = json::object();
      request["node"] = action.nodes.empty() ? json(nullptr) : json(action.nodes[0]);
      request["text"] = action.text;
      fault["request"] = request;
      break;
    }
  }
  return fault;
}

std::string describe_user_action(const UserAction& action, const std::vector<TraceNode>& nodes) {
  auto node = [&](std::size_t i) { return i < action.nodes.size() ? name_of(nodes, action.nodes[i]) : std::string("?"); };
  using Kind = UserAction::Kind;
  switch (action.kind) {
    case Kind::crash: return "crash " + node(0);
    case Kind::restart: return "restart " + node(0);
    case Kind::pause: return "pause " + node(0);
    case Kind::resume: return "resume " + node(0);
    case Kind::isolate: return "isolate " + node(0);
    case Kind::partition: {
      std::string group;
      for (std::size_t i = 0; i < action.nodes.size(); ++i) group += (i ? ", " : "") + node(i);
      return "partition {" + group + "} from the rest";
    }
    case Kind::heal: return "heal all partitions";
    case Kind::slow_link: return "slow link " + node(0) + "-" + node(1) + " (" + kSlowLinkLatency + ")";
    case Kind::lossy_link: return "lossy link " + node(0) + "-" + node(1) + " (30% loss)";
    case Kind::cut_one_way: return "cut " + node(0) + " -> " + node(1);
    case Kind::restore: return "restore all links";
    case Kind::request: return "request " + node(0) + ": " + action.text;
  }
  return "?";
}

}  // namespace dsim::viz
