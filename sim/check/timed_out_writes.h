// Timed-out writes before the linearizability search. A client that gives up on a request records
// it as "info": it may have taken effect at any moment after its call, or never, so its return is
// at infinity (Jepsen/Knossos: an :info operation never completes; Porcupine: return time set to
// infinity). Left like that, each one doubles the configurations the search may meet for the rest
// of the history. Two reductions keep exactly the same verdict and remove almost all of them:
//
//   - dropped: a write whose effect no read and no cas could have seen. Take any linearization
//     that places it: the states it produced until the next overwrite hold its value where only it
//     could have put it, no read or cas in that stretch matched such a state, so removing it leaves
//     a linearization of the rest; and any linearization of the rest is one of the whole history
//     in which the write never happened.
//   - bounded: a write some completed read (or successful cas) could only have seen through this
//     very write (no other writes of the key can spell the value that read returned). Every
//     linearization places it before that observer, so it took effect by the observer's return:
//     that becomes its return, and the search treats it as an ordinary completed write.
//
// The rest (seen, perhaps, but maybe through another write with the same value) stay pending.
// A state is always one overwrite (a put, a cas, or the initial "") followed by appends, so "could
// have seen" and "only through" are decided by splitting the read value into the key's written
// values (a word-break check), allowing reuse, which errs towards keeping operations pending.
#pragma once

#include <cstddef>
#include <vector>

#include "sim/check/kv_model.h"

namespace dsim {

struct TimedOutWrites {
  std::size_t dropped = 0;  // no read or cas could have seen them: left out of the search
  std::size_t bounded = 0;  // took effect before their first sure observer returned
  std::size_t open = 0;     // still pending, their return at infinity
};

// Rewrites one key's operations in place (all of `operations` must share a key): removes the
// droppable pending writes and gives bounded ones their observer's return time. Pending gets and
// completed operations are left as they are.
TimedOutWrites resolve_timed_out_writes(std::vector<Operation>& operations);

}  // namespace dsim
