package org.envmon.ingest.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.envmon.ingest.store.CsvLine;
import org.envmon.ingest.store.StationRecord;

/**
 * Reads a station CSV with the header {@code code,name,kind,river,township,lat,lon,target_class,timezone},
 * optionally followed by {@code hj212_password,crc_mode}
 * (UTF-8, optional BOM, RFC 4180 quotes within a line;
 * a cell cannot span lines). Every problem is reported with its line number.
 */
public final class StationCsv {
    static final List<String> COLUMNS =
            List.of("code", "name", "kind", "river", "township", "lat", "lon", "target_class", "timezone");
    static final List<String> HJ212_COLUMNS = List.of("hj212_password", "crc_mode");

    private StationCsv() {}

    public static List<StationRecord> read(Path file, String defaultTimezone) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new InvalidInput(file + " is empty; expected the header " + String.join(",", COLUMNS));
        }
        String header = lines.get(0).replace("\uFEFF", "").trim();
        List<String> headerCells = split(header, 1);
        List<String> withHj212 = new ArrayList<>(COLUMNS);
        withHj212.addAll(HJ212_COLUMNS);
        if (!headerCells.equals(COLUMNS) && !headerCells.equals(withHj212)) {
            throw new InvalidInput(file + " line 1: header must be " + String.join(",", COLUMNS)
                    + " (optionally followed by ," + String.join(",", HJ212_COLUMNS) + "), got " + header);
        }
        int columns = headerCells.size();
        List<StationRecord> stations = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                List<String> cells = split(line, i + 1);
                if (cells.size() != columns) {
                    throw new InvalidInput(cells.size() + " columns, expected " + columns);
                }
                boolean hj212 = columns > COLUMNS.size();
                stations.add(StationInput.parse(
                        cells.get(0),
                        cells.get(1),
                        cells.get(2),
                        cells.get(3),
                        cells.get(4),
                        cells.get(5),
                        cells.get(6),
                        cells.get(7),
                        cells.get(8),
                        defaultTimezone,
                        hj212 ? cells.get(9) : null,
                        hj212 ? cells.get(10) : null));
            } catch (InvalidInput e) {
                errors.add(file.getFileName() + " line " + (i + 1) + ": " + e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(String.join("\n", errors));
        }
        return stations;
    }

    static List<String> split(String line, int lineNumber) {
        try {
            return CsvLine.split(line);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput(e.getMessage() + " on line " + lineNumber);
        }
    }
}
