package org.envmon.ingest.store;

/** Which schema flavour the database runs: TimescaleDB hypertables and continuous aggregates, or plain tables and views. */
public enum StorageMode {
    TIMESCALEDB("timescaledb", "timescale"),
    POSTGRESQL("postgresql", "postgres");

    private final String label;
    private final String migrationFolder;

    StorageMode(String label, String migrationFolder) {
        this.label = label;
        this.migrationFolder = migrationFolder;
    }

    public String label() {
        return label;
    }

    String migrationLocation() {
        return "classpath:db/migration/" + migrationFolder;
    }
}
