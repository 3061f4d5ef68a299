package org.envmon.dashboards.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.envmon.dashboards.grafana.MacroExpander.Variable;

/**
 * Resolves a dashboard's template variables the way Grafana does on load: each variable's query
 * runs in order, with the variables before it expanded; a multi-value variable selects "All"
 * (every value, no custom all-value), a single-value one its first value. A query returning
 * {@code __text}/{@code __value} contributes the values.
 */
public final class TemplateVariables {
    private TemplateVariables() {}

    public static Map<String, Variable> resolve(
            JsonNode dashboard, Connection c, Instant from, Instant to, Duration interval) throws SQLException {
        Map<String, Variable> resolved = new LinkedHashMap<>();
        for (JsonNode v : dashboard.path("templating").path("list")) {
            String sql = new MacroExpander(from, to, interval, resolved)
                    .expand(v.path("query").asText());
            List<String> values = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(sql)) {
                int column = hasColumn(rs, "__value") ? rs.findColumn("__value") : 1;
                while (rs.next()) {
                    values.add(rs.getString(column));
                }
            }
            if (values.isEmpty()) {
                throw new AssertionError("variable $" + v.path("name").asText() + " has no values: " + sql);
            }
            boolean multi = v.path("multi").asBoolean() || v.path("includeAll").asBoolean();
            resolved.put(v.path("name").asText(), new Variable(multi ? values : List.of(values.get(0)), multi));
        }
        return resolved;
    }

    private static boolean hasColumn(ResultSet rs, String label) throws SQLException {
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            if (rs.getMetaData().getColumnLabel(i).equals(label)) {
                return true;
            }
        }
        return false;
    }
}
