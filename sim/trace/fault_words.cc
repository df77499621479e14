// Fault records in words (fault_words.h).
#include "sim/trace/fault_words.h"

#include <cctype>

namespace dsim {
namespace {

std::string name_of(std::uint64_t id, const std::vector<std::string>& names) {
  if (id < names.size() && !names[id].empty()) return names[id];
  return "n" + std::to_string(id);
}

bool digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// The kinds that act on the nodes they list (the detail, if any, says how); the network's kinds
// name their nodes in the detail instead.
bool lists_its_nodes(std::string_view kind) {
  return kind == "crash" || kind == "restart" || kind == "pause" || kind == "resume" || kind == "clock" ||
         kind == "request" || kind == "isolate";
}

}  // namespace

std::string name_node_ids(std::string_view detail, const std::vector<std::string>& names) {
  std::string out;
  std::size_t i = 0;
  int braces = 0;
  while (i < detail.size()) {
    char c = detail[i];
    if (c == '{') ++braces;
    if (c == '}' && braces > 0) --braces;
    // A number starts a node id inside braces, or on either side of "->".
    bool starts_number = digit(c) && (i == 0 || !(std::isalnum(static_cast<unsigned char>(detail[i - 1])) ||
                                                   detail[i - 1] == '.' || detail[i - 1] == '_'));
    if (!starts_number) {
      out += c;
      ++i;
      continue;
    }
    std::size_t end = i;
    std::uint64_t id = 0;
    while (end < detail.size() && digit(detail[end]) && id < (1ULL << 40)) id = id * 10 + static_cast<std::uint64_t>(detail[end++] - '0');
    bool whole = end == detail.size() || !(std::isalnum(static_cast<unsigned char>(detail[end])) || detail[end] == '.');
    bool arrow_after = detail.substr(end, 2) == "->";
    bool arrow_before = i >= 2 && detail.substr(i - 2, 2) == "->";
    if (whole && (braces > 0 || arrow_after || arrow_before)) {
      out += name_of(id, names);
    } else {
      out.append(detail.substr(i, end - i));
    }
    i = end;
  }
  return out;
}

std::string fault_in_words(std::string_view kind, const std::vector<NodeId>& nodes, std::string_view detail,
                           const std::vector<std::string>& names) {
  std::string text(kind);
  if (!nodes.empty() && (lists_its_nodes(kind) || detail.empty())) {
    text += " ";
    for (std::size_t i = 0; i < nodes.size(); ++i) text += (i > 0 ? "," : "") + name_of(nodes[i], names);
  }
  if (!detail.empty()) text += " (" + name_node_ids(detail, names) + ")";
  return text;
}

}  // namespace dsim
