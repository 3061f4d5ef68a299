package org.envmon.ingest.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.envmon.ingest.http.JsonAnswer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/events}: server-sent events that tell open consoles when any alert changed (an
 * alert raised, resolved, acknowledged or commented, by this node or another), so pages refresh at
 * once instead of polling. One query a second serves every console. A stream holds no HTTP thread
 * while it waits, and ends after its lifetime (within the HTTP server's response time limit);
 * the browser reconnects and is told at once of a change it missed in between (Last-Event-ID).
 */
public final class AlertEvents implements HttpHandler, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlertEvents.class);
    private static final int MAX_STREAMS = 500;
    private static final int MAX_STREAMS_PER_USER = 10;
    private static final long POLL_MILLIS = 1000;
    private static final long RETRY_MILLIS = 1000;

    private record Stream(OutputStream out, HttpExchange exchange, String user, long openedNanos) {}

    private final DataSource dataSource;
    private final Map<HttpExchange, Stream> streams = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "envmon-console-events");
        thread.setDaemon(true);
        return thread;
    });
    private final Duration lifetime;
    private volatile long lastEventId = -1;
    private int counted;
    private final Map<String, Integer> perUser = new HashMap<>();

    /**
     * {@code lifetime}: how long one stream stays open, shorter than the HTTP server's response
     * time limit, which would cut it off mid-event.
     */
    public AlertEvents(DataSource dataSource, Duration lifetime) {
        this.dataSource = dataSource;
        this.lifetime = lifetime;
        poller.scheduleWithFixedDelay(this::poll, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().add("Allow", "GET");
            JsonAnswer.error(exchange, 405, "events are read with GET (EventSource)");
            return;
        }
        String user = exchange.getPrincipal() == null
                ? AuditLog.API_TOKEN
                : exchange.getPrincipal().getUsername();
        if (!admitted(user)) {
            JsonAnswer.error(exchange, 503, "too many open event streams; pages refresh when they are reloaded");
            return;
        }
        try {
            open(exchange, user);
        } catch (IOException | RuntimeException e) {
            release(user);
            throw e;
        }
    }

    private void open(HttpExchange exchange, String user) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        Stream stream = new Stream(out, exchange, user, System.nanoTime());
        long known = lastEventId;
        StringBuilder first = new StringBuilder("retry: ").append(RETRY_MILLIS).append("\n\n");
        if (missed(exchange.getRequestHeaders().getFirst("Last-Event-ID"), known)) {
            first.append(event(known));
        }
        // Written before the stream is shared with the poller, so the two never write at once.
        if (write(stream, first.toString())) {
            streams.put(exchange, stream);
        } else {
            release(user);
        }
    }

    /** Counts a new stream in, or refuses it beyond the limits (in all, and per user). */
    private synchronized boolean admitted(String user) {
        int own = perUser.getOrDefault(user, 0);
        if (counted >= MAX_STREAMS || own >= MAX_STREAMS_PER_USER) {
            return false;
        }
        counted++;
        perUser.put(user, own + 1);
        return true;
    }

    private synchronized void release(String user) {
        counted--;
        perUser.computeIfPresent(user, (u, n) -> n > 1 ? n - 1 : null);
    }

    /** Whether a reconnecting browser last heard of an older change than the newest one. */
    private static boolean missed(String lastHeard, long known) {
        if (lastHeard == null || known < 0) {
            return false;
        }
        try {
            return Long.parseLong(lastHeard.trim()) < known;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private void poll() {
        long now = System.nanoTime();
        for (Stream stream : streams.values()) {
            if (now - stream.openedNanos() > lifetime.toNanos()) {
                end(stream);
            }
        }
        long newest;
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(max(id), 0) FROM alert_event")) {
            rs.next();
            newest = rs.getLong(1);
        } catch (SQLException e) {
            log.debug("Console events could not look for alert changes: {}", e.getMessage());
            return;
        }
        boolean changed = lastEventId >= 0 && newest != lastEventId;
        lastEventId = newest;
        if (changed) {
            streams.values().forEach(stream -> write(stream, event(newest)));
        }
    }

    private static String event(long id) {
        return "id: " + id + "\nevent: alerts\ndata: {\"lastEventId\":" + id + "}\n\n";
    }

    private boolean write(Stream stream, String text) {
        try {
            stream.out().write(text.getBytes(StandardCharsets.UTF_8));
            stream.out().flush();
            return true;
        } catch (IOException e) {
            end(stream);
            return false;
        }
    }

    private void end(Stream stream) {
        if (streams.remove(stream.exchange()) != null) {
            release(stream.user());
        }
        try {
            stream.out().close();
        } catch (IOException e) {
            log.debug("Event stream closed by the browser: {}", e.getMessage());
        }
        stream.exchange().close();
    }

    @Override
    public void close() {
        poller.shutdownNow();
        streams.values().forEach(this::end);
    }
}
