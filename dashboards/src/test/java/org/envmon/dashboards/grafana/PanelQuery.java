package org.envmon.dashboards.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One SQL query of a dashboard — a panel target, an annotation or a template variable — with the
 * columns the dashboard expects in its result, read from the JSON itself: {@code time} for the
 * time-series format and for annotations ({@code text} too), the columns a field override names,
 * the fields a geomap layer, a bar chart or a bar gauge reads.
 *
 * @param panelColumns columns some query of the same panel must return (overrides apply across targets)
 */
public record PanelQuery(
        String dashboardUid,
        String title,
        String refId,
        String format,
        String rawSql,
        Set<String> ownColumns,
        Set<String> panelColumns) {

    public String name() {
        return dashboardUid + " / " + title + " / " + refId;
    }

    public static List<PanelQuery> of(JsonNode dashboard) {
        String uid = dashboard.path("uid").asText();
        List<PanelQuery> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            Set<String> panelColumns = panelColumns(panel);
            for (JsonNode target : panel.path("targets")) {
                String format = target.path("format").asText("table");
                Set<String> own = new LinkedHashSet<>();
                if (format.equals("time_series")) {
                    own.add("time");
                }
                queries.add(new PanelQuery(
                        uid,
                        panel.path("title").asText(),
                        target.path("refId").asText(),
                        format,
                        target.path("rawSql").asText(),
                        own,
                        panelColumns));
            }
        }
        for (JsonNode annotation : dashboard.path("annotations").path("list")) {
            JsonNode target = annotation.path("target");
            if (target.has("rawSql")) {
                queries.add(new PanelQuery(
                        uid,
                        "annotation " + annotation.path("name").asText(),
                        "annotation",
                        "table",
                        target.path("rawSql").asText(),
                        Set.of("time", "text"),
                        Set.of()));
            }
        }
        return queries;
    }

    private static Set<String> panelColumns(JsonNode panel) {
        Set<String> columns = new LinkedHashSet<>();
        for (JsonNode override : panel.path("fieldConfig").path("overrides")) {
            if (override.path("matcher").path("id").asText().equals("byName")) {
                columns.add(override.path("matcher").path("options").asText());
            }
        }
        for (JsonNode layer : panel.path("options").path("layers")) {
            JsonNode location = layer.path("location");
            addIfText(columns, location.path("latitude"));
            addIfText(columns, location.path("longitude"));
            JsonNode style = layer.path("config").path("style");
            addIfText(columns, style.path("color").path("field"));
            addIfText(columns, style.path("text").path("field"));
        }
        addIfText(columns, panel.path("options").path("xField"));
        String fields =
                panel.path("options").path("reduceOptions").path("fields").asText("");
        if (fields.startsWith("/^") && fields.endsWith("$/")) {
            columns.add(fields.substring(2, fields.length() - 2));
        }
        return columns;
    }

    private static void addIfText(Set<String> columns, JsonNode node) {
        if (node.isTextual() && !node.asText().isEmpty()) {
            columns.add(node.asText());
        }
    }
}
