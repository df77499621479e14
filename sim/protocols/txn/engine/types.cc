// Names, parsing and the predicate's evaluation for the transactional store's vocabulary.
#include "sim/protocols/txn/engine/types.h"

#include <algorithm>

namespace dsim::txn {

const char* flavour_name(Flavour flavour) {
  return flavour == Flavour::postgres ? "postgres" : "mysql";
}

const char* level_name(Level level) {
  switch (level) {
    case Level::read_uncommitted: return "read-uncommitted";
    case Level::read_committed: return "read-committed";
    case Level::repeatable_read: return "repeatable-read";
    case Level::serializable: return "serializable";
  }
  return "?";
}

std::optional<Flavour> parse_flavour(std::string_view text) {
  if (text == "postgres") return Flavour::postgres;
  if (text == "mysql") return Flavour::mysql;
  return std::nullopt;
}

std::optional<Level> parse_level(std::string_view text) {
  for (Level level : {Level::read_uncommitted, Level::read_committed, Level::repeatable_read, Level::serializable})
    if (text == level_name(level)) return level;
  return std::nullopt;
}

namespace {
bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}
}  // namespace

bool key_less(std::string_view a, std::string_view b) {
  if (all_digits(a) && all_digits(b) && a.size() != b.size()) return a.size() < b.size();
  return a < b;
}

std::string describe(const RowKey& row_key) { return row_key.table + "/" + row_key.key; }

bool Predicate::matches(const Row& row) const {
  auto found = row.find(column);
  if (found == row.end()) return false;
  std::int64_t x = found->second;
  if (mod && *mod != 0) x %= *mod;
  if (eq && !(x == *eq)) return false;
  if (ne && !(x != *ne)) return false;
  if (lt && !(x < *lt)) return false;
  if (le && !(x <= *le)) return false;
  if (gt && !(x > *gt)) return false;
  if (ge && !(x >= *ge)) return false;
  return true;
}

std::string Predicate::describe() const {
  if (empty()) return "true";
  std::string subject = column;
  if (mod) subject += " % " + std::to_string(*mod);
  std::string out;
  auto add = [&](const char* op, const std::optional<std::int64_t>& bound) {
    if (!bound) return;
    if (!out.empty()) out += " AND ";
    out += subject + " " + op + " " + std::to_string(*bound);
  };
  add("=", eq);
  add("<>", ne);
  add("<", lt);
  add("<=", le);
  add(">", gt);
  add(">=", ge);
  return out;
}

std::string describe(const Row& row) {
  std::string out = "{";
  for (const auto& [column, value] : row) {
    if (out.size() > 1) out += ", ";
    out += column + ": " + std::to_string(value);
  }
  return out + "}";
}

}  // namespace dsim::txn
