package org.envmon.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.envmon.ingest.store.StationRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StationCsvTest {
    private static final String HEADER = "code,name,kind,river,township,lat,lon,target_class,timezone";
    private static final String DEFAULT_ZONE = "Asia/Shanghai";

    @TempDir
    Path dir;

    private Path csv(String content) throws IOException {
        Path file = dir.resolve("stations.csv");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void read_validFile_parsesEveryRow() throws IOException {
        Path file = csv(HEADER + "\n"
                + "S01,\"Bridge, north bank\",river_section,Huai,,32.95,117.38,III,\n"
                + "D02,Dust site 2,dust_site,,Hefei,31.8,117.2,,Asia/Urumqi\n");

        List<StationRecord> stations = StationCsv.read(file, DEFAULT_ZONE);

        assertThat(stations)
                .containsExactly(
                        new StationRecord(
                                "S01",
                                "Bridge, north bank",
                                "river_section",
                                "Huai",
                                null,
                                32.95,
                                117.38,
                                3,
                                DEFAULT_ZONE,
                                true,
                                null,
                                null),
                        new StationRecord(
                                "D02",
                                "Dust site 2",
                                "dust_site",
                                null,
                                "Hefei",
                                31.8,
                                117.2,
                                null,
                                "Asia/Urumqi",
                                true,
                                null,
                                null));
    }

    @Test
    void read_doubledQuoteInsideQuotedCell_isUnescaped() throws IOException {
        Path file = csv(HEADER + "\nS01,\"The \"\"old\"\" bridge\",,,,,,,\n");

        assertThat(StationCsv.read(file, DEFAULT_ZONE))
                .extracting(StationRecord::name)
                .containsExactly("The \"old\" bridge");
    }

    @Test
    void read_blankLines_areSkipped() throws IOException {
        Path file = csv(HEADER + "\n\nS01,,,,,,,,\n   \nS02,,,,,,,,\n");

        assertThat(StationCsv.read(file, DEFAULT_ZONE))
                .extracting(StationRecord::code)
                .containsExactly("S01", "S02");
    }

    @Test
    void read_byteOrderMark_isTolerated() throws IOException {
        Path file = csv("\uFEFF" + HEADER + "\r\nS01,Station one,air,,,,,,\r\n");

        assertThat(StationCsv.read(file, DEFAULT_ZONE))
                .extracting(StationRecord::code, StationRecord::kind)
                .containsExactly(tuple("S01", "air"));
    }

    @Test
    void read_headerOnly_returnsNoStations() throws IOException {
        Path file = csv(HEADER + "\n");

        assertThat(StationCsv.read(file, DEFAULT_ZONE)).isEmpty();
    }

    @Test
    void read_wrongHeader_throwsNamingLine1() throws IOException {
        Path file = csv("code,name,type,river,township,lat,lon,target_class,timezone\nS01,,,,,,,,\n");

        assertThatThrownBy(() -> StationCsv.read(file, DEFAULT_ZONE))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("line 1")
                .hasMessageContaining(HEADER);
    }

    @Test
    void read_emptyFile_throwsMentioningHeader() throws IOException {
        Path file = csv("");

        assertThatThrownBy(() -> StationCsv.read(file, DEFAULT_ZONE))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("empty")
                .hasMessageContaining(HEADER);
    }

    @Test
    void read_badRow_throwsNamingLineAndField() throws IOException {
        Path file = csv(HEADER + "\n" + "S01,,,,,30,120,,\n" + "S02,,,,,91,120,,\n");

        assertThatThrownBy(() -> StationCsv.read(file, DEFAULT_ZONE))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("stations.csv line 3")
                .hasMessageContaining("lat")
                .hasMessageNotContaining("line 2");
    }

    @Test
    void read_wrongColumnCount_throwsNamingLine() throws IOException {
        Path file = csv(HEADER + "\nS01,name,air\n");

        assertThatThrownBy(() -> StationCsv.read(file, DEFAULT_ZONE))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("3 columns, expected 9");
    }

    @Test
    void read_unterminatedQuote_throwsNamingLine() throws IOException {
        Path file = csv(HEADER + "\nS01,\"open name,,,,,,,\n");

        assertThatThrownBy(() -> StationCsv.read(file, DEFAULT_ZONE))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("unterminated quote");
    }

    @Test
    void read_severalBadRows_reportsThemAllTogether() throws IOException {
        Path file = csv(HEADER + "\n" + "-bad,,,,,,,,\n" + "S02,,,,,,,,\n" + "S03,,lake,,,,,,\n" + "S04,,,,,,,VI,\n");

        assertThatThrownBy(() -> StationCsv.read(file, DEFAULT_ZONE))
                .isInstanceOf(InvalidInput.class)
                .satisfies(e -> assertThat(e.getMessage().split("\n"))
                        .satisfiesExactly(
                                first -> assertThat(first).contains("line 2").contains("code"),
                                second -> assertThat(second).contains("line 4").contains("kind"),
                                third -> assertThat(third).contains("line 5").contains("target_class")));
    }

    @Test
    void split_quotedAndEmptyCells_areSplitOnUnquotedCommasAndTrimmed() {
        assertThat(StationCsv.split(" a ,\"b, c\",,d", 7)).containsExactly("a", "b, c", "", "d");
    }
}
