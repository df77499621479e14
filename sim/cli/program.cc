// The program's own name in printed commands (program.h).
#include "sim/cli/program.h"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace dsim::cli {
namespace {

std::string& invoked_as() {
  static std::string path = "dsim";
  return path;
}

}  // namespace

void set_program_invocation(const std::string& argv0) {
  // Without a slash the shell found it on PATH, and "dsim" finds it again.
  invoked_as() = argv0.find('/') == std::string::npos ? std::string("dsim") : argv0;
}

std::string program_command() { return shell_quote(invoked_as()); }

std::string sibling_program_command(const std::string& program) {
  const std::string& self = invoked_as();
  std::size_t slash = self.rfind('/');
  if (slash == std::string::npos) return program;
  return shell_quote(self.substr(0, slash + 1) + program);
}

std::string shell_quote(const std::string& word) {
  bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("/._-=:,+@").find(c) != std::string_view::npos;
  });
  if (plain) return word;
  std::string quoted = "'";
  for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

}  // namespace dsim::cli
