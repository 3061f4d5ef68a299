package org.envmon.ingest.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.envmon.ingest.catalog.Metric;
import org.envmon.ingest.catalog.MetricCatalog;

/** Loads the metric catalogue from the metric table. */
public final class MetricRepository {
    private final DataSource dataSource;

    public MetricRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public MetricCatalog loadCatalog() throws SQLException {
        List<Metric> metrics = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT id, code, code_2005, name, unit, decimals, aliases FROM metric ORDER BY id");
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
}
