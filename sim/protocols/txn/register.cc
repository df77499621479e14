// Hands the transaction protocols to the registry (see register.h).
#include "sim/protocols/txn/register.h"

#include "sim/protocols/txn/flash_sale/register.h"
#include "sim/protocols/txn/hot_row/register.h"
#include "sim/protocols/txn/isolation/register.h"
#include "sim/protocols/txn/saga/register.h"
#include "sim/protocols/txn/two_phase_commit/register.h"
#include "sim/scenario/registry.h"

namespace dsim {

void register_txn(ProtocolRegistry& registry) {
  register_txn_isolation(registry);
  register_txn_flash_sale(registry);
  register_txn_hot_row(registry);
  register_txn_2pc(registry);
  register_txn_saga(registry);
  registry.retire("txn",
                  "write \"txn-isolation\" for a step-by-step script (a workload with \"steps\"), \"txn-flash-sale\" for a "
                  "flash sale (\"strategy\") or \"txn-hot-row\" for a hot row (\"hot_row\"); across databases, \"txn-2pc\" "
                  "and \"txn-saga\"");
}

}  // namespace dsim
