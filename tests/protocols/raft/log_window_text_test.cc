// Table tests of the published log window's text (sim/protocols/raft/log_window_text.h): kept up
// to date by appending and dropping, it must read exactly as the window rebuilt from scratch.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "sim/protocols/raft/log_window_text.h"

using namespace dsim;
using namespace dsim::raft;

TEST_CASE("the log window text follows appends, slides, compaction and rewrites") {
  std::map<LogIndex, Term> log;  // index -> term, what term_at reads
  auto term_at = [&](LogIndex index) { return log.at(index); };
  LogWindowText window;
  REQUIRE(window.text() == "[]");

  struct Step {
    std::map<LogIndex, Term> log;
    LogIndex start, last;
    bool appended_only;
    std::string text;
  };
  std::vector<Step> steps = {
      {{}, 1, 0, true, "[]"},                                              // empty log
      {{{1, 1}}, 1, 1, true, "[1]"},                                       // first entry
      {{{1, 1}, {2, 1}, {3, 2}}, 1, 3, true, "[1,1,2]"},                   // two appended
      {{{1, 1}, {2, 1}, {3, 2}, {4, 12}}, 2, 4, true, "[1,2,12]"},         // slid by one, one appended
      {{{1, 1}, {2, 1}, {3, 2}, {4, 12}, {5, 12}}, 4, 5, true, "[12,12]"}, // slid by two
      {{{4, 12}, {5, 12}}, 5, 5, true, "[12]"},                            // compaction alone
      {{{4, 12}, {5, 12}, {6, 13}, {7, 13}}, 7, 7, true, "[13]"},          // slid past everything shown
      {{{4, 12}, {5, 12}, {6, 14}}, 5, 6, false, "[12,14]"},               // truncated and rewritten
      {{{6, 14}}, 7, 6, false, "[]"},                                      // a snapshot replaced it all
      {{{6, 14}, {7, 15}, {8, 100000}}, 7, 8, true, "[15,100000]"},
  };
  for (std::size_t i = 0; i < steps.size(); ++i) {
    INFO("step " << i);
    log = steps[i].log;
    window.update(steps[i].start, steps[i].last, steps[i].appended_only, term_at);
    CHECK(window.text() == steps[i].text);
  }
}

TEST_CASE("a rewrite is never mistaken for an append: the shared entries are read again") {
  std::map<LogIndex, Term> log = {{1, 1}, {2, 1}, {3, 1}};
  auto term_at = [&](LogIndex index) { return log.at(index); };
  LogWindowText window;
  window.update(1, 3, true, term_at);
  REQUIRE(window.text() == "[1,1,1]");
  log = {{1, 1}, {2, 2}, {3, 2}};  // entries 2 and 3 replaced by a new leader's (§5.3)
  window.update(1, 3, false, term_at);
  CHECK(window.text() == "[1,2,2]");
}
