// Registers the "txn" protocol (transactions, isolation levels and their anomalies) and the
// cross-database "txn-2pc" and "txn-saga" with the scenario registry. The lead's
// register_builtin_protocols() calls this.
#pragma once

namespace dsim {
class ProtocolRegistry;
}

namespace dsim::txn {
void register_txn(ProtocolRegistry& registry);
}

namespace dsim {
using txn::register_txn;
}
