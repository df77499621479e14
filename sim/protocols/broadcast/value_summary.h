// Value identities and the compact summary a server sends in an anti-entropy Digest.
//
// Every value is named by the client that invented it and that client's sequence number
// ("c0-17"). A summary stores, per client, the highest sequence number below which it holds
// everything, plus the few numbers it holds beyond that gap: a version vector with exceptions
// (Malkhi and Terry, "Concise version vectors in WinFS", 2005). Once servers converge there are no
// gaps, so a digest costs one number per client however many values have been broadcast.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace dsim::broadcast {

// One broadcast value: the client that invented it and that client's sequence number (from 1).
struct ValueId {
  std::uint32_t client = 0;
  std::uint64_t sequence = 0;

  auto operator<=>(const ValueId&) const = default;
  // "c0-17": how values appear in histories, traces and checker messages.
  std::string to_string() const;
};

// Reads "c0-17" back; nullopt for anything else.
std::optional<ValueId> parse_value_id(std::string_view text);

// The set of values one server holds, summarised per client as "everything up to N, plus these".
class ValueSummary {
 public:
  void add(const ValueId& value);
  bool contains(const ValueId& value) const;
  // Every value in the summary, ascending by (client, sequence).
  std::vector<ValueId> values() const;
  std::size_t size() const;
  // How many numbers the summary would take on the wire: per client, the contiguous bound plus
  // each exception. This, not the number of values, is what a Digest costs.
  std::size_t encoded_numbers() const;
  // "c0:1-17,19,22 c1:1-5" (empty when nothing is held), for traces.
  std::string describe() const;

 private:
  struct ClientSequences {
    std::uint64_t contiguous_through = 0;  // every sequence 1..contiguous_through is held
    std::set<std::uint64_t> beyond;         // held sequences above contiguous_through + 1
  };
  std::map<std::uint32_t, ClientSequences> clients_;
};

}  // namespace dsim::broadcast
