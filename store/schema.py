"""Tables and migrations: the only place DDL lives.

`PRAGMA user_version` is the schema version and `PRAGMA application_id` marks a taizhang
database. One list of migrations builds a fresh database and upgrades an old one, so there is a
single path to keep right. Version 1 is frozen: tests/data/schema_v1.sql is a copy of it, and the
migration test builds a real v1 database from that copy.
"""
from __future__ import annotations

import sqlite3

APPLICATION_ID = 0x545A4C47  # "TZLG"

SCHEMA_V1 = """
CREATE TABLE plans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256 TEXT NOT NULL UNIQUE,
    title TEXT,
    issuer TEXT,
    doc_no TEXT,
    issued TEXT,
    year INTEGER,
    source TEXT,
    imported_at TEXT NOT NULL,
    extra TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE sections (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES sections(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    label TEXT,
    title TEXT NOT NULL
);
CREATE INDEX sections_by_parent ON sections(plan_id, parent_id, position);

CREATE TABLE tasks (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    section_id INTEGER REFERENCES sections(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    no TEXT,
    text TEXT NOT NULL,
    units TEXT,
    time_limit TEXT,
    time_limit_kind TEXT CHECK (time_limit_kind IN
        ('date', 'year_end', 'continuous', 'recurring', 'relative', 'unknown')),
    due TEXT,
    state TEXT NOT NULL DEFAULT 'todo' CHECK (state IN ('todo', 'doing', 'done', 'na')),
    flag TEXT,
    extra TEXT NOT NULL DEFAULT '{}',
    updated_at TEXT NOT NULL,
    origin TEXT
);
CREATE INDEX tasks_by_section ON tasks(section_id, seq);
CREATE INDEX tasks_by_plan ON tasks(plan_id, seq);
CREATE INDEX tasks_by_state ON tasks(state);
CREATE INDEX tasks_by_due ON tasks(due);

CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    norm TEXT NOT NULL UNIQUE,
    aliases TEXT NOT NULL DEFAULT '[]',
    initials TEXT NOT NULL DEFAULT ''
);

CREATE TABLE task_units (
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('lead', 'support', 'responsible')),
    position INTEGER NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    written TEXT NOT NULL,
    PRIMARY KEY (task_id, role, position)
);
CREATE INDEX task_units_by_unit ON task_units(unit_id, role);

CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    author TEXT,
    unit TEXT,
    source TEXT NOT NULL DEFAULT 'ui',
    text TEXT NOT NULL,
    edited_at TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX notes_by_task ON notes(task_id, at);

CREATE TABLE changesets (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    actor_unit TEXT,
    source TEXT NOT NULL CHECK (source IN ('ui', 'cli', 'import', 'merge')),
    submission_id INTEGER,
    kind TEXT NOT NULL DEFAULT 'change' CHECK (kind IN ('change', 'undo', 'redo')),
    target_id INTEGER REFERENCES changesets(id),
    summary TEXT
);
CREATE INDEX changesets_by_actor ON changesets(actor, id);
CREATE INDEX changesets_by_target ON changesets(target_id);

CREATE TABLE changes (
    id INTEGER PRIMARY KEY,
    changeset_id INTEGER NOT NULL REFERENCES changesets(id) ON DELETE CASCADE,
    tbl TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    field TEXT NOT NULL,
    before TEXT,
    after TEXT
);
CREATE INDEX changes_by_set ON changes(changeset_id);
CREATE INDEX changes_by_row ON changes(tbl, row_id);

-- Search side tables, written in the same transaction as the rows they index. Text is stored
-- with a space on both sides of every CJK character so that unicode61 makes each character a
-- token and a phrase query finds words of any length.
CREATE VIRTUAL TABLE task_search USING fts5(
    body, units, initials, tokenize = 'unicode61 remove_diacritics 0'
);
CREATE VIRTUAL TABLE unit_search USING fts5(
    names, initials, tokenize = 'unicode61 remove_diacritics 0'
);
"""

# Version 2: reporting rounds, the forms sent out and the submissions that came back.
# A snapshot holds each task's state when a round opened or closed, so an export can show what
# changed in the period ("本期进展"); note ids above the snapshot's `last_note_id` are the
# period's notes. A submission keeps the rows read from the returned file as JSON, so nothing a
# unit wrote is lost even where it did not change the ledger.
SCHEMA_V2 = """
CREATE TABLE rounds (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    due TEXT,
    plan_ids TEXT NOT NULL DEFAULT '[]',
    opened_at TEXT NOT NULL,
    closed_at TEXT
);

CREATE TABLE round_snapshots (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('open', 'close')),
    at TEXT NOT NULL,
    last_note_id INTEGER NOT NULL DEFAULT 0,
    last_changeset_id INTEGER NOT NULL DEFAULT 0,
    UNIQUE (round_id, kind)
);

CREATE TABLE snapshot_tasks (
    snapshot_id INTEGER NOT NULL REFERENCES round_snapshots(id) ON DELETE CASCADE,
    task_id INTEGER NOT NULL,
    state TEXT NOT NULL,
    flag TEXT,
    PRIMARY KEY (snapshot_id, task_id)
) WITHOUT ROWID;

CREATE TABLE forms (
    id INTEGER PRIMARY KEY,
    round_id INTEGER REFERENCES rounds(id) ON DELETE CASCADE,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    written_at TEXT NOT NULL,
    file_name TEXT NOT NULL,
    tasks INTEGER NOT NULL
);
CREATE INDEX forms_by_round ON forms(round_id, plan_id, unit_id);

CREATE TABLE submissions (
    id INTEGER PRIMARY KEY,
    round_id INTEGER REFERENCES rounds(id) ON DELETE CASCADE,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    received_at TEXT NOT NULL,
    filler TEXT,
    phone TEXT,
    filled_on TEXT,
    rows TEXT NOT NULL DEFAULT '[]',
    changeset_id INTEGER REFERENCES changesets(id),
    superseded_by INTEGER REFERENCES submissions(id),
    withdrawn INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX submissions_by_round ON submissions(round_id, plan_id, unit_id);
CREATE INDEX submissions_by_sha ON submissions(sha256);
"""

# Version 3: progress (counts by state, overdue) is read from this index alone. Without it
# every progress figure reads every task row: at 100,000 tasks, 40 ms for the plans' progress
# on each first screen and each reload of the tree; with it, 7 ms.
SCHEMA_V3 = """
CREATE INDEX tasks_progress ON tasks(plan_id, state, due, section_id);
"""

# Version 4: each plan's count of tasks in each state, kept by triggers in the statement that
# changes a task, so the plans' progress on the first screen reads a few hundred rows, not every
# task (at 100,000 tasks, 9 ms of a cold start went to counting the index of version 3). What
# depends on the day (overdue) is still counted from that index, for the plans that show it.
SCHEMA_V4 = """
CREATE TABLE plan_task_counts (
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (plan_id, state)
) WITHOUT ROWID;

INSERT INTO plan_task_counts (plan_id, state, n)
SELECT plan_id, state, count(*) FROM tasks GROUP BY plan_id, state;

CREATE TRIGGER plan_task_counts_insert AFTER INSERT ON tasks BEGIN
    INSERT INTO plan_task_counts (plan_id, state, n) VALUES (NEW.plan_id, NEW.state, 1)
    ON CONFLICT (plan_id, state) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER plan_task_counts_delete AFTER DELETE ON tasks BEGIN
    UPDATE plan_task_counts SET n = n - 1 WHERE plan_id = OLD.plan_id AND state = OLD.state;
END;

CREATE TRIGGER plan_task_counts_update AFTER UPDATE OF plan_id, state ON tasks
WHEN OLD.plan_id IS NOT NEW.plan_id OR OLD.state IS NOT NEW.state BEGIN
    UPDATE plan_task_counts SET n = n - 1 WHERE plan_id = OLD.plan_id AND state = OLD.state;
    INSERT INTO plan_task_counts (plan_id, state, n) VALUES (NEW.plan_id, NEW.state, 1)
    ON CONFLICT (plan_id, state) DO UPDATE SET n = n + 1;
END;
"""

def schema_v5(conn: sqlite3.Connection) -> None:
    """Version 5: keeping the ledger by hand (issue 19) and rounds that decide which report wins
    (issue 20). Columns added through sqlite-utils, in the migration's transaction (its own
    steps run in savepoints); where a table must be rebuilt, `table.transform()` does it.

    - plans.archived: hidden from the tree, search and forms (shown by a toggle). A revised plan's
      dropped tasks move to an archived plan of their own, `archived_from` naming the plan they
      left, so no query over live plans needs to know about archived tasks.
    - plans.next_seq: the number the next task's key gets (P<plan>-<seq>): keys are never reused,
      whatever is deleted or moved (the order of tasks is `seq`, their key is stored as written).
    - units.same_as: names the clerk joined as one body (教育局 = 市教育局): the unit it is.
    - settings: choices kept in the ledger (JSON values), not in one clerk's config.
    - rounds.options: per-round choices (JSON), e.g. whether catch-all tasks go on the forms.
    - submissions.reported_on: the form's 填报日期 (or the day the clerk received it): which
      report is newer, and who was late, are judged by it; submissions.file_time breaks a tie.
    - forms.task_ids: the tasks each form went out with.
    """
    import sqlite_utils  # late: only a migration and a CSV import need it (tui/startup.py)

    db = sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)
    db["plans"].add_column("archived", int, not_null_default=0)
    db["plans"].add_column("archived_from", int)
    db["plans"].add_column("next_seq", int, not_null_default=1)
    conn.execute("UPDATE plans SET next_seq = coalesce("
                 "(SELECT max(seq) FROM tasks WHERE tasks.plan_id = plans.id), 0) + 1")
    db["units"].add_column("same_as", int)
    db["settings"].create({"key": str, "value": str}, pk="key", not_null={"value"})
    db["rounds"].add_column("options", str, not_null_default="{}")
    db["submissions"].add_column("reported_on", str)
    db["changesets"].create_index(["at"], index_name="changesets_by_time")
    # Issue 20 (rounds a lead office can trust): which of two reports is newer is judged by the
    # 填报日期, then the file's own time (`file_time`, the returned file's modification time);
    # which tasks a unit's form held is kept when the form is written (`forms.task_ids`, JSON),
    # so a returned row about a task that was never sent to that unit is known as such.
    db["submissions"].add_column("file_time", str)
    db["forms"].add_column("task_ids", str)
    # issue 19: a task's 更新时间 before and after each change-set that changed it, so undo and
    # redo put it back (store.parts.tasks.touch) without a bookkeeping row in the history.
    db["task_times"].create({"changeset_id": int, "task_id": int, "before": str, "after": str},
                            pk=("changeset_id", "task_id"))
    # issue 19: the highest id of rows deleted whole (kept as snapshots for undo), per table,
    # so a new row never takes a deleted one's id (store.db.database.Transaction.fresh_id).
    db["id_floors"].create({"tbl": str, "max_id": int}, pk="tbl")
    # issue 19 (revisions/units): a joined unit's names are found from the unit they joined
    db["units"].create_index(["same_as"], index_name="units_by_same_as")


# Each entry upgrades the database from version (index) to version (index + 1): a DDL script, or
# a function given the connection inside the migration's transaction.
MIGRATIONS: list = [SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4, schema_v5]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, from_version: int) -> int:
    """Apply every migration above the database's version in one transaction: an update that
    brings several schema changes leaves the file either as it was or fully migrated."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have migrated between our read and our lock: re-read.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        start = version
        while version < len(MIGRATIONS):
            step = MIGRATIONS[version]
            if callable(step):
                step(conn)
            else:
                for statement in _statements(step):
                    conn.execute(statement)
            version += 1
        if version != start:
            conn.execute(f"PRAGMA user_version = {version}")
            if start == 0:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return version


def _statements(script: str):
    """Split a DDL script into statements (executescript would commit on its own)."""
    buf = ""
    for line in script.splitlines(keepends=True):
        if line.lstrip().startswith("--"):
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                yield buf.strip()
            buf = ""
    if buf.strip():
        yield buf.strip()
