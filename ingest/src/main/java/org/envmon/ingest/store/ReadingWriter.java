package org.envmon.ingest.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.envmon.ingest.config.EnvmonConfig.WriteStrategy;

/**
 * Inserts a batch of readings inside the caller's transaction, absorbing rows already stored
 * (same station, metric and time) without failing the others. Returns how many rows were new.
 */
public interface ReadingWriter {
    int insert(Connection connection, ReadingBatch batch) throws SQLException;

    static ReadingWriter of(WriteStrategy strategy) {
        return switch (strategy) {
            case UNNEST -> new UnnestReadingWriter();
            case COPY -> new CopyReadingWriter();
        };
    }
}
