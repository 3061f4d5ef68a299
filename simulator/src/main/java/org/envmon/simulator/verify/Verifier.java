package org.envmon.simulator.verify;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Checks that every acknowledged reading is in envmon's {@code reading} table exactly once, by station
 * code, factor code and measurement time. Reads only; rows the ledger does not know (sent but never
 * acknowledged, or other data) are ignored.
 */
public final class Verifier {
    private static final String QUERY = "SELECT s.code, m.code, r.time FROM reading r "
            + "JOIN station s ON s.id = r.station_id JOIN metric m ON m.id = r.metric_id "
            + "WHERE s.code = ANY (?) AND r.time BETWEEN ? AND ?";

    private final String jdbcUrl;
    private final Optional<String> user;
    private final Optional<String> password;

    public Verifier(String jdbcUrl, Optional<String> user, Optional<String> password) {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--verify needs a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db)");
        }
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    public VerifyResult verify(AckLedger ledger) throws SQLException {
        Map<String, Map<Long, String[]>> expected = ledger.snapshot();
        if (expected.isEmpty()) {
            return new VerifyResult(0, 0, 0, 0);
        }
        Map<String, Integer> counts = new HashMap<>();
        Properties properties = new Properties();
        user.ifPresent(u -> properties.setProperty("user", u));
        password.ifPresent(p -> properties.setProperty("password", p));
        try (Connection connection = DriverManager.getConnection(jdbcUrl, properties)) {
            connection.setAutoCommit(false);
            try (PreparedStatement query = connection.prepareStatement(QUERY)) {
                query.setArray(
                        1, connection.createArrayOf("text", expected.keySet().toArray()));
                query.setTimestamp(2, Timestamp.from(ledger.earliest()));
                query.setTimestamp(3, Timestamp.from(ledger.latest()));
                query.setFetchSize(10_000);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        String station = rows.getString(1);
                        String metric = rows.getString(2);
                        long millis = rows.getTimestamp(3).getTime();
                        String[] factors =
                                expected.getOrDefault(station, Map.of()).get(millis);
                        if (factors != null && contains(factors, metric)) {
                            counts.merge(station + '|' + metric + '|' + millis, 1, Integer::sum);
                        }
                    }
                }
            }
            connection.rollback();
        }
        long total = 0;
        long found = 0;
        long missing = 0;
        long duplicated = 0;
        for (Map.Entry<String, Map<Long, String[]>> station : expected.entrySet()) {
            for (Map.Entry<Long, String[]> time : station.getValue().entrySet()) {
                for (String metric : time.getValue()) {
                    total++;
                    int n = counts.getOrDefault(station.getKey() + '|' + metric + '|' + time.getKey(), 0);
                    if (n == 0) {
                        missing++;
                    } else {
                        found++;
                        duplicated += n - 1;
                    }
                }
            }
        }
        return new VerifyResult(total, found, missing, duplicated);
    }

    private static boolean contains(String[] factors, String metric) {
        for (String factor : factors) {
            if (factor.equals(metric)) {
                return true;
            }
        }
        return false;
    }
}
