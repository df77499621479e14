// `dsim export shiviz TRACE --out FILE`: a saved trace in another tool's format (docs/cli.md).
#include <fstream>
#include <iostream>

#include "sim/cli/commands.h"
#include "sim/trace/shiviz.h"
#include "sim/trace/trace_reader.h"

namespace dsim::cli {

int export_command(const ExportCommand& command) {
  if (command.format != "shiviz") {
    std::cerr << "dsim export: unknown format \"" << command.format << "\"; the formats are: shiviz\n";
    return kExitBadInput;
  }
  try {
    Trace trace = read_trace_file(command.trace_path);
    std::ofstream out(command.out_path, std::ios::binary);
    if (!out) {
      std::cerr << "dsim export: " << command.out_path << ": cannot write there\n";
      return kExitBadInput;
    }
    std::size_t events = write_shiviz(trace, out);
    out.close();
    if (!out) {
      std::cerr << "dsim export: " << command.out_path << ": the write failed\n";
      return kExitBadInput;
    }
    std::cout << "Wrote " << events << " events of " << trace.header.nodes.size() << " hosts to " << command.out_path
              << (trace.truncated ? " (the trace is cut short: " + trace.warning + ")" : std::string()) << "\n"
              << "Open https://bestchai.bitbucket.io/shiviz/, choose the file to upload, and visualize; to paste "
                 "instead, paste from its third line and keep the default parser expression "
              << kShivizRegex << "\n";
  } catch (const TraceError& error) {
    std::cerr << "dsim: " << error.what() << "\n";
    return kExitBadInput;
  }
  return kExitPassed;
}

}  // namespace dsim::cli
