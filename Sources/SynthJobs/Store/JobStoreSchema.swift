/// The job store's schema, as migrations from an empty database. Never edit a shipped
/// migration: append a new one.
enum JobStoreSchema {
    /// `PRAGMA application_id` of a synth store ("SYNT"): tells it apart from any other SQLite
    /// file. A header field, not schema: set when the store is opened (`StoreDatabaseFile.mark`),
    /// so synth versions from before the marker still open the store.
    static let applicationID: Int64 = 0x5359_4E54

    /// The tables every synth store has had since migration 1.
    static let tables: Set<String> = ["jobs", "job_tables", "tasks", "logs", "artifacts"]

    static let migrations: [String] = [
        // 1: jobs, their tables, tasks, logs and artifacts.
        """
        CREATE TABLE jobs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            created_at REAL NOT NULL,
            started_at REAL,
            finished_at REAL,
            settings_json TEXT NOT NULL,
            catalog TEXT,
            destination TEXT,
            parent_job_id INTEGER REFERENCES jobs(id) ON DELETE SET NULL,
            owner_pid INTEGER,
            owner_host TEXT,
            cancel_requested INTEGER NOT NULL DEFAULT 0,
            error TEXT
        );
        CREATE TABLE job_tables (
            job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            source_path TEXT NOT NULL,
            source_bytes INTEGER NOT NULL,
            source_sha256 TEXT,
            PRIMARY KEY (job_id, name)
        );
        CREATE TABLE tasks (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
            table_name TEXT NOT NULL,
            kind TEXT NOT NULL,
            position INTEGER NOT NULL,
            status TEXT NOT NULL,
            started_at REAL,
            finished_at REAL,
            progress_json TEXT,
            message TEXT
        );
        CREATE INDEX tasks_by_job ON tasks(job_id, position);
        CREATE TABLE logs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
            at REAL NOT NULL,
            level TEXT NOT NULL,
            task TEXT,
            message TEXT NOT NULL
        );
        CREATE INDEX logs_by_job ON logs(job_id, id);
        CREATE TABLE artifacts (
            job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            path TEXT NOT NULL,
            bytes INTEGER NOT NULL,
            created_at REAL NOT NULL,
            PRIMARY KEY (job_id, kind)
        );
        """,
        // 2: a job over a schema of tables: each table's primary key, its context foreign key
        // to its subject table, and the column that orders a subject's rows (all nullable:
        // the tables of older jobs are subject tables without keys). Tasks are listed per table.
        """
        ALTER TABLE job_tables ADD COLUMN primary_key TEXT;
        ALTER TABLE job_tables ADD COLUMN context_table TEXT;
        ALTER TABLE job_tables ADD COLUMN context_foreign_key TEXT;
        ALTER TABLE job_tables ADD COLUMN order_column TEXT;
        CREATE INDEX tasks_by_table ON tasks(job_id, table_name, position);
        """,
        // 3: `stop J` (stop training early, keep the best model, go on generating); older
        // stores get the flag cleared.
        """
        ALTER TABLE jobs ADD COLUMN stop_requested INTEGER NOT NULL DEFAULT 0;
        """,
        // 4: connectors (`connector add`): kind and options as JSON; a secret option holds only
        // its reference (`env:VAR`, `file:PATH`, `prompt`), never the secret.
        """
        CREATE TABLE connectors (
            name TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            options_json TEXT NOT NULL,
            created_at REAL NOT NULL
        );
        """,
        // 5: catalogs (`catalog create`): a saved template of a connector's tables, training
        // settings and a destination; `catalog run` makes a job of type "catalog" from it.
        """
        CREATE TABLE catalogs (
            name TEXT PRIMARY KEY,
            connector TEXT NOT NULL,
            tables_json TEXT NOT NULL,
            destination TEXT,
            settings_json TEXT NOT NULL,
            created_at REAL NOT NULL
        );
        """,
        // 6: a table's non-context foreign keys (`flights.carrier → airlines.carrier`), as a
        // JSON array of `ForeignKey`; NULL (older jobs) means none.
        """
        ALTER TABLE job_tables ADD COLUMN foreign_keys_json TEXT;
        """,
    ]
}
