package org.envmon.dashboards.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.envmon.dashboards.grafana.MacroExpander.Variable;
import org.envmon.dashboards.testing.DemoSeeder;
import org.envmon.dashboards.testing.MigratedDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every panel, annotation and variable query of every dashboard, macros expanded for the last
 * seven days and variables resolved as Grafana would ("All", or the first station), runs against
 * a migrated database with seeded data and returns rows with the columns the dashboard expects;
 * every column carries a value in at least one row, so a panel that would show only blanks fails.
 */
class PanelQueriesIT {
    private static final Instant NOW = Instant.now();
    private static final Instant FROM = NOW.minus(Duration.ofDays(7));
    private static final Duration INTERVAL = Duration.ofMinutes(30);
    private static MigratedDatabase db;
    private static final Map<String, Map<String, Variable>> VARIABLES = new HashMap<>();

    @BeforeAll
    static void seed() throws SQLException {
        db = MigratedDatabase.create("panels");
        DemoSeeder.seed(db, NOW);
        try (Connection c = db.connect()) {
            for (JsonNode dashboard : GrafanaFiles.dashboards()) {
                VARIABLES.put(
                        dashboard.path("uid").asText(), TemplateVariables.resolve(dashboard, c, FROM, NOW, INTERVAL));
            }
        }
    }

    static Stream<Arguments> queries() {
        return GrafanaFiles.dashboards().stream()
                .flatMap(d -> PanelQuery.of(d).stream())
                .map(q -> Arguments.of(q.name(), q));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void panelQuery_seededDatabase_rowsWithExpectedColumns(String name, PanelQuery query) throws SQLException {
        String sql = new MacroExpander(FROM, NOW, INTERVAL, VARIABLES.get(query.dashboardUid())).expand(query.rawSql());
        List<Map<String, Object>> rows;
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rows = MigratedDatabase.rows(rs);
        }

        assertThat(rows).as("rows of %s", sql).isNotEmpty();
        Set<String> columns = rows.get(0).keySet();
        assertThat(columns).as(name).containsAll(query.ownColumns());
        for (String column : columns) {
            assertThat(rows)
                    .as("column %s of %s has a value in some row", column, name)
                    .anyMatch(r -> r.get(column) != null);
        }
    }

    @Test
    void panelColumns_everyPanel_someTargetReturnsTheColumnsItsOverridesAndLayersName() throws SQLException {
        for (JsonNode dashboard : GrafanaFiles.dashboards()) {
            Map<String, Set<String>> returnedByPanel = new HashMap<>();
            Map<String, Set<String>> expectedByPanel = new HashMap<>();
            for (PanelQuery q : PanelQuery.of(dashboard)) {
                String sql = new MacroExpander(FROM, NOW, INTERVAL, VARIABLES.get(q.dashboardUid())).expand(q.rawSql());
                try (Connection c = db.connect();
                        Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery(sql)) {
                    Set<String> cols = returnedByPanel.computeIfAbsent(q.title(), k -> new HashSet<>());
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        cols.add(rs.getMetaData().getColumnLabel(i));
                    }
                }
                expectedByPanel.put(q.title(), q.panelColumns());
            }
            expectedByPanel.forEach((title, expected) -> assertThat(returnedByPanel.get(title))
                    .as("%s / %s", dashboard.path("uid").asText(), title)
                    .containsAll(expected));
        }
    }

    @Test
    void variables_seededStations_resolveToSeededValues() {
        assertThat(VARIABLES.get("envmon-river-overview").get("river").values())
                .containsExactlyInAnyOrder("锦江", "府河", "龙泉湖");
        assertThat(VARIABLES.get("envmon-dust").get("station").values()).hasSize(3);
        assertThat(VARIABLES.get("envmon-section-detail").get("station").multi())
                .isFalse();
        assertThat(VARIABLES.get("envmon-operations").get("station").values()).hasSize(10);
    }
}
