package org.envmon.ingest.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportRenderingTest {
    private static ReportTable table(List<String> row) {
        return new ReportTable(
                "sections",
                "河流断面水质月报",
                "2026-11",
                List.of("code", "name"),
                List.of(row),
                List.of(new ReportTable.Headline("达标率", "83.3 %")));
    }

    private static String csv(List<String> row) {
        return new String(ReportRendering.csv(table(row)), StandardCharsets.UTF_8);
    }

    @Test
    void csv_startsWithAByteOrderMark_andEndsLinesWithCrLf() {
        assertThat(csv(List.of("JJ01", "望江桥"))).isEqualTo("\uFEFFcode,name\r\nJJ01,望江桥\r\n");
    }

    @Test
    void csv_quotesCommasQuotesAndLineBreaks() {
        assertThat(csv(List.of("a,b", "say \"hi\"\nthere"))).endsWith("\r\n\"a,b\",\"say \"\"hi\"\"\nthere\"\r\n");
    }

    @Test
    void csv_cellsASpreadsheetWouldRunAsFormulas_areDefused_numbersAreNot() {
        assertThat(csv(List.of("=HYPERLINK(\"x\")", "@SUM(A1)")))
                .endsWith("\r\n\"'=HYPERLINK(\"\"x\"\")\",'@SUM(A1)\r\n");
        assertThat(csv(List.of("+cmd", "\tcmd"))).endsWith("\r\n'+cmd,'\tcmd\r\n");
        assertThat(csv(List.of("-1.5", "-12"))).endsWith("\r\n-1.5,-12\r\n");
    }

    @Test
    void html_escapesEveryCell_andHasNoScript() {
        String html = new String(
                ReportRendering.html(table(List.of("<script>alert(1)</script>", "O'Brien & \"co\"")), true),
                StandardCharsets.UTF_8);

        assertThat(html)
                .contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>")
                .contains("<td>O&#39;Brien &amp; &quot;co&quot;</td>")
                .contains("<dt>达标率</dt><dd>83.3 %</dd>")
                .contains("统计期: 2026-11")
                .doesNotContain("<script>");
    }
}
