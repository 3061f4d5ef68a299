package org.envmon.ingest.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The console's pages, scripts and styles, read from the jar once at start-up and served with an
 * ETag (revalidated, so a new version shows at once), gzip where the browser takes it, and headers
 * that allow only the service's own scripts. {@code /} is the console; other unknown paths are 404.
 */
public final class ConsoleAssets implements HttpHandler {
    static final List<String> FILES =
            List.of("index.html", "console.css", "console.js", "views.js", "texts.js", "draw.js");
    static final String SECURITY_POLICY =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                    + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    /** A file in both encodings, each a representation with its own tag (RFC 9110 8.8.3). */
    private record Asset(String type, byte[] plain, byte[] gzip, String etag, String gzipEtag) {}

    private final Map<String, Asset> assets;

    /** {@code language} (zh or en) is the one pages start in; each user may switch. */
    public ConsoleAssets(String language) {
        Map<String, Asset> loaded = new java.util.HashMap<>();
        for (String file : FILES) {
            byte[] plain = read(file);
            if (file.equals("index.html")) {
                plain = new String(plain, StandardCharsets.UTF_8)
                        .replace("data-language=\"zh\"", "data-language=\"" + language + "\"")
                        .getBytes(StandardCharsets.UTF_8);
            }
            String digest = digest(plain);
            loaded.put(
                    "/" + file,
                    new Asset(type(file), plain, gzip(plain), "\"" + digest + "\"", "\"" + digest + "-gzip\""));
        }
        loaded.put("/", loaded.get("/index.html"));
        this.assets = Map.copyOf(loaded);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        Asset asset = assets.get(exchange.getRequestURI().getPath());
        if (asset == null) {
            byte[] body = "not found: the console is at /, the API at /api, and /health, /metrics\n"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            exchange.close();
            return;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().add("Allow", "GET, HEAD");
            exchange.sendResponseHeaders(405, -1);
            exchange.close();
            return;
        }
        var headers = exchange.getResponseHeaders();
        String accepted = exchange.getRequestHeaders().getFirst("Accept-Encoding");
        boolean gzip = accepted != null && accepted.contains("gzip");
        String etag = gzip ? asset.gzipEtag() : asset.etag();
        headers.add("ETag", etag);
        headers.add("Cache-Control", "no-cache");
        headers.add("Content-Security-Policy", SECURITY_POLICY);
        headers.add("X-Content-Type-Options", "nosniff");
        headers.add("Referrer-Policy", "no-referrer");
        headers.add("Vary", "Accept-Encoding");
        if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
            exchange.sendResponseHeaders(304, -1);
            exchange.close();
            return;
        }
        byte[] body = gzip ? asset.gzip() : asset.plain();
        headers.add("Content-Type", asset.type());
        if (gzip) {
            headers.add("Content-Encoding", "gzip");
        }
        boolean head = method.equals("HEAD");
        exchange.sendResponseHeaders(200, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    private static byte[] read(String file) {
        try (InputStream in = ConsoleAssets.class.getResourceAsStream("/console/" + file)) {
            if (in == null) {
                throw new IllegalStateException("console/" + file + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 3 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String digest(byte[] plain) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(plain);
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String type(String file) {
        if (file.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (file.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        return "text/javascript; charset=utf-8";
    }
}
