package org.envmon.ingest.console;

import java.util.List;

/**
 * A report ready to render: a title, its column headers, rows of display text, and the headline
 * figures shown above the table (not in the CSV, which holds the table only).
 */
public record ReportTable(
        String kind,
        String title,
        String period,
        List<String> headers,
        List<List<String>> rows,
        List<Headline> headlines) {

    /** A labelled figure such as the compliance rate. */
    public record Headline(String label, String value) {}
}
