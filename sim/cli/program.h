// How to write a dsim command that the user can paste back into the same shell: the program as
// they invoked it. `dsim` found on PATH prints "dsim ..."; `build/dsim` prints "build/dsim ...", so
// a replay line works whether or not dsim is on PATH (README.md says so).
#pragma once

#include <string>

namespace dsim::cli {

// Called once by main with argv[0].
void set_program_invocation(const std::string& argv0);
// "dsim", or the path it was invoked by ("build/dsim"), quoted for a POSIX shell when needed.
std::string program_command();
// The same for a program beside it: "dsim-viz", or "build/dsim-viz".
std::string sibling_program_command(const std::string& program);
// `word` quoted for a POSIX shell when it holds anything but plain characters.
std::string shell_quote(const std::string& word);

}  // namespace dsim::cli
