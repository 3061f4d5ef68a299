package org.envmon.dashboards.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The provisioning files themselves: they parse, their uids are fixed and unique, references resolve. */
class DashboardJsonTest {
    private static final Set<String> EXPECTED_UIDS = Set.of(
            "envmon-river-overview", "envmon-section-detail", "envmon-dust", "envmon-alerts", "envmon-operations");

    @Test
    void dashboardFiles_allFive_parseWithTheirFixedUids() {
        List<Path> files = GrafanaFiles.dashboardFiles();

        assertThat(files).hasSize(5);
        assertThat(GrafanaFiles.dashboards())
                .extracting(d -> d.path("uid").asText())
                .containsExactlyInAnyOrderElementsOf(EXPECTED_UIDS);
    }

    @Test
    void panelIds_withinEachDashboard_unique() {
        for (JsonNode dashboard : GrafanaFiles.dashboards()) {
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : dashboard.path("panels")) {
                assertThat(ids.add(panel.path("id").asInt()))
                        .as("%s panel %s", dashboard.path("uid"), panel.path("id"))
                        .isTrue();
            }
        }
    }

    @Test
    void datasourceReferences_everyPanelTargetAnnotationAndVariable_resolveToProvisionedDatasource() {
        Set<String> provisioned = new HashSet<>();
        GrafanaFiles.datasources()
                .forEach(ds -> provisioned.add(
                        ds.path("type").asText() + "/" + ds.path("uid").asText()));
        List<JsonNode> references = new ArrayList<>();
        for (JsonNode dashboard : GrafanaFiles.dashboards()) {
            dashboard.path("panels").forEach(panel -> {
                references.add(panel.path("datasource"));
                panel.path("targets").forEach(t -> references.add(t.path("datasource")));
            });
            dashboard.path("templating").path("list").forEach(v -> references.add(v.path("datasource")));
            dashboard.path("annotations").path("list").forEach(a -> {
                if (!a.path("builtIn").asBoolean(false)) {
                    references.add(a.path("datasource"));
                    references.add(a.path("target").path("datasource"));
                }
            });
        }

        assertThat(provisioned).containsExactly("grafana-postgresql-datasource/envmon-postgres");
        assertThat(references)
                .hasSizeGreaterThan(50)
                .allSatisfy(ref -> assertThat(ref.path("type").asText() + "/"
                                + ref.path("uid").asText())
                        .isIn(provisioned));
    }

    @Test
    void datasource_credentialsFromEnvironment_noSecretInFile() {
        JsonNode ds = GrafanaFiles.datasources().get(0);

        assertThat(ds.path("url").asText()).isEqualTo("${ENVMON_GRAFANA_DB_HOST}");
        assertThat(ds.path("user").asText()).isEqualTo("${ENVMON_GRAFANA_DB_USER}");
        assertThat(ds.path("secureJsonData").path("password").asText()).isEqualTo("${ENVMON_GRAFANA_DB_PASSWORD}");
        assertThat(ds.path("jsonData").path("database").asText()).isEqualTo("${ENVMON_GRAFANA_DB_NAME}");
    }

    @Test
    void dashboards_timeZoneChineseTitlesEnglishDescriptions() {
        for (JsonNode dashboard : GrafanaFiles.dashboards()) {
            assertThat(dashboard.path("timezone").asText()).isEqualTo("Asia/Shanghai");
            assertChineseTitleEnglishDescription(dashboard);
            dashboard.path("panels").forEach(DashboardJsonTest::assertChineseTitleEnglishDescription);
        }
    }

    private static void assertChineseTitleEnglishDescription(JsonNode node) {
        String title = node.path("title").asText();
        assertThat(title.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN))
                .as("Chinese title: %s", title)
                .isTrue();
        assertThat(node.path("description").asText())
                .as("English description of %s", title)
                .matches("[A-Za-z].*\\b[a-z]{3,}\\b.*");
    }

    @Test
    void variables_riverTownshipStation_presentWhereTheyApply() {
        for (JsonNode dashboard : GrafanaFiles.dashboards()) {
            List<String> names = new ArrayList<>();
            dashboard
                    .path("templating")
                    .path("list")
                    .forEach(v -> names.add(v.path("name").asText()));
            if (dashboard.path("uid").asText().equals("envmon-dust")) {
                assertThat(names).as("dust sites have no river").containsExactly("township", "station");
            } else {
                assertThat(names).as(dashboard.path("uid").asText()).containsExactly("river", "township", "station");
            }
        }
    }

    @Test
    void panelQueries_everyQuery_rawSqlWithoutSemicolon() {
        List<PanelQuery> queries = GrafanaFiles.dashboards().stream()
                .flatMap(d -> PanelQuery.of(d).stream())
                .toList();

        assertThat(queries)
                .hasSizeGreaterThan(40)
                .allSatisfy(
                        q -> assertThat(q.rawSql()).as(q.name()).isNotBlank().doesNotContain(";"));
    }
}
