// A stored value and its version, as a leaderless store keeps them (DeCandia et al., "Dynamo:
// Amazon's Highly Available Key-value Store", SOSP 2007, §4.4 on versioning; §6 names
// timestamp-based "last write wins" reconciliation as an option). Here the version is the
// coordinator's clock reading when it took the write, with the coordinator's id to break ties:
// last-writer-wins. A skewed coordinator clock therefore gives a later write a smaller version,
// and the later write loses (the lost-write scenario shows it).
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

#include "sim/core/ids.h"
#include "sim/core/time.h"

namespace dsim::dynamo {

struct Version {
  TimeUs stamp = 0;          // the coordinator's clock when it accepted the write
  NodeId coordinator = 0;    // breaks ties between equal stamps, so versions are totally ordered

  auto operator<=>(const Version&) const = default;
  // "1.050000s@n1"-style text needs node names; this is the bare "1050000.1".
  std::string to_string() const;
};

// One version of one key: the client's value id ("c0-4") and its version.
struct Record {
  std::string value;
  Version version;

  bool operator==(const Record&) const = default;
  // "c0-4@1050000.1": how a record appears in the history, the traces and the checkers.
  std::string to_string() const;
};

// Reads "c0-4@1050000.1" back; nullopt for anything else (a value without '@', bad numbers).
std::optional<Record> parse_record(std::string_view text);

// The record a last-writer-wins replica keeps when it holds `held` and is sent `incoming`: the one
// with the greater version; `held` on a tie (the same write arriving twice).
const Record& last_writer_wins(const Record& held, const Record& incoming);

}  // namespace dsim::dynamo
