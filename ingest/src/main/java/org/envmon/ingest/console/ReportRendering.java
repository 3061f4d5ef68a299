package org.envmon.ingest.console;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** A report as CSV (for spreadsheets) and as a printable HTML page. */
final class ReportRendering {
    /** Excel takes a CSV without it for the local code page and garbles Chinese. */
    private static final String BYTE_ORDER_MARK = "\uFEFF";

    private ReportRendering() {}

    /** RFC 4180: CRLF line ends, fields quoted where they hold a comma, quote or line break. */
    static byte[] csv(ReportTable table) {
        StringBuilder out = new StringBuilder(BYTE_ORDER_MARK);
        line(out, table.headers());
        table.rows().forEach(row -> line(out, row));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String f = fields.get(i);
            // A leading =, +, -, @, tab or CR would be run as a formula by spreadsheets (CSV injection).
            if (!f.isEmpty() && "=+-@\t\r".indexOf(f.charAt(0)) >= 0 && !f.matches("-?\\d+(\\.\\d+)?")) {
                f = "'" + f;
            }
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                out.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                out.append(f);
            }
        }
        out.append("\r\n");
    }

    /** A page of its own, without scripts, that prints on A4 landscape. */
    static byte[] html(ReportTable table, boolean chinese) {
        StringBuilder out = new StringBuilder(4096);
        out.append("<!DOCTYPE html><html lang=\"")
                .append(chinese ? "zh-CN" : "en")
                .append("\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(table.title() + " " + table.period()))
                .append("</title><style>")
                .append("@page{size:A4 landscape;margin:12mm}body{font-family:sans-serif;font-size:12px;margin:16px}")
                .append("table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:3px 6px;")
                .append("text-align:left}th{background:#eee}dl{display:grid;grid-template-columns:max-content auto;")
                .append("gap:2px 12px}dt{font-weight:bold}")
                .append("</style></head><body><h1>")
                .append(escape(table.title()))
                .append("</h1><p>")
                .append(escape((chinese ? "统计期: " : "Period: ") + table.period()))
                .append("</p>");
        if (!table.headlines().isEmpty()) {
            out.append("<dl>");
            for (ReportTable.Headline h : table.headlines()) {
                out.append("<dt>")
                        .append(escape(h.label()))
                        .append("</dt><dd>")
                        .append(escape(h.value()))
                        .append("</dd>");
            }
            out.append("</dl>");
        }
        out.append("<table><thead><tr>");
        table.headers().forEach(h -> out.append("<th>").append(escape(h)).append("</th>"));
        out.append("</tr></thead><tbody>");
        for (List<String> row : table.rows()) {
            out.append("<tr>");
            row.forEach(cell -> out.append("<td>").append(escape(cell)).append("</td>"));
            out.append("</tr>");
        }
        out.append("</tbody></table></body></html>");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
