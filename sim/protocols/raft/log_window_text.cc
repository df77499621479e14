// The published log window as text (see log_window_text.h).
#include "sim/protocols/raft/log_window_text.h"

namespace dsim::raft {

void LogWindowText::drop_front(LogIndex start) {
  if (start == start_) return;
  // The text after '[' is "t,t,...,t]": the first kept entry follows the (start - start_)-th comma.
  LogIndex to_skip = start - start_;
  std::size_t at = 1;
  for (; to_skip > 0; ++at) {
    if (text_[at] == ',') --to_skip;
  }
  text_.erase(1, at - 1);
  start_ = start;
}

}  // namespace dsim::raft
