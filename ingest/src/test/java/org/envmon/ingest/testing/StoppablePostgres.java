package org.envmon.ingest.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.envmon.ingest.store.EmbeddedDatabase;

/**
 * A PostgreSQL of the test's own (never the shared test server), which the test stops and starts
 * again on the same port and data directory to play a database outage.
 */
public final class StoppablePostgres implements AutoCloseable {
    private final Path dataDir;
    private final int port;
    private EmbeddedDatabase running;

    public StoppablePostgres() throws IOException {
        dataDir = Files.createTempDirectory("envmon-outage-pg");
        running = EmbeddedDatabase.start(dataDir, 0, EmbeddedDatabase.WhenInUse.FAIL);
        port = running.port();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/envmon";
    }

    public int port() {
        return port;
    }

    public synchronized void stop() {
        running.close();
        running = null;
    }

    public synchronized void start() {
        running = EmbeddedDatabase.start(dataDir, port, EmbeddedDatabase.WhenInUse.FAIL);
    }

    @Override
    public synchronized void close() {
        if (running != null) {
            running.close();
            running = null;
        }
    }
}
