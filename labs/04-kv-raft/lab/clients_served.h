// clients_served (lab 4): once the faults are over, the service answers. Every operation a client
// starts after the run's last fault (a crash, a restart, a partition, its heal...) must be answered
// (ok, or a cas that did not match) before the client's timeout, and every client must start at
// least one. Linearizability alone cannot say this: a service that never answers is trivially
// linearizable. Reads only the clients' history and the fault records.
#pragma once

#include <memory>
#include <string_view>

#include "sim/check/checker.h"

namespace dsim::lab04 {

inline constexpr std::string_view kCheckClientsServed = "clients_served";

std::unique_ptr<Checker> make_clients_served_checker();

}  // namespace dsim::lab04
