#!/usr/bin/python3
"""Runs dsim's step-by-step isolation tests against a real PostgreSQL or MariaDB/MySQL server and
compares every cell with `dsim txn-matrix --json`.

A verification tool, not part of the build or of the tests: it needs a running server and Debian's
python3-psycopg2 / python3-pymysql (run it with /usr/bin/python3). See README.md for the set-up.

What it does, for each scenarios/txn/*.json whose "protocol" is "txn-isolation" and each isolation level:

  1. drops and re-creates the tables the workload uses (from "tables", or Hermitage's
     test(id, value) = {1: 10, 2: 20}) and loads the initial rows;
  2. opens one connection per transaction (T1, T2, ...) and runs the steps in the file's order,
     each statement in that connection's worker thread. A statement that has not returned after
     BLOCK_SECONDS is *blocked*; the next steps go on, and a step of a transaction whose connection
     is busy is queued behind it and issued as soon as the blocked statement returns, exactly as
     dsim's interleaving runner does (sim/protocols/txn/isolation/interleaving_runner.cc);
  3. on an error (40001 / 40P01 / 55P03 / 23505 in PostgreSQL, 1213 / 1205 / 1062 / 1020 in
     MariaDB) rolls the whole transaction back, as dsim's engine does; transactions listed under
     "retry" then run their whole script again, alone, after the others (at most 3 attempts);
  4. judges the cell with dsim's rules (judge_anomaly, isolation/judgement.cc): `allowed` when every step with
     "anomaly_if" (its first attempt) returned exactly that value, every transaction that must
     commit did ("anomaly_needs_commit", by default every transaction with a COMMIT step) and every
     "anomaly_final" condition holds on the committed rows, and for "anomaly_observed_vanishes"
     (OTV as Hermitage counts it) one of the reader's reads returned a row older than a version
     written by a committed transaction it had already seen; otherwise by the first error
     (`abort-at-commit` if it came at COMMIT, `wait-abort` if the statement had blocked first,
     `abort`), else `block` if any statement blocked, else `nowait`.

Statement mapping (step "do" -> SQL; `id` is the primary key, every other column an integer):

  read   {key}            SELECT * FROM t WHERE id = k                      (result: the row's "column")
  read   {keys}           SELECT * FROM t WHERE id IN (k1, k2)   (result: {key: column})
  read   {"for": ...}     ... FOR UPDATE / FOR SHARE (MariaDB: LOCK IN SHARE MODE)
  select [where]          SELECT * FROM t [WHERE pred]   (a scan; no ORDER BY, see Cell.sql)
  update {key, where}     UPDATE t SET c = v | c = c + a WHERE id = k [AND pred]   (result: rows matched)
  update {where}          UPDATE t SET ... [WHERE pred]
  update {"read": c}      the value is computed here from this transaction's last read of the row,
                          as the application in the test would (the root of a lost update)
  insert                  INSERT INTO t (id, c...) VALUES (k, v...)
  delete {where}          DELETE FROM t [WHERE id = k AND] [pred]
  commit / rollback       COMMIT / ROLLBACK
  pred                    c [% m] = / <> / < / <= / > / >= b, ANDed

  "if_read" (give up unless the last read matches) and "on_none" (an UPDATE that matched no row:
  give up or retry) are application logic, run here as in dsim: a ROLLBACK, no SQL condition.
  Transactions begin with BEGIN ISOLATION LEVEL ... (PostgreSQL) or SET TRANSACTION ISOLATION
  LEVEL ...; START TRANSACTION (MariaDB) right before their first statement, on autocommit
  connections. MariaDB connections report matched rows (CLIENT.FOUND_ROWS), as dsim counts them.
"""

import argparse
import csv
import datetime
import glob
import json
import os
import queue
import subprocess
import sys
import threading
import time

BLOCK_SECONDS = 0.3   # a statement still running after this is blocked on a lock
SETTLE_SECONDS = 0.3  # after each step, how long to wait for blocked statements to return
END_WAIT_SECONDS = 8  # after the last step: long enough for PostgreSQL's 1 s deadlock_timeout
MYSQL_LOCK_WAIT_TIMEOUT = 20  # innodb_lock_wait_timeout for the run (default 50 s; only speeds up)
MAX_ATTEMPTS = 3      # InterleavingOptions::max_attempts

LEVELS = ["read-uncommitted", "read-committed", "repeatable-read", "serializable"]
ABBREVIATION = {"read-uncommitted": "RU", "read-committed": "RC", "repeatable-read": "RR", "serializable": "SR"}
HERMITAGE_TABLE = {"test": {"1": {"value": 10}, "2": {"value": 20}}}


# ---- the test, as data -------------------------------------------------------------------------

def load_tests(scenario_dir):
    """The scripts of the txn-isolation scenarios, in the order of the files' names: [(workload json), ...]."""
    tests = []
    for path in sorted(glob.glob(os.path.join(scenario_dir, "*.json"))):
        with open(path) as file:
            scenario = json.load(file)
        if scenario.get("protocol") == "txn-isolation":
            tests.append(scenario["workload"])
    return tests


def is_integer_key(key):
    return isinstance(key, int) or (isinstance(key, str) and key.lstrip("-").isdigit())


def schema(test):
    """{table: (integer_keys, [columns], {key: row})} for every table the test touches."""
    initial = test.get("tables", HERMITAGE_TABLE)
    tables = {}

    def table(name):
        return tables.setdefault(name, {"keys": [], "columns": [], "rows": {}})

    def column(name, col):
        if col not in table(name)["columns"]:
            table(name)["columns"].append(col)

    for name, rows in initial.items():
        for key, row in rows.items():
            table(name)["keys"].append(key)
            table(name)["rows"][str(key)] = row
            for col in row:
                column(name, col)
    for step in test["steps"]:
        if step["do"] in ("commit", "rollback", "begin"):
            continue
        name = step.get("table", "test")
        t = table(name)
        t["keys"] += [step["key"]] if "key" in step else list(step.get("keys", []))
        for col in step.get("set", {}):
            column(name, col)
        if "where" in step:
            column(name, step["where"].get("column", "value"))
        if step["do"] == "insert":
            for col in step.get("row", {"value": 0}):
                column(name, col)
    return {name: (all(is_integer_key(k) for k in t["keys"]), t["columns"], t["rows"]) for name, t in tables.items()}


def predicate_holds(predicate, row):
    """types.cc Predicate::matches: a row without the column never matches."""
    col = predicate.get("column", "value")
    if col not in row or row[col] is None:
        return False
    value = row[col] % predicate["mod"] if "mod" in predicate else row[col]
    checks = {"eq": value.__eq__, "ne": value.__ne__, "lt": value.__lt__, "le": value.__le__, "gt": value.__gt__, "ge": value.__ge__}
    return all(checks[op](bound) for op, bound in predicate.items() if op in checks and isinstance(bound, int))


# ---- the two dialects --------------------------------------------------------------------------

class Dialect:
    def __init__(self, args):
        self.args = args

    def quote(self, name):
        return '"%s"' % name if self.name == "postgres" else "`%s`" % name

    def literal(self, table_info, key):
        return str(int(key)) if table_info[0] else "'%s'" % str(key).replace("'", "''")

    def create_tables(self, conn, tables):
        cur = conn.cursor()
        for name, (integer_keys, columns, rows) in tables.items():
            cur.execute("DROP TABLE IF EXISTS %s" % self.quote(name))
            key_type = "INT" if integer_keys else "VARCHAR(32)"
            cols = "".join(", %s BIGINT" % self.quote(c) for c in columns)
            cur.execute("CREATE TABLE %s (id %s PRIMARY KEY%s)%s" % (self.quote(name), key_type, cols, self.table_suffix))
            for key, row in rows.items():
                names = ", ".join(["id"] + [self.quote(c) for c in row])
                values = ", ".join([self.literal(tables[name], key)] + [str(v) for v in row.values()])
                cur.execute("INSERT INTO %s (%s) VALUES (%s)" % (self.quote(name), names, values))
        cur.close()

    def committed_state(self, conn, tables):
        state = {}
        cur = conn.cursor()
        for name, (_, columns, _) in tables.items():
            cur.execute("SELECT * FROM %s ORDER BY id" % self.quote(name))
            names = [d[0] for d in cur.description]
            for values in cur.fetchall():
                row = dict(zip(names, values))
                key = str(row.pop("id"))
                state[(name, key)] = {c: v for c, v in row.items() if v is not None}
        cur.close()
        return state


class Postgres(Dialect):
    name = "postgres"
    table_suffix = ""

    def connect(self):
        import psycopg2
        conn = psycopg2.connect(host=self.args.host, port=self.args.pg_port, user=self.args.user,
                                password=self.args.password, dbname=self.args.database)
        conn.autocommit = True
        return conn

    def begin(self, level):
        return ["BEGIN ISOLATION LEVEL " + level.replace("-", " ").upper()]

    def share_clause(self):
        return " FOR SHARE"

    def error_kind(self, error):
        code = getattr(error, "pgcode", None)
        return {"40001": "serialization failure", "40P01": "deadlock", "55P03": "lock wait timeout",
                "23505": "duplicate key"}.get(code, "other error %s" % code)

    def cancel(self, conn):
        conn.cancel()

    def describe_server(self, conn):
        cur = conn.cursor()
        settings = {}
        for setting in ("server_version", "deadlock_timeout", "lock_timeout", "default_transaction_isolation",
                        "max_pred_locks_per_transaction"):
            cur.execute("SHOW " + setting)
            settings[setting] = cur.fetchone()[0]
        cur.close()
        return "PostgreSQL " + settings["server_version"], settings


class MariaDB(Dialect):
    name = "mysql"
    table_suffix = " ENGINE=InnoDB"

    def connect(self):
        import pymysql
        conn = pymysql.connect(host=self.args.host, port=self.args.mysql_port, user=self.args.user,
                               password=self.args.password, database=self.args.database, autocommit=True,
                               client_flag=pymysql.constants.CLIENT.FOUND_ROWS)
        cur = conn.cursor()
        cur.execute("SET SESSION innodb_lock_wait_timeout = %d" % MYSQL_LOCK_WAIT_TIMEOUT)
        if self.args.snapshot_isolation is not None:
            cur.execute("SET SESSION innodb_snapshot_isolation = %s" % ("ON" if self.args.snapshot_isolation else "OFF"))
        cur.close()
        return conn

    def begin(self, level):
        return ["SET TRANSACTION ISOLATION LEVEL " + level.replace("-", " ").upper(), "START TRANSACTION"]

    def share_clause(self):
        return " LOCK IN SHARE MODE"

    def error_kind(self, error):
        code = error.args[0] if error.args else None
        return {1213: "deadlock", 1205: "lock wait timeout", 1062: "duplicate key",
                1020: "serialization failure"}.get(code, "other error %s" % code)

    def cancel(self, conn):
        killer = self.connect()
        killer.cursor().execute("KILL QUERY %d" % conn.thread_id())
        killer.close()

    def describe_server(self, conn):
        cur = conn.cursor()
        settings = {}
        for setting in ("version", "innodb_snapshot_isolation", "innodb_lock_wait_timeout", "innodb_deadlock_detect",
                        "innodb_rollback_on_timeout", "tx_isolation"):
            cur.execute("SHOW SESSION VARIABLES LIKE %s", (setting,))
            found = cur.fetchone()
            settings[setting] = found[1] if found else "(absent)"
        cur.close()
        return "MariaDB " + settings["version"], settings


# ---- one cell ----------------------------------------------------------------------------------

class Task:
    """One statement sent to a connection's worker."""

    def __init__(self, run, record, sqls, notify):
        self.run, self.record, self.sqls, self.notify = run, record, sqls, notify
        self.rows = None
        self.columns = None
        self.rowcount = None
        self.error = None
        self.done = threading.Event()


class Session:
    """A connection and the thread that runs its statements, so that a blocked one can be waited out."""

    def __init__(self, dialect, completions):
        self.dialect = dialect
        self.conn = dialect.connect()
        self.completions = completions
        self.tasks = queue.Queue()
        self.thread = threading.Thread(target=self.work, daemon=True)
        self.thread.start()

    def work(self):
        while True:
            task = self.tasks.get()
            if task is None:
                return
            try:
                cur = self.conn.cursor()
                for sql in task.sqls:
                    cur.execute(sql)
                task.rowcount = cur.rowcount
                if cur.description:
                    task.columns = [d[0] for d in cur.description]
                    task.rows = cur.fetchall()
                cur.close()
            except Exception as error:  # the database's error is the result
                task.error = error
            if task.notify:  # queued before `done` is set, so a waiter that sees `done` finds it queued
                self.completions.put(task)
            task.done.set()

    def submit(self, task):
        self.tasks.put(task)

    def run_now(self, sqls):
        task = Task(None, None, sqls, notify=False)
        self.submit(task)
        task.done.wait(END_WAIT_SECONDS)
        return task

    def close(self):
        self.tasks.put(None)
        try:
            self.conn.close()
        except Exception:
            pass


class Cell:
    """Runs one test at one level, as InterleavingRunner does, and judges it."""

    def __init__(self, dialect, test, level):
        self.dialect, self.test, self.level = dialect, test, level
        self.tables = schema(test)
        self.completions = queue.Queue()
        self.records = []
        self.runs = {}
        self.first_error = None
        self.log = []
        self.t0 = time.monotonic()

    # -- statements --

    def sql(self, step, last_reads):
        """The step's SQL with values from the last reads filled in (resolve_step), and its shape."""
        if step["do"] in ("commit", "rollback"):
            return step["do"].upper()
        q = self.dialect.quote
        name = step.get("table", "test")
        info = self.tables[name]
        keys = [step["key"]] if "key" in step else list(step.get("keys", []))

        def from_read(value):
            if isinstance(value, dict) and "read" in value:
                row = last_reads.get((name, str(keys[0]))) if keys else None
                base = row.get(value["read"]) if row else None
                return None if base is None else base + value.get("add", 0)
            return value

        def condition():
            parts = []
            if len(keys) == 1:
                parts.append("id = " + self.dialect.literal(info, keys[0]))
            elif keys:
                parts.append("id IN (%s)" % ", ".join(self.dialect.literal(info, k) for k in keys))
            where = step.get("where")
            if where:
                col = q(where.get("column", "value"))
                if "mod" in where:
                    col = "%s %% %d" % (col, where["mod"])
                for op, sym in (("eq", "="), ("ne", "<>"), ("lt", "<"), ("le", "<="), ("gt", ">"), ("ge", ">=")):
                    if op in where:
                        parts.append("%s %s %s" % (col, sym, from_read(where[op])))
            return " WHERE " + " AND ".join(parts) if parts else ""

        do = step["do"]
        if do in ("read", "select"):
            # No ORDER BY: it could turn PostgreSQL's sequential scan into an index scan, which takes
            # other SIREAD locks than Hermitage's queries did. Rows are sorted here instead.
            text = "SELECT * FROM %s%s" % (q(name), condition())
            if step.get("for") == "update":
                text += " FOR UPDATE"
            elif step.get("for") == "share":
                text += self.dialect.share_clause()
            return text
        if do == "update":
            assignments = []
            for col, value in step["set"].items():
                if isinstance(value, dict) and "read" not in value:
                    amount = value["add"]
                    assignments.append("%s = %s %s %d" % (q(col), q(col), "-" if amount < 0 else "+", abs(amount)))
                else:
                    assignments.append("%s = %s" % (q(col), from_read(value)))
            return "UPDATE %s SET %s%s" % (q(name), ", ".join(assignments), condition())
        if do == "insert":
            row = step.get("row", {"value": step.get("value")})
            return "INSERT INTO %s (%s) VALUES (%s)" % (
                q(name), ", ".join(["id"] + [q(c) for c in row]),
                ", ".join([self.dialect.literal(info, keys[0])] + [str(v) for v in row.values()]))
        if do == "delete":
            return "DELETE FROM %s%s" % (q(name), condition())
        raise ValueError("unknown step %r" % do)

    # -- the clock: steps, blocked statements, completions --

    def say(self, text):
        self.log.append("[%6.3fs] %s" % (time.monotonic() - self.t0, text))

    def offer(self, index):
        step = self.test["steps"][index]
        run = self.runs[step["t"]]
        if run["busy"]:
            run["queued"].append(index)
            self.say("%s: queued behind its blocked statement" % run["label"])
            return
        self.issue(run, index)

    def issue(self, run, index):
        step = self.test["steps"][index]
        record = {"step": index, "txn": run["label"], "sql": "", "status": "done", "result": None,
                  "waited": False, "error": None, "at_commit": False, "text": ""}
        self.records.append(record)
        if run["finished"]:
            record.update(status="skipped", sql=step["do"].upper(), text="skipped: %s %s" % (run["label"], run["fate"]))
            self.say("%s: %s" % (run["label"], record["text"]))
            return
        if step["do"] == "begin":
            record["sql"] = "BEGIN"
            self.begin(run)
            return
        record["sql"] = self.sql(step, run["last_reads"])
        if "if_read" in step and ("key" in step or "keys" in step):
            key = str(step["key"] if "key" in step else step["keys"][0])
            seen = run["last_reads"].get((step.get("table", "test"), key))
            if seen is None or not predicate_holds(step["if_read"], seen):
                record.update(status="skipped", text="not run: the application saw %s, so it gives up and rolls back" % seen)
                self.say("%s: %s" % (run["label"], record["text"]))
                self.end_transaction(run, "gave up")
                return
        self.begin(run)
        task = Task(run, record, [record["sql"]], notify=True)
        run["busy"] = True
        run["session"].submit(task)
        if not task.done.wait(BLOCK_SECONDS):
            record["status"] = "blocked"
            self.say("%s: %s -> blocked" % (run["label"], record["sql"]))
        self.drain(0, first=task)

    def begin(self, run):
        if not run["in_transaction"]:
            run["in_transaction"] = True
            run["session"].run_now(self.dialect.begin(self.level))

    def end_transaction(self, run, fate, rollback=True):
        if rollback and run["in_transaction"]:
            run["session"].run_now(["ROLLBACK"])
        run["in_transaction"] = False
        run["finished"] = True
        run["fate"] = fate

    def drain(self, wait_seconds, first=None):
        """Handles every statement that has returned, waiting up to wait_seconds for each next one.
        `first`, the statement just issued, is told before the ones it released (its COMMIT came
        first, even when the released statement's reply reached us a moment earlier)."""
        arrived = []
        while True:
            try:
                arrived.append(self.completions.get(timeout=wait_seconds) if wait_seconds else self.completions.get_nowait())
            except queue.Empty:
                break
        arrived.sort(key=lambda task: task is not first)
        for task in arrived:
            self.complete(task)

    def settle(self, wait_seconds):
        while any(run["busy"] for run in self.runs.values()):
            before = len(self.log)
            self.drain_once(wait_seconds)
            if len(self.log) == before:
                return

    def drain_once(self, wait_seconds):
        try:
            task = self.completions.get(timeout=wait_seconds)
        except queue.Empty:
            return
        self.complete(task)
        self.drain(0)

    def complete(self, task):
        run, record = task.run, task.record
        step = self.test["steps"][record["step"]]
        run["busy"] = False
        record["waited"] = record["status"] == "blocked"
        if task.error is not None:
            kind = self.dialect.error_kind(task.error)
            record.update(status="failed", error=kind, at_commit=step["do"] == "commit",
                          text="ERROR (%s): %s" % (kind, str(task.error).strip().splitlines()[0]))
            if self.first_error is None:
                self.first_error = dict(txn=run["label"], sql=record["sql"], error=kind, waited=record["waited"],
                                        at_commit=record["at_commit"], message=record["text"])
            self.say("%s: %s -> %s%s" % (run["label"], record["sql"], record["text"], " (after waiting)" if record["waited"] else ""))
            self.end_transaction(run, "was rolled back (%s)" % kind)
            if run["number"] in self.test.get("retry", []):
                run["wants_retry"] = True
        else:
            record["status"] = "done"
            do = step["do"]
            if do in ("read", "select"):
                name = step.get("table", "test")
                rows = [dict(zip(task.columns, values)) for values in task.rows]
                by_key = {str(row["id"]): {c: v for c, v in row.items() if c != "id" and v is not None} for row in rows}
                keys = [str(step["key"])] if "key" in step else [str(k) for k in step.get("keys", [])]
                for key, row in by_key.items():
                    run["last_reads"][(name, key)] = row
                for key in keys:
                    if key not in by_key:
                        run["last_reads"].pop((name, key), None)
                column = step.get("column", "value")
                if "key" in step:  # one key: the column's value (interleaving_runner.cc result_value)
                    record["result"] = by_key.get(keys[0], {}).get(column)
                else:
                    record["result"] = {key: row.get(column) for key, row in by_key.items()}
                record["text"] = "returns " + json.dumps(record["result"])
            elif do == "commit":
                record["text"] = "committed"
                run["committed"] = True
                self.end_transaction(run, "had committed", rollback=False)
            elif do == "rollback":
                record["text"] = "rolled back"
                self.end_transaction(run, "had rolled back", rollback=False)
            else:
                record["result"] = task.rowcount
                record["text"] = "%d rows changed" % task.rowcount
                if do in ("update", "delete") and task.rowcount == 0 and step.get("on_none") in ("give_up", "retry"):
                    retry = step["on_none"] == "retry"
                    record["text"] += "; no row matched, so the application rolls back" + (" and will retry" if retry else "")
                    self.end_transaction(run, "rolled back to retry" if retry else "gave up")
                    if retry:
                        run["wants_retry"] = True
            self.say("%s: %s -> %s%s" % (run["label"], record["sql"], record["text"], " (after waiting)" if record["waited"] else ""))
        while not run["busy"] and run["queued"]:
            self.issue(run, run["queued"].pop(0))

    # -- the whole cell --

    def run(self):
        admin = self.dialect.connect()
        self.dialect.create_tables(admin, self.tables)
        sessions = []
        try:
            for step in self.test["steps"]:
                number = step["t"]
                if number not in self.runs:
                    session = Session(self.dialect, self.completions)
                    sessions.append(session)
                    self.runs[number] = dict(number=number, label="T%d" % number, attempt=0, session=session,
                                             busy=False, queued=[], finished=False, committed=False,
                                             wants_retry=False, fate="", last_reads={}, in_transaction=False)
            self.phase(list(range(len(self.test["steps"]))))
            for number in self.test.get("retry", []):
                run = self.runs.get(number)
                while run and run["wants_retry"] and run["attempt"] + 1 < MAX_ATTEMPTS:
                    run.update(wants_retry=False, finished=False, committed=False, last_reads={}, fate="")
                    run["attempt"] += 1
                    run["label"] = "T%d (retry %d)" % (number, run["attempt"])
                    self.say("T%d retries its whole transaction" % number)
                    self.phase([i for i, s in enumerate(self.test["steps"]) if s["t"] == number])
            final = self.dialect.committed_state(admin, self.tables)
        finally:
            for session in sessions:
                session.close()
            admin.close()
        return self.judge(final)

    def phase(self, indices):
        for index in indices:
            self.offer(index)
            self.settle(SETTLE_SECONDS)
        self.settle(END_WAIT_SECONDS)
        for run in self.runs.values():
            if run["busy"]:  # nothing released it: stop it, as the end of dsim's script does
                self.say("%s is still waiting when the script ended" % run["label"])
                for record in self.records:
                    if record["txn"] == run["label"] and record["status"] == "blocked":
                        record["text"] = "still waiting when the script ended"
                self.dialect.cancel(run["session"].conn)
                try:
                    task = self.completions.get(timeout=END_WAIT_SECONDS)
                    task.record["status"] = "blocked"
                except queue.Empty:
                    pass
                run["busy"] = False
                run["queued"] = []
                self.end_transaction(run, "never finished")
        for run in self.runs.values():
            if run["in_transaction"] and not run["queued"]:
                self.end_transaction(run, "never finished")

    def vanishing_read(self):
        """Hermitage's OTV criterion, as dsim's vanishing_read (isolation/judgement.cc): the reader's
        first read (a step's first attempt) that returns a version of a row older than the version a
        committed transaction it has already seen (in that read or an earlier one) wrote there.
        Versions are the initial row and the constant values the script's UPDATE steps write, in the
        script's order. Returns the finding in words, or None."""
        condition = self.test["anomaly_observed_vanishes"]
        reader, column = condition["reader"], condition.get("column", "value")
        steps = self.test["steps"]
        tables = self.test.get("tables", {"test": {"1": {"value": 10}, "2": {"value": 20}}})
        versions = {}
        for table, rows in tables.items():
            for key, row in rows.items():
                if column in row:
                    versions[(table, str(key))] = [(0, row[column])]
        for step in steps:
            if step["do"] == "update" and column in step.get("set", {}):
                versions.setdefault((step.get("table", "test"), str(step["key"])), []).append((step["t"], step["set"][column]))
        committed = {number for number, run in self.runs.items() if run["committed"]}
        seen, judged = {}, set()
        for record in self.records:
            step = steps[record["step"]]
            if step["t"] != reader or step["do"] not in ("read", "select") or record["step"] in judged:
                continue
            judged.add(record["step"])
            if record["status"] != "done":
                continue
            result = record["result"]
            pairs = result.items() if isinstance(result, dict) else [(str(step["key"]), result)] if "key" in step else []
            observed = []
            for key, value in pairs:
                row = (step.get("table", "test"), str(key))
                for at, (writer, written) in enumerate(versions.get(row, [])):
                    if written == value:
                        observed.append((row, value, at))
            for row, value, at in observed:
                writer = versions[row][at][0]
                if writer not in (0, reader) and writer in committed:
                    seen.setdefault(writer, (row, value))
            for row, value, at in observed:
                for writer, (shown_row, shown_value) in seen.items():
                    for later in versions[row][at + 1:]:
                        if later[0] == writer:
                            return "T%d read %s/%s as %s after seeing T%d's %s/%s = %s, but T%d wrote %s/%s as %s" % (
                                reader, row[0], row[1], value, writer, shown_row[0], shown_row[1], shown_value, writer, row[0], row[1], later[1])
        return None

    def judge(self, final):
        steps = self.test["steps"]
        anomaly, judged = True, set()
        for record in self.records:
            step = steps[record["step"]]
            if "anomaly_if" not in step or record["step"] in judged:
                continue
            judged.add(record["step"])
            if record["status"] != "done" or record["result"] != step["anomaly_if"]:
                anomaly = False
        if any("anomaly_if" in s and i not in judged for i, s in enumerate(steps)):
            anomaly = False
        vanished = None
        if "anomaly_observed_vanishes" in self.test:
            vanished = self.vanishing_read()
            if vanished is None:
                anomaly = False
        needs = self.test.get("anomaly_needs_commit")
        if needs is None:
            needs = sorted({s["t"] for s in steps if s["do"] == "commit"})
        if any(not self.runs[n]["committed"] for n in needs if n in self.runs) or any(n not in self.runs for n in needs):
            anomaly = False
        for condition in self.test.get("anomaly_final", []):
            table = condition.get("table", "test")
            if "rows_gt" in condition:
                if not sum(1 for (t, _) in final if t == table) > condition["rows_gt"]:
                    anomaly = False
            else:
                row = final.get((table, str(condition["key"])))
                if row is None or not predicate_holds(condition, row):
                    anomaly = False
        blocked = any(r["waited"] or r["status"] == "blocked" for r in self.records)
        if anomaly:
            outcome = "allowed"
        elif self.first_error:
            e = self.first_error
            outcome = "abort-at-commit" if e["at_commit"] else "wait-abort" if e["waited"] else "abort"
        else:
            outcome = "block" if blocked else "nowait"
        fates = {}
        for run in self.runs.values():
            label = "T%d" % run["number"]
            fates[label] = ("committed" + (" on retry %d" % run["attempt"] if run["attempt"] else "")) if run["committed"] else (run["fate"] or "never finished")
        mismatches = ["%s step %d (%s): expected %s, got %s" % (r["txn"], r["step"], r["sql"], json.dumps(steps[r["step"]]["expect"]), json.dumps(r["result"]))
                      for r in self.records if "expect" in steps[r["step"]] and r["status"] == "done" and r["result"] != steps[r["step"]]["expect"]]
        return {"outcome": outcome, "anomaly": anomaly, "first_error": self.first_error, "fates": fates,
                "final": {"%s/%s" % k: v for k, v in sorted(final.items())}, "vanished": vanished, "steps": self.records,
                "expect_mismatches": mismatches, "log": self.log}


# ---- the comparison ----------------------------------------------------------------------------

def dsim_matrix(dsim):
    out = subprocess.run([dsim, "txn-matrix", "--json", "-"], check=True, capture_output=True, text=True).stdout
    return {(c["flavour"], c["level"], c["test"]): c["outcome"] for c in json.loads(out)}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("server", choices=["postgres", "mariadb"], help="which server to run against")
    parser.add_argument("--dsim", default=os.path.join(root, "build", "dsim"), help="the dsim binary (default: build/dsim)")
    parser.add_argument("--scenarios", default=os.path.join(root, "scenarios", "txn"))
    parser.add_argument("--tests", help="comma-separated test names (default: all)")
    parser.add_argument("--levels", help="comma-separated levels (default: all four)")
    parser.add_argument("--host", default="localhost")
    parser.add_argument("--pg-port", type=int, default=5432)
    parser.add_argument("--mysql-port", type=int, default=3306)
    parser.add_argument("--user", default="hermitage")
    parser.add_argument("--password", default="hermitage")
    parser.add_argument("--database", default="hermitage", help="the database (schema) to create the tables in")
    parser.add_argument("--snapshot-isolation", type=lambda v: v.lower() in ("on", "1", "true"), default=None,
                        help="MariaDB only: set innodb_snapshot_isolation ON or OFF for the run (default: the server's)")
    parser.add_argument("--out", help="write the results (JSON) here; a CSV is written next to it")
    parser.add_argument("--verbose", action="store_true", help="print each cell's step log")
    args = parser.parse_args()
    dialect = Postgres(args) if args.server == "postgres" else MariaDB(args)

    tests = load_tests(args.scenarios)
    if args.tests:
        wanted = args.tests.split(",")
        tests = [t for t in tests if t["name"] in wanted]
    levels = args.levels.split(",") if args.levels else LEVELS
    expected = dsim_matrix(args.dsim)
    probe = dialect.connect()
    server, settings = dialect.describe_server(probe)
    probe.close()
    print("%s (%s flavour), %s" % (server, dialect.name, ", ".join("%s=%s" % kv for kv in settings.items())))

    cells = []
    for test in tests:
        for level in levels:
            result = Cell(dialect, test, level).run()
            ours = expected.get((dialect.name, level, test["name"]), "-")
            result.update(test=test["name"], level=level, flavour=dialect.name, dsim=ours, agree=ours == result["outcome"])
            cells.append(result)
            mark = "agree" if result["agree"] else "DIFFER"
            print("%-24s %-17s real %-16s dsim %-16s %s  %s" % (test["name"], level, result["outcome"], ours, mark,
                                                                 " ".join("%s %s;" % kv for kv in result["fates"].items())), flush=True)
            if args.verbose or not result["agree"]:
                for line in result["log"]:
                    print("      " + line)

    print("\n%-24s" % "test" + "".join("  %-26s" % ABBREVIATION[l] for l in levels))
    for test in tests:
        line = "%-24s" % test["name"]
        for level in levels:
            c = next(c for c in cells if c["test"] == test["name"] and c["level"] == level)
            line += "  %-26s" % (c["outcome"] if c["agree"] else "%s/dsim %s" % (c["outcome"], c["dsim"]))
        print(line)
    agreeing = sum(c["agree"] for c in cells)
    print("\n%s: %d of %d cells agree with dsim txn-matrix (%s flavour)" % (server, agreeing, len(cells), dialect.name))

    if args.out:
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        document = {"server": server, "settings": settings, "flavour": dialect.name,
                    "date": datetime.date.today().isoformat(), "harness": {"block_seconds": BLOCK_SECONDS,
                    "settle_seconds": SETTLE_SECONDS, "end_wait_seconds": END_WAIT_SECONDS},
                    "agree": agreeing, "cells_total": len(cells), "cells": cells}
        with open(args.out, "w") as file:
            json.dump(document, file, indent=1, default=str)
            file.write("\n")
        with open(os.path.splitext(args.out)[0] + ".csv", "w", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(["server", "date", "flavour", "level", "test", "real", "dsim", "agree", "fates"])
            for c in cells:
                writer.writerow([server, document["date"], c["flavour"], c["level"], c["test"], c["outcome"], c["dsim"],
                                 "yes" if c["agree"] else "no", "; ".join("%s %s" % kv for kv in c["fates"].items())])
    return 0 if agreeing == len(cells) else 1


if __name__ == "__main__":
    sys.exit(main())
