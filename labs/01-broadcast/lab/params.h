// Lab 1's parameters (given): what a test scenario's "params" may set for your server.
#pragma once

#include "sim/core/time.h"

namespace dsim::lab01 {

struct ServerParams {
  DurationUs retransmit_interval_us = 100 * kMillisecond;  // time between retransmission rounds
};

}  // namespace dsim::lab01
