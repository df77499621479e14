// The published log window as JSON text ("[1,1,2,3]", view::kLog), kept up to date instead of
// rebuilt. A server republishes its window each time its log changes, which in a busy cluster is
// after most events; rebuilding the 200-entry text each time was the largest single cost of a Raft
// run (bench/README.md). When the log only grew at its end or was compacted at its front, the
// entries kept from the previous window are reused as text and only the new ones are written.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>

#include "sim/protocols/raft/messages.h"

namespace dsim::raft {

class LogWindowText {
 public:
  // Makes the text the terms of entries start..last (empty when last < start). `appended_only`:
  // no held entry's term changed since the previous call (no truncation, no snapshot replacing the
  // log), so the entries both windows share need not be read again.
  template <typename TermAt>
  void update(LogIndex start, LogIndex last, bool appended_only, TermAt term_at) {
    if (!appended_only || start < start_ || last < last_ || start > last_) {
      text_ = "[";
      start_ = start;
      last_ = start - 1;
    } else {
      drop_front(start);
      text_.pop_back();  // the ']'
    }
    for (LogIndex index = last_ + 1; index <= last; ++index) {
      if (text_.size() > 1) text_ += ',';
      char digits[24];
      auto written = std::to_chars(digits, digits + sizeof digits, term_at(index));
      text_.append(digits, written.ptr);
    }
    text_ += ']';
    last_ = last;
  }

  const std::string& text() const { return text_; }

 private:
  // Removes the entries before `start` (start_ <= start <= last_) from the front of the text.
  void drop_front(LogIndex start);

  std::string text_ = "[]";
  LogIndex start_ = 1;  // the index of the text's first entry
  LogIndex last_ = 0;   // the index of its last entry (start_ - 1 when empty)
};

}  // namespace dsim::raft
