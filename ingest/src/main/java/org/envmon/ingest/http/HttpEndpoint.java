package org.envmon.ingest.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.envmon.ingest.config.EnvmonConfig.HttpConfig;
import org.envmon.ingest.config.EnvmonConfig.TlsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /health} (JSON) and {@code GET /metrics} (Prometheus text), over HTTP or HTTPS. */
public final class HttpEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpEndpoint.class);
    private final HttpServer server;
    private static final int WORKER_THREADS = 8;

    private final ExecutorService executor;
    private final AtomicReference<Supplier<HealthReport>> health;
    private final BearerTokenFilter tokenCheck;
    private final Optional<String> apiToken;
    private final MeterRegistry registry;

    private HttpEndpoint(
            HttpServer server,
            ExecutorService executor,
            AtomicReference<Supplier<HealthReport>> health,
            BearerTokenFilter tokenCheck,
            Optional<String> apiToken,
            MeterRegistry registry) {
        this.server = server;
        this.executor = executor;
        this.health = health;
        this.tokenCheck = tokenCheck;
        this.apiToken = apiToken;
        this.registry = registry;
    }

    /** Starts serving; /health answers 503 "starting" until {@link #health(Supplier)} is set. */
    public static HttpEndpoint start(HttpConfig config, PrometheusMeterRegistry registry) {
        return start(config, Optional.empty(), registry);
    }

    /** As {@link #start(HttpConfig, PrometheusMeterRegistry)}; with {@code tls} present the endpoint speaks HTTPS only. */
    public static HttpEndpoint start(HttpConfig config, Optional<TlsConfig> tls, PrometheusMeterRegistry registry) {
        HttpServer server;
        try {
            InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
            server = tls.isPresent() ? https(address, tls.get()) : HttpServer.create(address, 64);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Cannot listen for HTTP on " + config.host() + ":" + config.port() + ": " + e.getMessage()
                            + " (set ENVMON_HTTP_PORT to a free port)",
                    e);
        }
        ObjectMapper json = new ObjectMapper();
        AtomicReference<Supplier<HealthReport>> health = new AtomicReference<>(HealthReport::starting);
        BearerTokenFilter tokenCheck = new BearerTokenFilter(config.apiToken(), Optional.empty(), registry);
        HttpContext healthContext = server.createContext("/health", exchange -> {
            if (!allowGet(exchange)) {
                return;
            }
            HealthReport report = health.get().get();
            byte[] body = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(report);
            respond(exchange, report.isUp() ? 200 : 503, "application/json", body);
        });
        HttpContext metricsContext = server.createContext("/metrics", exchange -> {
            if (!allowGet(exchange)) {
                return;
            }
            respond(
                    exchange,
                    200,
                    "text/plain; version=0.0.4; charset=utf-8",
                    registry.scrape().getBytes(StandardCharsets.UTF_8));
        });
        if (!config.openHealthAndMetrics()) {
            healthContext.getFilters().add(tokenCheck);
            metricsContext.getFilters().add(tokenCheck);
        }
        server.createContext(
                "/",
                exchange -> respond(
                        exchange,
                        404,
                        "text/plain; charset=utf-8",
                        "not found: try /health or /metrics\n".getBytes(StandardCharsets.UTF_8)));
        // Each request being read holds a thread (see HttpServerLimits); a few spare ones keep /health
        // answering while some clients are slow.
        ExecutorService executor = Executors.newFixedThreadPool(WORKER_THREADS, runnable -> {
            Thread thread = new Thread(runnable, "envmon-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
        log.info(
                "{} endpoint on {}:{} (/health, /metrics {}; /api/* {})",
                tls.isPresent() ? "HTTPS" : "HTTP",
                config.host(),
                server.getAddress().getPort(),
                config.openHealthAndMetrics() ? "open" : "need the API token",
                config.apiToken().isPresent()
                        ? "for the API token or a console login"
                        : "for a console login only: no http.apiToken set");
        return new HttpEndpoint(server, executor, health, tokenCheck, config.apiToken(), registry);
    }

    private static HttpsServer https(InetSocketAddress address, TlsConfig tls) throws IOException {
        HttpsServer server = HttpsServer.create(address, 64);
        SSLContext context = HttpsContext.fromPem(tls);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = context.getDefaultSSLParameters();
                // As on the MQTT and HJ 212 listeners: nothing older than TLS 1.2 (RFC 8996).
                parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                params.setSSLParameters(parameters);
            }
        });
        return server;
    }

    /**
     * Serves {@code path} (and everything below it) with a handler of another component, e.g. the
     * alert API; only requests with the API token reach it.
     */
    public void route(String path, HttpHandler handler) {
        server.createContext(path, handler).getFilters().add(tokenCheck);
    }

    /** As {@link #route(String, HttpHandler)}, also letting in console sessions as {@code sessions} allows. */
    public void route(String path, HttpHandler handler, SessionCheck sessions) {
        server.createContext(path, handler)
                .getFilters()
                .add(new BearerTokenFilter(apiToken, Optional.of(sessions), registry));
    }

    /** Serves {@code path} to every caller; the handler checks what it needs (the console's login). */
    public void routeOpen(String path, HttpHandler handler) {
        server.createContext(path, handler);
    }

    /** Serves every path no other route takes (the console's pages) with {@code handler}, to every caller. */
    public void serveRest(HttpHandler handler) {
        server.removeContext("/");
        server.createContext("/", handler);
    }

    public void health(Supplier<HealthReport> source) {
        health.set(source);
    }

    private static boolean allowGet(HttpExchange exchange) throws IOException {
        if ("GET".equals(exchange.getRequestMethod()) || "HEAD".equals(exchange.getRequestMethod())) {
            return true;
        }
        exchange.getResponseHeaders().add("Allow", "GET, HEAD");
        respond(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n".getBytes(StandardCharsets.UTF_8));
        return false;
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", contentType);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }
}
