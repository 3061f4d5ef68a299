package org.envmon.ingest.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.envmon.ingest.catalog.Metric;
import org.envmon.ingest.catalog.MetricCatalog;

/**
 * Registers the factor codes stations send that the catalogue does not know, on first sight, as
 * uncatalogued metrics (name = code, unit and decimals unknown), and adds them to the in-memory
 * catalogue so the edge resolves them from then on. Runs on writer threads, each registration in a
 * transaction of its own: a batch that rolls back afterwards leaves a valid metric behind, never an
 * id the catalogue holds but the table does not. At most {@link #MAX_UNCATALOGUED} codes are
 * registered, so codes invented on the wire cannot fill the table; beyond that their values are
 * quarantined until an operator completes or removes some.
 */
public final class NewFactors {
    public static final int MAX_UNCATALOGUED = 1000;

    /** The metric a code was registered as; {@code created} when this call registered it. */
    public record Registration(short metricId, boolean created) {}

    private final DataSource dataSource;
    private final MetricCatalog catalog;

    public NewFactors(DataSource dataSource, MetricCatalog catalog) {
        this.dataSource = dataSource;
        this.catalog = catalog;
    }

    /** The metric of {@code code}; empty when the limit of uncatalogued metrics is reached. */
    public Optional<Registration> register(String code) throws SQLException {
        Optional<Metric> known = catalog.resolve(code);
        if (known.isPresent()) {
            return Optional.of(new Registration(known.get().id(), false));
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("""
                        WITH created AS (
                            INSERT INTO metric (code, name, unit, aliases, catalogued, first_seen_at)
                            SELECT ?, ?, '', '{}', false, now()
                            WHERE (SELECT count(*) FROM metric WHERE NOT catalogued) < ?
                            ON CONFLICT (code) DO NOTHING
                            RETURNING id)
                        SELECT id, true FROM created
                        UNION ALL
                        SELECT id, false FROM metric WHERE code = ?
                        LIMIT 1
                        """)) {
            c.setAutoCommit(true);
            s.setString(1, code);
            s.setString(2, code);
            s.setInt(3, MAX_UNCATALOGUED);
            s.setString(4, code);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                short id = rs.getShort(1);
                catalog.add(new Metric(id, code, null, code, "", 0, List.of()));
                return Optional.of(new Registration(id, rs.getBoolean(2)));
            }
        }
    }
}
