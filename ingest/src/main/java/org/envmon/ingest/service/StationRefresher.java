package org.envmon.ingest.service;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.envmon.ingest.catalog.StationDirectory;
import org.envmon.ingest.store.StationRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Re-reads the active stations into the directory every {@code stations.refreshInterval}. */
final class StationRefresher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StationRefresher.class);

    private final ScheduledExecutorService executor;

    private StationRefresher(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    static StationRefresher start(StationRepository repository, StationDirectory stations, Duration interval) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "envmon-station-refresh");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(() -> refresh(repository, stations), millis, millis, TimeUnit.MILLISECONDS);
        return new StationRefresher(executor);
    }

    private static void refresh(StationRepository repository, StationDirectory stations) {
        try {
            stations.replaceAll(repository.activeProfiles());
        } catch (SQLException | RuntimeException e) {
            log.warn("Could not refresh station settings (will retry): {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
