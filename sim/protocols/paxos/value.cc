// Values and their encoding (value.h).
#include "sim/protocols/paxos/value.h"

namespace dsim::paxos {

Value Value::of_decree(std::string decree) {
  Value value;
  value.decree = std::move(decree);
  return value;
}

Value Value::of_command(kvservice::Command command, std::string client_name) {
  Value value;
  value.command = std::move(command);
  value.client = std::move(client_name);
  return value;
}

Value Value::noop() {
  Value value;
  value.command.op = "noop";
  return value;
}

void write_value(kvservice::ByteWriter& out, const Value& value) {
  out.string(value.decree);
  kvservice::write_command(out, value.command);
  out.string(value.client);
}

std::optional<Value> read_value(kvservice::ByteReader& in) {
  auto decree = in.string();
  if (!decree) return std::nullopt;
  auto command = kvservice::read_command(in);
  if (!command) return std::nullopt;
  auto client = in.string();
  if (!client) return std::nullopt;
  Value value;
  value.client = std::move(*client);
  value.decree = std::move(*decree);
  value.command = std::move(*command);
  return value;
}

}  // namespace dsim::paxos
