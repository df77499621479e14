// The tests, written as the JSON a scenario file holds. Values follow Hermitage's table
// test(id, value) = {1: 10, 2: 20}. Where a Hermitage test defines its anomaly only by a statement
// blocking (G0), the steps are reordered so that a real dirty write would leave a visible mix.
#include "sim/protocols/txn/classic_tests.h"

namespace dsim::txn {

namespace {

const char* const kSources[] = {
R"({"name": "g0", "title": "G0: dirty write", "anomaly": "G0",
 "summary": "T1 and T2 each update rows 1 and 2, in opposite orders. If T2 could overwrite T1's uncommitted row 1, the final state would mix the two transactions: row 1 from T2, row 2 from T1.",
 "steps": [
  {"t": 1, "do": "update", "key": 1, "set": {"value": 11}},
  {"t": 2, "do": "update", "key": 1, "set": {"value": 12}, "note": "a dirty write would succeed here"},
  {"t": 2, "do": "update", "key": 2, "set": {"value": 22}},
  {"t": 1, "do": "update", "key": 2, "set": {"value": 21}},
  {"t": 1, "do": "commit"},
  {"t": 2, "do": "commit"}],
 "anomaly_final": [{"key": 1, "column": "value", "eq": 12}, {"key": 2, "column": "value", "eq": 21}]})",

R"({"name": "g1a", "title": "G1a: aborted read", "anomaly": "G1a",
 "summary": "T1 writes 101 and rolls back. Does T2 ever see 101?",
 "steps": [
  {"t": 1, "do": "update", "key": 1, "set": {"value": 101}},
  {"t": 2, "do": "select", "expect": {"1": 10, "2": 20}, "anomaly_if": {"1": 101, "2": 20}},
  {"t": 1, "do": "rollback"},
  {"t": 2, "do": "select", "expect": {"1": 10, "2": 20}},
  {"t": 2, "do": "commit"}]})",

R"({"name": "g1b", "title": "G1b: intermediate read", "anomaly": "G1b",
 "summary": "T1 writes 101, then 11, then commits. Does T2 see the intermediate 101?",
 "steps": [
  {"t": 1, "do": "update", "key": 1, "set": {"value": 101}},
  {"t": 2, "do": "select", "expect": {"1": 10, "2": 20}, "anomaly_if": {"1": 101, "2": 20}},
  {"t": 1, "do": "update", "key": 1, "set": {"value": 11}},
  {"t": 1, "do": "commit"},
  {"t": 2, "do": "select", "expect": {"1": 11, "2": 20}},
  {"t": 2, "do": "commit"}]})",

R"({"name": "g1c", "title": "G1c: circular information flow", "anomaly": "G1c",
 "summary": "Each transaction reads the row the other has just written. If both see the other's uncommitted write, each depends on the other.",
 "steps": [
  {"t": 1, "do": "update", "key": 1, "set": {"value": 11}},
  {"t": 2, "do": "update", "key": 2, "set": {"value": 22}},
  {"t": 1, "do": "read", "key": 2, "expect": 20, "anomaly_if": 22},
  {"t": 2, "do": "read", "key": 1, "expect": 10, "anomaly_if": 11},
  {"t": 1, "do": "commit"},
  {"t": 2, "do": "commit"}]})",

R"({"name": "otv", "title": "OTV: observed transaction vanishes", "anomaly": "OTV",
 "summary": "T3 sees T1's row 1, then T2 overwrites both of T1's rows. If T3 then sees T2's uncommitted row 2, T1's row 2 has vanished while T1's row 1 is still in view.",
 "steps": [
  {"t": 1, "do": "update", "key": 1, "set": {"value": 11}},
  {"t": 1, "do": "update", "key": 2, "set": {"value": 19}},
  {"t": 2, "do": "update", "key": 1, "set": {"value": 12}},
  {"t": 1, "do": "commit"},
  {"t": 3, "do": "read", "key": 1, "expect": 11, "anomaly_if": 11},
  {"t": 2, "do": "update", "key": 2, "set": {"value": 18}},
  {"t": 3, "do": "read", "key": 2, "expect": 19, "anomaly_if": 18},
  {"t": 2, "do": "commit"},
  {"t": 3, "do": "read", "key": 2},
  {"t": 3, "do": "read", "key": 1},
  {"t": 3, "do": "commit"}],
 "anomaly_needs_commit": [3]})",

R"({"name": "pmp", "title": "PMP: predicate-many-preceders", "anomaly": "PMP",
 "summary": "T1 asks for rows with value 30 and finds none; T2 inserts one and commits; T1 asks again with a wider predicate. A phantom appears if T1 now sees it.",
 "steps": [
  {"t": 1, "do": "select", "where": {"column": "value", "eq": 30}, "expect": {}},
  {"t": 2, "do": "insert", "key": 3, "value": 30},
  {"t": 2, "do": "commit"},
  {"t": 1, "do": "select", "where": {"column": "value", "mod": 3, "eq": 0}, "expect": {}, "anomaly_if": {"3": 30}},
  {"t": 1, "do": "commit"}]})",

R"({"name": "pmp-write", "title": "PMP-write: predicate-many-preceders with a write", "anomaly": "PMP",
 "summary": "T1 adds 10 to every row; T2 deletes the rows with value 20. After T1 commits, T2 finds row 1 has value 20, as if its delete had never looked.",
 "steps": [
  {"t": 1, "do": "update", "set": {"value": {"add": 10}}},
  {"t": 2, "do": "delete", "where": {"column": "value", "eq": 20}},
  {"t": 1, "do": "commit"},
  {"t": 2, "do": "select", "where": {"column": "value", "eq": 20}, "anomaly_if": {"1": 20}},
  {"t": 2, "do": "commit"}]})",

R"({"name": "p4", "title": "P4: lost update", "anomaly": "P4",
 "summary": "Both transactions read 10 and write back what they read plus one. If both commit, one increment is lost.",
 "steps": [
  {"t": 1, "do": "read", "key": 1, "expect": 10, "anomaly_if": 10},
  {"t": 2, "do": "read", "key": 1, "expect": 10, "anomaly_if": 10},
  {"t": 1, "do": "update", "key": 1, "set": {"value": {"read": "value", "add": 1}}},
  {"t": 2, "do": "update", "key": 1, "set": {"value": {"read": "value", "add": 1}}},
  {"t": 1, "do": "commit"},
  {"t": 2, "do": "commit"}]})",

R"({"name": "g-single", "title": "G-single: read skew", "anomaly": "G-single",
 "summary": "T1 reads row 1; T2 moves value between rows 1 and 2 and commits; T1 reads row 2. Read skew if T1 sees the old row 1 with the new row 2.",
 "steps": [
  {"t": 1, "do": "read", "key": 1, "expect": 10},
  {"t": 2, "do": "read", "key": 1},
  {"t": 2, "do": "read", "key": 2},
  {"t": 2, "do": "update", "key": 1, "set": {"value": 12}},
  {"t": 2, "do": "update", "key": 2, "set": {"value": 18}},
  {"t": 2, "do": "commit"},
  {"t": 1, "do": "read", "key": 2, "expect": 20, "anomaly_if": 18},
  {"t": 1, "do": "commit"}]})",

R"({"name": "g-single-dependencies", "title": "G-single with predicate dependencies", "anomaly": "G-single",
 "summary": "T1 scans by one predicate, T2 changes a row and commits, T1 scans by another predicate and sees T2's change.",
 "steps": [
  {"t": 1, "do": "select", "where": {"column": "value", "mod": 5, "eq": 0}, "expect": {"1": 10, "2": 20}},
  {"t": 2, "do": "update", "where": {"column": "value", "eq": 10}, "set": {"value": 12}},
  {"t": 2, "do": "commit"},
  {"t": 1, "do": "select", "where": {"column": "value", "mod": 3, "eq": 0}, "expect": {}, "anomaly_if": {"1": 12}},
  {"t": 1, "do": "commit"}]})",

R"({"name": "g-single-write", "title": "G-single with a write", "anomaly": "G-single",
 "summary": "T1 read the old row 1; T2 changes both rows and commits; T1's DELETE ... WHERE value = 20 then acts on T2's row 2 (finding nothing) although T1 saw the state before T2.",
 "steps": [
  {"t": 1, "do": "read", "key": 1, "expect": 10, "anomaly_if": 10},
  {"t": 2, "do": "select"},
  {"t": 2, "do": "update", "key": 1, "set": {"value": 12}},
  {"t": 2, "do": "update", "key": 2, "set": {"value": 18}},
  {"t": 2, "do": "commit"},
  {"t": 1, "do": "delete", "where": {"column": "value", "eq": 20}, "anomaly_if": 0},
  {"t": 1, "do": "commit"}]})",

R"({"name": "g2-item", "title": "G2-item: write skew", "anomaly": "G2-item",
 "summary": "Both transactions read rows 1 and 2, then each updates a different row. Each decision rested on a row the other changed.",
 "steps": [
  {"t": 1, "do": "read", "keys": [1, 2], "anomaly_if": {"1": 10, "2": 20}},
  {"t": 2, "do": "read", "keys": [1, 2], "anomaly_if": {"1": 10, "2": 20}},
  {"t": 1, "do": "update", "key": 1, "set": {"value": 11}},
  {"t": 2, "do": "update", "key": 2, "set": {"value": 21}},
  {"t": 1, "do": "commit"},
  {"t": 2, "do": "commit"}]})",

R"({"name": "g2", "title": "G2: anti-dependency cycle on a predicate", "anomaly": "G2",
 "summary": "Both transactions find no row with value divisible by 3, then each inserts one. Each insert would have changed the other's query.",
 "steps": [
  {"t": 1, "do": "select", "where": {"column": "value", "mod": 3, "eq": 0}, "anomaly_if": {}},
  {"t": 2, "do": "select", "where": {"column": "value", "mod": 3, "eq": 0}, "anomaly_if": {}},
  {"t": 1, "do": "insert", "key": 3, "value": 30},
  {"t": 2, "do": "insert", "key": 4, "value": 42},
  {"t": 1, "do": "commit"},
  {"t": 2, "do": "commit"}]})",

R"({"name": "g2-two-edges", "title": "G2 with two anti-dependency edges and a read-only transaction", "anomaly": "G2-item",
 "summary": "T2 commits a change T1 did not see; read-only T3 sees T2's change but not T1's later write. T3's view fits no serial order.",
 "steps": [
  {"t": 1, "do": "select"},
  {"t": 2, "do": "update", "key": 2, "set": {"value": 25}},
  {"t": 2, "do": "commit"},
  {"t": 3, "do": "select", "anomaly_if": {"1": 10, "2": 25}},
  {"t": 3, "do": "commit"},
  {"t": 1, "do": "update", "key": 1, "set": {"value": 0}},
  {"t": 1, "do": "commit"}]})",

R"({"name": "seat-read-then-write", "title": "Last seat: read, then write", "anomaly": "oversell",
 "summary": "Two buyers read that one seat is left, each decrements the count it read and books a ticket.",
 "tables": {"event": {"e1": {"n": 1, "version": 1}}},
 "steps": [
  {"t": 1, "do": "read", "table": "event", "key": "e1", "column": "n", "expect": 1},
  {"t": 2, "do": "read", "table": "event", "key": "e1", "column": "n", "expect": 1},
  {"t": 1, "do": "update", "table": "event", "key": "e1", "if_read": {"column": "n", "ge": 1}, "set": {"n": {"read": "n", "add": -1}}},
  {"t": 2, "do": "update", "table": "event", "key": "e1", "if_read": {"column": "n", "ge": 1}, "set": {"n": {"read": "n", "add": -1}}},
  {"t": 1, "do": "insert", "table": "tickets", "key": "t1", "row": {"buyer": 1}},
  {"t": 1, "do": "commit"},
  {"t": 2, "do": "insert", "table": "tickets", "key": "t2", "row": {"buyer": 2}},
  {"t": 2, "do": "commit"}],
 "anomaly_final": [{"table": "tickets", "rows_gt": 1}]})",

R"({"name": "seat-atomic-update", "title": "Last seat: atomic conditional update", "anomaly": "oversell",
 "summary": "Each buyer runs UPDATE event SET n = n - 1 WHERE id = 'e1' AND n >= 1 and books only if a row changed.",
 "tables": {"event": {"e1": {"n": 1, "version": 1}}},
 "steps": [
  {"t": 1, "do": "update", "table": "event", "key": "e1", "where": {"column": "n", "ge": 1}, "set": {"n": {"add": -1}}, "on_none": "give_up"},
  {"t": 2, "do": "update", "table": "event", "key": "e1", "where": {"column": "n", "ge": 1}, "set": {"n": {"add": -1}}, "on_none": "give_up"},
  {"t": 1, "do": "insert", "table": "tickets", "key": "t1", "row": {"buyer": 1}},
  {"t": 1, "do": "commit"},
  {"t": 2, "do": "insert", "table": "tickets", "key": "t2", "row": {"buyer": 2}},
  {"t": 2, "do": "commit"}],
 "anomaly_final": [{"table": "tickets", "rows_gt": 1}]})",

R"({"name": "seat-for-update", "title": "Last seat: SELECT ... FOR UPDATE", "anomaly": "oversell",
 "summary": "Each buyer locks the event row before reading the count, so the second waits and then reads the first one's result.",
 "tables": {"event": {"e1": {"n": 1, "version": 1}}},
 "steps": [
  {"t": 1, "do": "read", "table": "event", "key": "e1", "for": "update", "column": "n"},
  {"t": 2, "do": "read", "table": "event", "key": "e1", "for": "update", "column": "n"},
  {"t": 1, "do": "update", "table": "event", "key": "e1", "if_read": {"column": "n", "ge": 1}, "set": {"n": {"read": "n", "add": -1}}},
  {"t": 1, "do": "insert", "table": "tickets", "key": "t1", "row": {"buyer": 1}},
  {"t": 1, "do": "commit"},
  {"t": 2, "do": "update", "table": "event", "key": "e1", "if_read": {"column": "n", "ge": 1}, "set": {"n": {"read": "n", "add": -1}}},
  {"t": 2, "do": "insert", "table": "tickets", "key": "t2", "row": {"buyer": 2}},
  {"t": 2, "do": "commit"}],
 "anomaly_final": [{"table": "tickets", "rows_gt": 1}]})",

R"({"name": "seat-optimistic", "title": "Last seat: optimistic version column, with retry", "anomaly": "oversell",
 "summary": "Each buyer reads the count and its version, then updates only if the version is unchanged; a buyer whose update changes nothing starts again.",
 "tables": {"event": {"e1": {"n": 1, "version": 1}}},
 "steps": [
  {"t": 1, "do": "read", "table": "event", "key": "e1", "column": "n"},
  {"t": 2, "do": "read", "table": "event", "key": "e1", "column": "n"},
  {"t": 1, "do": "update", "table": "event", "key": "e1", "if_read": {"column": "n", "ge": 1}, "where": {"column": "version", "eq": {"read": "version"}}, "set": {"n": {"read": "n", "add": -1}, "version": {"read": "version", "add": 1}}, "on_none": "retry"},
  {"t": 1, "do": "insert", "table": "tickets", "key": "t1", "row": {"buyer": 1}},
  {"t": 1, "do": "commit"},
  {"t": 2, "do": "update", "table": "event", "key": "e1", "if_read": {"column": "n", "ge": 1}, "where": {"column": "version", "eq": {"read": "version"}}, "set": {"n": {"read": "n", "add": -1}, "version": {"read": "version", "add": 1}}, "on_none": "retry"},
  {"t": 2, "do": "insert", "table": "tickets", "key": "t2", "row": {"buyer": 2}},
  {"t": 2, "do": "commit"}],
 "retry": [1, 2],
 "anomaly_final": [{"table": "tickets", "rows_gt": 1}]})",

R"({"name": "seat-serializable-retry", "title": "Last seat: read then write, retrying on errors", "anomaly": "oversell",
 "summary": "The read-then-write buyer again, but a buyer whose transaction fails starts it again from the top (the pattern serializable isolation asks for).",
 "tables": {"event": {"e1": {"n": 1, "version": 1}}},
 "steps": [
  {"t": 1, "do": "read", "table": "event", "key": "e1", "column": "n"},
  {"t": 2, "do": "read", "table": "event", "key": "e1", "column": "n"},
  {"t": 1, "do": "update", "table": "event", "key": "e1", "if_read": {"column": "n", "ge": 1}, "set": {"n": {"read": "n", "add": -1}}},
  {"t": 2, "do": "update", "table": "event", "key": "e1", "if_read": {"column": "n", "ge": 1}, "set": {"n": {"read": "n", "add": -1}}},
  {"t": 1, "do": "insert", "table": "tickets", "key": "t1", "row": {"buyer": 1}},
  {"t": 1, "do": "commit"},
  {"t": 2, "do": "insert", "table": "tickets", "key": "t2", "row": {"buyer": 2}},
  {"t": 2, "do": "commit"}],
 "retry": [1, 2],
 "anomaly_final": [{"table": "tickets", "rows_gt": 1}]})",

R"({"name": "transfer-deadlock", "title": "Bank transfers in opposite lock order", "anomaly": "money lost",
 "summary": "T1 moves 10 from a to b while T2 moves 20 from b to a, each locking its source first: a deadlock. The victim retries.",
 "tables": {"accounts": {"a": {"balance": 100}, "b": {"balance": 100}}},
 "steps": [
  {"t": 1, "do": "update", "table": "accounts", "key": "a", "set": {"balance": {"add": -10}}},
  {"t": 2, "do": "update", "table": "accounts", "key": "b", "set": {"balance": {"add": -20}}},
  {"t": 1, "do": "update", "table": "accounts", "key": "b", "set": {"balance": {"add": 10}}},
  {"t": 2, "do": "update", "table": "accounts", "key": "a", "set": {"balance": {"add": 20}}},
  {"t": 1, "do": "commit"},
  {"t": 2, "do": "commit"}],
 "retry": [1, 2],
 "anomaly_needs_commit": [],
 "anomaly_final": [{"table": "accounts", "key": "a", "column": "balance", "ne": 110}]})",

R"({"name": "transfer-ordered", "title": "Bank transfers locking in key order", "anomaly": "money lost",
 "summary": "The same transfers, but each locks account a before b, so the second simply waits: no deadlock.",
 "tables": {"accounts": {"a": {"balance": 100}, "b": {"balance": 100}}},
 "steps": [
  {"t": 1, "do": "update", "table": "accounts", "key": "a", "set": {"balance": {"add": -10}}},
  {"t": 2, "do": "update", "table": "accounts", "key": "a", "set": {"balance": {"add": 20}}},
  {"t": 1, "do": "update", "table": "accounts", "key": "b", "set": {"balance": {"add": 10}}},
  {"t": 2, "do": "update", "table": "accounts", "key": "b", "set": {"balance": {"add": -20}}},
  {"t": 1, "do": "commit"},
  {"t": 2, "do": "commit"}],
 "retry": [1, 2],
 "anomaly_needs_commit": [],
 "anomaly_final": [{"table": "accounts", "key": "a", "column": "balance", "ne": 110}]})",

R"({"name": "aba-value-check", "title": "ABA: an optimistic check on a value that came back", "anomaly": "ABA",
 "summary": "Reviews update a restaurant's average (in tenths of a star) and count with an optimistic check on the average: UPDATE ... WHERE avg_rating = <the average read>. While T1 writes its review, T2's review moves the average from 4.0 to 4.1 and T3's moves it back to 4.0: A, B, A. T1's check still matches, so it writes the count it computed from its stale read and two reviews vanish from the count.",
 "tables": {"restaurants": {"pizza_palace": {"avg_rating": 40, "review_count": 10}}},
 "steps": [
  {"t": 1, "do": "read", "table": "restaurants", "key": "pizza_palace", "column": "avg_rating", "note": "T1 starts a 5-star review: it reads avg_rating 40 (4.0 stars, kept in tenths) over review_count 10, and will write 41 over 11"},
  {"t": 2, "do": "read", "table": "restaurants", "key": "pizza_palace", "column": "avg_rating"},
  {"t": 2, "do": "update", "table": "restaurants", "key": "pizza_palace", "where": {"column": "avg_rating", "eq": {"read": "avg_rating"}}, "set": {"avg_rating": {"read": "avg_rating", "add": 1}, "review_count": {"read": "review_count", "add": 1}}, "on_none": "retry", "note": "T2's 5-star review: (4.0 x 10 + 5) / 11 = 4.1, so avg_rating 41 over 11 reviews"},
  {"t": 2, "do": "insert", "table": "reviews", "key": "r2", "row": {"stars": 5}},
  {"t": 2, "do": "commit"},
  {"t": 3, "do": "read", "table": "restaurants", "key": "pizza_palace", "column": "avg_rating"},
  {"t": 3, "do": "update", "table": "restaurants", "key": "pizza_palace", "where": {"column": "avg_rating", "eq": {"read": "avg_rating"}}, "set": {"avg_rating": {"read": "avg_rating", "add": -1}, "review_count": {"read": "review_count", "add": 1}}, "on_none": "retry", "note": "T3's 3-star review: (4.1 x 11 + 3) / 12 = 4.0, so avg_rating is back to 40, over 12 reviews"},
  {"t": 3, "do": "insert", "table": "reviews", "key": "r3", "row": {"stars": 3}},
  {"t": 3, "do": "commit"},
  {"t": 1, "do": "update", "table": "restaurants", "key": "pizza_palace", "where": {"column": "avg_rating", "eq": {"read": "avg_rating"}}, "set": {"avg_rating": {"read": "avg_rating", "add": 1}, "review_count": {"read": "review_count", "add": 1}}, "on_none": "retry", "note": "T1 checks only the value: avg_rating is 40 again (A, B, A), so the check passes although two reviews came in between, and T1 writes review_count 11 over the 12 already counted"},
  {"t": 1, "do": "insert", "table": "reviews", "key": "r1", "row": {"stars": 5}},
  {"t": 1, "do": "commit"}],
 "retry": [1],
 "anomaly_final": [{"table": "restaurants", "key": "pizza_palace", "column": "review_count", "lt": 13}]})",

R"({"name": "aba-count-check", "title": "ABA cured: the optimistic check on a column that always changes", "anomaly": "ABA",
 "summary": "The same reviews and the same interleaving, but the optimistic check is on review_count, which every review increments: UPDATE ... WHERE review_count = <the count read>. The average came back to 4.0, the count did not, so T1's update matches no row; T1 reads again, recomputes and succeeds.",
 "tables": {"restaurants": {"pizza_palace": {"avg_rating": 40, "review_count": 10}}},
 "steps": [
  {"t": 1, "do": "read", "table": "restaurants", "key": "pizza_palace", "column": "review_count", "note": "T1 starts a 5-star review: it reads review_count 10 (with avg_rating 40, 4.0 stars kept in tenths), and will write 41 over 11"},
  {"t": 2, "do": "read", "table": "restaurants", "key": "pizza_palace", "column": "review_count"},
  {"t": 2, "do": "update", "table": "restaurants", "key": "pizza_palace", "where": {"column": "review_count", "eq": {"read": "review_count"}}, "set": {"avg_rating": {"read": "avg_rating", "add": 1}, "review_count": {"read": "review_count", "add": 1}}, "on_none": "retry", "note": "T2's 5-star review: (4.0 x 10 + 5) / 11 = 4.1, so avg_rating 41 over 11 reviews"},
  {"t": 2, "do": "insert", "table": "reviews", "key": "r2", "row": {"stars": 5}},
  {"t": 2, "do": "commit"},
  {"t": 3, "do": "read", "table": "restaurants", "key": "pizza_palace", "column": "review_count"},
  {"t": 3, "do": "update", "table": "restaurants", "key": "pizza_palace", "where": {"column": "review_count", "eq": {"read": "review_count"}}, "set": {"avg_rating": {"read": "avg_rating", "add": -1}, "review_count": {"read": "review_count", "add": 1}}, "on_none": "retry", "note": "T3's 3-star review: (4.1 x 11 + 3) / 12 = 4.0, so avg_rating is back to 40, over 12 reviews"},
  {"t": 3, "do": "insert", "table": "reviews", "key": "r3", "row": {"stars": 3}},
  {"t": 3, "do": "commit"},
  {"t": 1, "do": "update", "table": "restaurants", "key": "pizza_palace", "where": {"column": "review_count", "eq": {"read": "review_count"}}, "set": {"avg_rating": {"read": "avg_rating", "add": 1}, "review_count": {"read": "review_count", "add": 1}}, "on_none": "retry", "note": "T1's check compares review_count with the 10 it read; after T2 and T3 it is 12, so no row matches and T1 starts again"},
  {"t": 1, "do": "insert", "table": "reviews", "key": "r1", "row": {"stars": 5}},
  {"t": 1, "do": "commit"}],
 "retry": [1],
 "anomaly_final": [{"table": "restaurants", "key": "pizza_palace", "column": "review_count", "lt": 13}]})",
};

}  // namespace

const std::vector<nlohmann::json>& classic_test_sources() {
  static const std::vector<nlohmann::json> sources = [] {
    std::vector<nlohmann::json> out;
    for (const char* text : kSources) out.push_back(nlohmann::json::parse(text));
    return out;
  }();
  return sources;
}

const std::vector<InterleavingTest>& classic_tests() {
  static const std::vector<InterleavingTest> tests = [] {
    std::vector<InterleavingTest> out;
    for (const nlohmann::json& source : classic_test_sources()) out.push_back(parse_interleaving(source));
    return out;
  }();
  return tests;
}

const InterleavingTest* find_classic_test(std::string_view name) {
  for (const InterleavingTest& test : classic_tests())
    if (test.name == name) return &test;
  return nullptr;
}

}  // namespace dsim::txn
