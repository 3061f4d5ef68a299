package org.envmon.ingest.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.envmon.ingest.catalog.Metric;
import org.envmon.ingest.catalog.MetricCatalog;

/** The metric table: the catalogue the service loads, and what the metrics command lists and completes. */
public final class MetricRepository {
    private final DataSource dataSource;

    public MetricRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public MetricCatalog loadCatalog() throws SQLException {
        List<Metric> metrics = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT id, code, code_2005, name, unit, coalesce(decimals, 0), aliases FROM metric ORDER BY id");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                Array aliases = rs.getArray(7);
                metrics.add(new Metric(
                        rs.getShort(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getInt(6),
                        List.of((String[]) aliases.getArray())));
            }
        }
        return new MetricCatalog(metrics);
    }

    /** A row of the metric table as {@code envmon metrics list} shows it. */
    public record Listing(
            short id,
            String code,
            String code2005,
            String name,
            String nameZh,
            String unit,
            Integer decimals,
            String category,
            boolean catalogued,
            Instant firstSeenAt) {}

    /** Every metric, or only those registered from stations' data and not yet described. */
    public List<Listing> list(boolean uncataloguedOnly) throws SQLException {
        List<Listing> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("""
                        SELECT m.id, m.code, m.code_2005, m.name, m.name_zh, m.unit, m.decimals, m.category,
                               m.catalogued, m.first_seen_at
                        FROM metric m WHERE NOT m.catalogued OR NOT ? ORDER BY m.catalogued, m.id
                        """)) {
            s.setBoolean(1, uncataloguedOnly);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Timestamp seen = rs.getTimestamp(10);
                    out.add(new Listing(
                            rs.getShort(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            (Integer) rs.getObject(7, Integer.class),
                            rs.getString(8),
                            rs.getBoolean(9),
                            seen == null ? null : seen.toInstant()));
                }
            }
        }
        return out;
    }

    /** What an operator says about a metric; null fields are left as they are. */
    public record Description(String name, String nameZh, String unit, Integer decimals, String category) {}

    /**
     * Describes the metric {@code code}, which then counts as catalogued (the shipped catalogue no
     * longer changes it); false when no metric has that code.
     */
    public boolean describe(String code, Description d) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("""
                        UPDATE metric SET name = coalesce(?, name), name_zh = coalesce(?, name_zh),
                            unit = coalesce(?, unit), decimals = coalesce(?, decimals),
                            category = coalesce(?, category), catalogued = true
                        WHERE code = ?
                        """)) {
            s.setString(1, d.name());
            s.setString(2, d.nameZh());
            s.setString(3, d.unit());
            s.setObject(4, d.decimals(), Types.SMALLINT);
            s.setString(5, d.category());
            s.setString(6, code);
            return s.executeUpdate() == 1;
        }
    }
}
