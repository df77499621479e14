// SQL text for statements and names for errors, used in every explanation a student reads.
#include "sim/protocols/txn/engine/statement.h"

namespace dsim::txn {

const char* error_kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::none: return "none";
    case ErrorKind::serialization_failure: return "serialization failure";
    case ErrorKind::deadlock: return "deadlock";
    case ErrorKind::lock_wait_timeout: return "lock wait timeout";
    case ErrorKind::duplicate_key: return "duplicate key";
    case ErrorKind::transaction_ended: return "transaction already ended";
  }
  return "?";
}

namespace {
std::string key_condition(const Statement& s) {
  std::string out;
  if (s.keys.size() == 1) {
    out = "id = " + s.keys.front();
  } else if (!s.keys.empty()) {
    out = "id IN (";
    for (std::size_t i = 0; i < s.keys.size(); ++i) out += (i ? ", " : "") + s.keys[i];
    out += ")";
  }
  if (s.where) out += (out.empty() ? "" : " AND ") + s.where->describe();
  return out.empty() ? "" : " WHERE " + out;
}
}  // namespace

std::string Statement::sql() const {
  switch (kind) {
    case StatementKind::select: {
      std::string out = "SELECT * FROM " + table + key_condition(*this);
      if (locking == LockingClause::for_share) out += " FOR SHARE";
      if (locking == LockingClause::for_update) out += " FOR UPDATE";
      return out;
    }
    case StatementKind::update: {
      std::string out = "UPDATE " + table + " SET ";
      for (std::size_t i = 0; i < set.size(); ++i) {
        const Assignment& a = set[i];
        out += (i ? ", " : "") + a.column + " = ";
        if (a.relative) out += a.column + (a.amount < 0 ? " - " + std::to_string(-a.amount) : " + " + std::to_string(a.amount));
        else out += std::to_string(a.amount);
      }
      return out + key_condition(*this);
    }
    case StatementKind::insert: {
      std::string columns = "id", values = keys.empty() ? "?" : keys.front();
      for (const auto& [column, value] : row) {
        columns += ", " + column;
        values += ", " + std::to_string(value);
      }
      return "INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ")";
    }
    case StatementKind::erase: return "DELETE FROM " + table + key_condition(*this);
    case StatementKind::commit: return "COMMIT";
    case StatementKind::rollback: return "ROLLBACK";
  }
  return "?";
}

}  // namespace dsim::txn
