package org.envmon.ingest.service;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.envmon.ingest.catalog.StationDirectory;
import org.envmon.ingest.catalog.StationResolver;
import org.envmon.ingest.catalog.StationSource;

/**
 * The threads that look up stations the directory does not hold, for the event loops; two are
 * plenty: a lookup is one indexed query, and each connection waits for at most one at a time.
 */
final class StationLookups implements AutoCloseable {
    private static final int THREADS = 2;

    private final ExecutorService executor;
    private final StationResolver resolver;

    StationLookups(StationDirectory directory, StationSource source) {
        this.executor = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "envmon-station-lookup");
            thread.setDaemon(true);
            return thread;
        });
        this.resolver = new StationResolver(directory, source, executor);
    }

    StationResolver resolver() {
        return resolver;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
