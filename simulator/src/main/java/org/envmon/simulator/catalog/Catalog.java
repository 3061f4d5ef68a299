package org.envmon.simulator.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The stations to simulate, read from a CSV file with the header
 * {@code code,name,kind,river,township,lat,lon,target_class,mn}; lines starting with {@code #} are comments.
 */
public final class Catalog {
    static final String HEADER = "code,name,kind,river,township,lat,lon,target_class,mn";
    private static final String DEFAULT_RESOURCE = "default-stations.csv";

    private final List<Station> stations;

    public Catalog(List<Station> stations) {
        if (stations.isEmpty()) {
            throw new IllegalArgumentException("the catalogue holds no station");
        }
        Set<String> codes = new HashSet<>();
        Set<String> mns = new HashSet<>();
        for (Station station : stations) {
            if (!codes.add(station.code()) || !mns.add(station.mn().toUpperCase(Locale.ROOT))) {
                throw new IllegalArgumentException("station " + station.code() + " appears twice (code or mn)");
            }
        }
        this.stations = List.copyOf(stations);
    }

    /** The catalogue shipped with the simulator: 30 river sections, 50 dust sites, 10 outfalls in one county. */
    public static Catalog defaults() {
        try (InputStream in = Catalog.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("default catalogue resource missing");
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8), "default catalogue");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Catalog load(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader, file.toString());
        }
    }

    static Catalog parse(Reader source, String name) throws IOException {
        BufferedReader reader = new BufferedReader(source);
        List<Station> stations = new ArrayList<>();
        boolean headerSeen = false;
        int lineNo = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (!headerSeen) {
                if (!line.trim().equals(HEADER)) {
                    throw new IllegalArgumentException(name + " line " + lineNo + ": expected header " + HEADER);
                }
                headerSeen = true;
                continue;
            }
            try {
                stations.add(row(line.split(",", -1)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + " line " + lineNo + ": " + e.getMessage(), e);
            }
        }
        return new Catalog(stations);
    }

    private static Station row(String[] cells) {
        if (cells.length != 9) {
            throw new IllegalArgumentException("expected 9 cells, got " + cells.length);
        }
        return new Station(
                cells[0].trim(),
                cells[1].trim(),
                StationKind.parse(cells[2]),
                optional(cells[3]),
                optional(cells[4]),
                Double.parseDouble(cells[5].trim()),
                Double.parseDouble(cells[6].trim()),
                optional(cells[7]),
                cells[8].trim());
    }

    private static Optional<String> optional(String cell) {
        return cell.isBlank() ? Optional.empty() : Optional.of(cell.trim());
    }

    public List<Station> stations() {
        return stations;
    }

    /**
     * The first {@code count} stations; past the end of the catalogue, copies of its stations in turn with
     * derived codes and MNs, so a load test can run thousands of stations of realistic kinds.
     */
    public List<Station> take(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("station count must be at least 1");
        }
        List<Station> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (i < stations.size()) {
                out.add(stations.get(i));
                continue;
            }
            Station template = stations.get(i % stations.size());
            String mn = String.format(Locale.ROOT, "%s%08X", template.mn().substring(0, 12), 0x10000000L + i);
            out.add(new Station(
                    String.format(Locale.ROOT, "SIM%06d", i + 1),
                    template.name() + " #" + (i + 1),
                    template.kind(),
                    template.river(),
                    template.township(),
                    template.lat(),
                    template.lon(),
                    template.targetClass(),
                    mn + "0000"));
        }
        return out;
    }

    /**
     * The stations as the CSV that {@code envmon stations import} reads, so the ingest side can be
     * prepared for a run ({@code hj212} selects the MN as the station code).
     */
    public static String ingestCsv(List<Station> stations, boolean hj212, double dialect2005Share, String password) {
        StringBuilder csv = new StringBuilder(
                "code,name,kind,river,township,lat,lon,target_class,timezone," + "hj212_password,crc_mode\n");
        for (int i = 0; i < stations.size(); i++) {
            Station s = stations.get(i);
            csv.append(s.wireCode(hj212, speaks2005(i, dialect2005Share)))
                    .append(',')
                    .append(s.name())
                    .append(',')
                    .append(s.kind().label())
                    .append(',')
                    .append(s.river().orElse(""))
                    .append(',')
                    .append(s.township().orElse(""))
                    .append(',')
                    .append(s.lat())
                    .append(',')
                    .append(s.lon())
                    .append(',')
                    .append(s.targetClass().orElse(""))
                    .append(",Asia/Shanghai,")
                    .append(hj212 ? password : "")
                    .append(',')
                    .append(hj212 ? "standard" : "")
                    .append('\n');
        }
        return csv.toString();
    }

    /**
     * Whether the station at {@code index} of a run has an HJ/T 212-2005 logger, given the share of such
     * stations: every (1/share)-th station, so the choice is the same in a run and in its catalogue export.
     */
    public static boolean speaks2005(int index, double share) {
        if (share <= 0) {
            return false;
        }
        long every = Math.max(1, Math.round(1 / share));
        return index % every == every - 1;
    }
}
