package org.envmon.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's notifier: a local receiver for envmon's webhook notifier that prints every notification
 * on the console, so the demo shows the real notification path (rule, alert, outbox, delivery).
 */
public final class ConsoleNotifier implements AutoCloseable {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private final HttpServer server;
    private final PrintStream out;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong received = new AtomicLong();

    private ConsoleNotifier(HttpServer server, PrintStream out) {
        this.server = server;
        this.out = out;
    }

    public static ConsoleNotifier start(PrintStream out) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        ConsoleNotifier notifier = new ConsoleNotifier(server, out);
        server.createContext("/notify", notifier::handle);
        server.start();
        return notifier;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/notify");
    }

    public long received() {
        return received.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange;
                InputStream body = exchange.getRequestBody()) {
            JsonNode notice = json.readTree(body);
            received.incrementAndGet();
            out.println("  >> " + LocalTime.now(ZoneId.systemDefault()).format(CLOCK) + " notification: "
                    + notice.path("title").asText());
            exchange.sendResponseHeaders(204, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
