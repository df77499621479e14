// A trace as a ShiViz log (`dsim export shiviz`): ShiViz (Beschastnikh et al., "Debugging distributed
// systems", CACM 59(8), 2016; github.com/DistributedClocks/shiviz) draws a space-time diagram from
// any log whose entries are a line describing the event followed by a line `host {"host": n, ...}`
// holding the event's vector clock. Its default parser expression reads exactly that.
//
// The events are the trace's sends, deliveries and timer firings; their clocks are computed from the
// trace's send/deliver pairs and record order (trace_clocks.h), so any trace exports, with clocks
// or without; for a run that kept vector clocks they equal its stamped ones (the clock_order check). A host's own count rises by
// one per event from 1, as ShiViz expects of a host's successive events.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>

#include "sim/trace/trace_reader.h"

namespace dsim {

// ShiViz's default log-parsing expression (its input page, and the first line of an uploaded file
// when that line is left empty). The file `write_shiviz` writes starts with it.
inline constexpr const char* kShivizRegex = R"((?<event>.*)\n(?<host>\S*) (?<clock>{.*}))";

// A node's name as a ShiViz host: the name with any white space replaced by '_' (the expression's
// host is \S*).
std::string shiviz_host(const std::string& node_name);

// Writes the upload format: the expression on the first line, an empty second line (no
// multiple-execution delimiter), then two lines per event. Returns the number of events written.
std::size_t write_shiviz(const Trace& trace, std::ostream& out);

}  // namespace dsim
