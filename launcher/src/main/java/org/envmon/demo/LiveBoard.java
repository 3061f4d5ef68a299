package org.envmon.demo;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The demo's console board: stations online (data received within {@code onlineWindow}), readings
 * stored per second, rejections, the staff console's address and login, and the open alerts with
 * their station and metric. Read from the service's own metrics and tables, as an operator would
 * see them.
 */
public final class LiveBoard {
    private static final String OPEN_ALERTS = "SELECT a.state, s.code, s.name, a.metric_code, a.value, a.summary "
            + "FROM alert a JOIN station s ON s.id = a.station_id WHERE a.state <> 'resolved' ORDER BY a.started_at";

    private final DataSource dataSource;
    private final MeterRegistry registry;
    private final PrintStream out;
    private final Duration onlineWindow;
    private final int stations;
    private final String metricsUrl;
    private final String console;
    private final long startNanos = System.nanoTime();
    private double lastStored;
    private long lastNanos = startNanos;

    public LiveBoard(
            DataSource dataSource,
            MeterRegistry registry,
            PrintStream out,
            Duration onlineWindow,
            int stations,
            String metricsUrl,
            String console) {
        this.dataSource = dataSource;
        this.registry = registry;
        this.out = out;
        this.onlineWindow = onlineWindow;
        this.stations = stations;
        this.metricsUrl = metricsUrl;
        this.console = console;
    }

    /** Prints one frame of the board. */
    public void print() {
        long now = System.nanoTime();
        double stored = registry.find("envmon.readings.stored").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
        double rejected = registry.find("envmon.rejections").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
        double perSecond = (stored - lastStored) / Math.max(1e-9, (now - lastNanos) / 1e9);
        lastStored = stored;
        lastNanos = now;
        long elapsed = (now - startNanos) / 1_000_000_000L;
        StringBuilder board = new StringBuilder();
        try (Connection c = dataSource.getConnection()) {
            long online = online(c);
            long resolved = count(c, "SELECT count(*) FROM alert WHERE state = 'resolved'");
            List<String> open = openAlerts(c);
            board.append(String.format(
                    Locale.ROOT,
                    "[%02d:%02d] stations online %d/%d | %.0f readings/s | stored %.0f"
                            + " | rejected %.0f | alerts open %d, resolved %d | %s%n",
                    elapsed / 60,
                    elapsed % 60,
                    online,
                    stations,
                    perSecond,
                    stored,
                    rejected,
                    open.size(),
                    resolved,
                    metricsUrl));
            board.append("          ").append(console).append(System.lineSeparator());
            open.forEach(line -> board.append("          ").append(line).append(System.lineSeparator()));
        } catch (SQLException e) {
            board.append("[board] database not readable: ")
                    .append(e.getMessage())
                    .append(System.lineSeparator());
        }
        out.print(board);
        out.flush();
    }

    private long online(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT count(DISTINCT station_id) FROM reading WHERE received_at > now() - make_interval(secs => ?)")) {
            s.setDouble(1, onlineWindow.toMillis() / 1000.0);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> openAlerts(Connection c) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(OPEN_ALERTS);
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                lines.add(String.format(
                        Locale.ROOT,
                        "%-7s %-5s %-34s %-7s %s",
                        rs.getString(1).toUpperCase(Locale.ROOT),
                        rs.getString(2),
                        abbreviate(rs.getString(3), 34),
                        rs.getString(4),
                        rs.getString(6)));
            }
        }
        return lines;
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "~";
    }
}
