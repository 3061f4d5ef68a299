package org.envmon.dashboards.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.envmon.dashboards.grafana.MacroExpander.Variable;
import org.junit.jupiter.api.Test;

/**
 * Writes every dashboard query, macros expanded, to {@code target/panel-sql/panels.sql}: one
 * statement per query, separated by {@code ;}, for .ci/timescale-check to run against the
 * TimescaleDB schema. Variables take the value {@code 1} (a station id, and a harmless text
 * for river and township), since that check proves the SQL valid on TimescaleDB on an empty schema;
 * the rows are checked on PostgreSQL by PanelQueriesIT.
 */
class PanelSqlExportTest {
    static final Path OUTPUT = Path.of("target", "panel-sql", "panels.sql");

    @Test
    void export_everyDashboardQuery_writtenExpandedOnePerStatement() throws IOException {
        Instant to = Instant.parse("2026-11-29T00:00:00Z");
        StringBuilder out = new StringBuilder();
        int count = 0;
        for (JsonNode dashboard : GrafanaFiles.dashboards()) {
            Map<String, Variable> variables = new HashMap<>();
            dashboard
                    .path("templating")
                    .path("list")
                    .forEach(v -> variables.put(
                            v.path("name").asText(),
                            new Variable(List.of("1"), v.path("multi").asBoolean())));
            MacroExpander expander =
                    new MacroExpander(to.minus(Duration.ofDays(7)), to, Duration.ofMinutes(30), variables);
            for (JsonNode v : dashboard.path("templating").path("list")) {
                out.append(expander.expand(v.path("query").asText())).append(";\n");
                count++;
            }
            for (PanelQuery q : PanelQuery.of(dashboard)) {
                out.append(expander.expand(q.rawSql())).append(";\n");
                count++;
            }
        }
        Files.createDirectories(OUTPUT.getParent());
        Files.writeString(OUTPUT, out, StandardCharsets.UTF_8);

        String written = Files.readString(OUTPUT, StandardCharsets.UTF_8);
        assertThat(written.split(";\n")).hasSize(count);
        assertThat(written).doesNotContain("$");
        assertThat(count).isGreaterThan(60);
    }
}
