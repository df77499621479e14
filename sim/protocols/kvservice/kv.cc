// The key-value state machine and its byte encoding (see kv.h).
#include "sim/protocols/kvservice/kv.h"

#include <charconv>

namespace dsim::kvservice {

std::string Command::describe(std::string_view client_name) const {
  const OpKind kind = op_kind(op);
  if (kind == OpKind::noop) return "noop";
  // Appended into one buffer: Raft publishes this for every entry every server applies.
  std::string text;
  text.reserve(op.size() + key.size() + value.size() + expected.size() + client_name.size() + 32);
  text.append(op).append(" ").append(key);
  if (kind == OpKind::put || kind == OpKind::append) text.append("=").append(value);
  if (kind == OpKind::cas) text.append(" ").append(expected).append("->").append(value);
  // No client: the replicated service proposed it itself (a shard configuration), never a blank.
  text.append(" (").append(client_name.empty() ? std::string_view("service") : client_name).append(" #");
  char digits[24];
  auto [end, error] = std::to_chars(digits, digits + sizeof digits, sequence);
  text.append(digits, end).append(")");
  return text;
}

CommandResult KeyValueStore::apply(const Command& command) {
  const OpKind kind = op_kind(command.op);
  if (kind == OpKind::noop) return {};
  Session& session = sessions_[command.client];
  if (command.sequence <= session.last_sequence) {
    // A retry of something already executed (or an abandoned older request): never run twice.
    if (command.sequence == session.last_sequence) return session.last_result;
    return CommandResult{false, ""};
  }
  CommandResult result;
  if (kind == OpKind::get) {
    // A read changes nothing: no slot is made for an absent key.
    auto found = data_.find(command.key);
    if (found != data_.end()) result.value = found->second;
  } else {
    auto slot = data_.try_emplace(command.key).first;
    if (kind == OpKind::put) {
      slot->second = command.value;
    } else if (kind == OpKind::append) {
      slot->second += command.value;
    } else if (kind == OpKind::cas) {
      result.ok = slot->second == command.expected;
      if (result.ok) slot->second = command.value;
    }
    if (slot->second.empty()) data_.erase(slot);  // absent and "" read alike; keep snapshots small
  }
  session.last_sequence = command.sequence;
  session.last_result = result;
  return result;
}

std::optional<CommandResult> KeyValueStore::executed_result(NodeId client, std::uint64_t sequence) const {
  auto found = sessions_.find(client);
  if (found == sessions_.end() || found->second.last_sequence != sequence) return std::nullopt;
  return found->second.last_result;
}

std::uint64_t KeyValueStore::last_sequence(NodeId client) const {
  auto it = sessions_.find(client);
  return it == sessions_.end() ? 0 : it->second.last_sequence;
}

bool KeyValueStore::is_superseded(NodeId client, std::uint64_t sequence) const {
  auto found = sessions_.find(client);
  return found != sessions_.end() && sequence < found->second.last_sequence;
}

std::string KeyValueStore::encode() const {
  ByteWriter out;
  out.integer(static_cast<std::int64_t>(data_.size()));
  for (const auto& [key, value] : data_) {
    out.string(key);
    out.string(value);
  }
  out.integer(static_cast<std::int64_t>(sessions_.size()));
  for (const auto& [client, session] : sessions_) {
    out.integer(client);
    out.integer(static_cast<std::int64_t>(session.last_sequence));
    out.integer(session.last_result.ok ? 1 : 0);
    out.string(session.last_result.value);
  }
  return out.bytes();
}

std::optional<KeyValueStore> KeyValueStore::decode(std::string_view bytes) {
  KeyValueStore store;
  ByteReader in(bytes);
  auto keys = in.integer();
  if (!keys || *keys < 0) return std::nullopt;
  for (std::int64_t i = 0; i < *keys; ++i) {
    auto key = in.string();
    auto value = in.string();
    if (!key || !value) return std::nullopt;
    store.data_[*key] = *value;
  }
  auto sessions = in.integer();
  if (!sessions || *sessions < 0) return std::nullopt;
  for (std::int64_t i = 0; i < *sessions; ++i) {
    auto client = in.integer();
    auto sequence = in.integer();
    auto ok = in.integer();
    auto value = in.string();
    if (!client || !sequence || !ok || !value) return std::nullopt;
    Session& session = store.sessions_[static_cast<NodeId>(*client)];
    session.last_sequence = static_cast<std::uint64_t>(*sequence);
    session.last_result = CommandResult{*ok != 0, *value};
  }
  if (!in.done()) return std::nullopt;
  return store;
}

// Written with to_chars into the output (no temporary strings): a Raft server encodes every entry
// it appends, so this runs once per entry per server.
void ByteWriter::string(std::string_view text) {
  char length[24];
  auto [end, error] = std::to_chars(length, length + sizeof length, text.size());
  out_.append(length, end);
  out_ += ':';
  out_.append(text);
}

void ByteWriter::integer(std::int64_t value) {
  char digits[24];
  auto [end, error] = std::to_chars(digits, digits + sizeof digits, value);
  string(std::string_view(digits, static_cast<std::size_t>(end - digits)));
}

std::optional<std::string> ByteReader::string() {
  std::size_t colon = rest_.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::size_t length = 0;
  auto [end, error] = std::from_chars(rest_.data(), rest_.data() + colon, length);
  if (error != std::errc() || end != rest_.data() + colon || colon + 1 + length > rest_.size()) return std::nullopt;
  std::string text(rest_.substr(colon + 1, length));
  rest_.remove_prefix(colon + 1 + length);
  return text;
}

std::optional<std::int64_t> ByteReader::integer() {
  auto text = string();
  if (!text) return std::nullopt;
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size()) return std::nullopt;
  return value;
}

void write_command(ByteWriter& out, const Command& command) {
  out.string(command.op);
  out.string(command.key);
  out.string(command.value);
  out.string(command.expected);
  out.integer(command.client == kNoNode ? -1 : static_cast<std::int64_t>(command.client));
  out.integer(static_cast<std::int64_t>(command.sequence));
}

std::optional<Command> read_command(ByteReader& in) {
  Command command;
  auto op = in.string();
  auto key = in.string();
  auto value = in.string();
  auto expected = in.string();
  auto client = in.integer();
  auto sequence = in.integer();
  if (!op || !key || !value || !expected || !client || !sequence) return std::nullopt;
  command.op = *op;
  command.key = *key;
  command.value = *value;
  command.expected = *expected;
  command.client = *client < 0 ? kNoNode : static_cast<NodeId>(*client);
  command.sequence = static_cast<std::uint64_t>(*sequence);
  return command;
}

}  // namespace dsim::kvservice
