package org.envmon.ingest.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The closing check of every fault test: each acknowledged reading is stored exactly once. */
public final class ZeroLoss {
    private static final Logger log = LoggerFactory.getLogger(ZeroLoss.class);
    /** Each load message carries two readings (pH and DO). */
    private static final int READINGS_PER_MESSAGE = 2;

    /** The figures the check found. */
    public record Result(int acknowledgedMessages, long storedReadings, long lostReadings, long duplicatedReadings) {}

    private ZeroLoss() {}

    public static Result verify(String fault, Connection c, LoadPublisher load) throws SQLException {
        Map<String, Integer> rowsPerKey = new HashMap<>();
        long stored = 0;
        try (PreparedStatement s = c.prepareStatement("""
                SELECT st.code, r.time, count(*) FROM reading r JOIN station st ON st.id = r.station_id
                WHERE st.code LIKE ? GROUP BY st.code, r.time, r.metric_id""")) {
            s.setString(1, load.prefix() + "%");
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Instant time = rs.getTimestamp(2).toInstant();
                    String key = rs.getString(1) + "/" + (time.getEpochSecond() - LoadPublisher.BASE.getEpochSecond());
                    rowsPerKey.merge(key, rs.getInt(3), Integer::sum);
                    stored += rs.getInt(3);
                }
            }
        }
        Set<String> acknowledged = load.acknowledged();
        long lost = 0;
        long duplicated = 0;
        Set<String> missing = new HashSet<>();
        for (String key : acknowledged) {
            int rows = rowsPerKey.getOrDefault(key, 0);
            if (rows < READINGS_PER_MESSAGE) {
                lost += READINGS_PER_MESSAGE - rows;
                missing.add(key);
            }
        }
        for (int rows : rowsPerKey.values()) {
            duplicated += Math.max(0, rows - READINGS_PER_MESSAGE);
        }
        Result result = new Result(acknowledged.size(), stored, lost, duplicated);
        log.info(
                "ZERO-LOSS {}: acknowledged {} messages ({} readings), stored {} readings, lost {}, duplicated {}",
                fault,
                acknowledged.size(),
                acknowledged.size() * READINGS_PER_MESSAGE,
                stored,
                lost,
                duplicated);
        assertThat(missing)
                .as("acknowledged messages whose readings are missing")
                .isEmpty();
        assertThat(duplicated).as("readings stored more than once").isZero();
        assertThat(stored)
                .as("stored readings cover every acknowledged one")
                .isGreaterThanOrEqualTo((long) acknowledged.size() * READINGS_PER_MESSAGE);
        return result;
    }
}
