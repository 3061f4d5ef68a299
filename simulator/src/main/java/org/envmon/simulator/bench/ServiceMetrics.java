package org.envmon.simulator.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The service's own figures, read from its Prometheus endpoint ({@code /metrics}). */
public final class ServiceMetrics {
    private final URI url;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ServiceMetrics(URI url) {
        this.url = url;
    }

    /** One scrape: every sample line as its series (name and labels) and value. */
    public Snapshot scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(url)
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered HTTP " + response.statusCode());
        }
        return Snapshot.parse(response.body());
    }

    /** The samples of one scrape. */
    public record Snapshot(List<Sample> samples) {
        static Snapshot parse(String text) {
            List<Sample> samples = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int space = line.lastIndexOf(' ');
                if (space <= 0) {
                    continue;
                }
                try {
                    samples.add(new Sample(line.substring(0, space), Double.parseDouble(line.substring(space + 1))));
                } catch (NumberFormatException e) {
                    // a value this parser does not read (none in Micrometer's output) is skipped
                }
            }
            return new Snapshot(List.copyOf(samples));
        }

        /** The sum over the series named {@code name} whose labels contain {@code labelText} (empty: all). */
        public double sum(String name, String labelText) {
            double sum = 0;
            for (Sample sample : samples) {
                String series = sample.series();
                boolean named = series.equals(name) || series.startsWith(name + "{");
                if (named && series.contains(labelText)) {
                    sum += sample.value();
                }
            }
            return sum;
        }

        public double heapUsed() {
            return sum("jvm_memory_used_bytes", "area=\"heap\"");
        }

        /** The JVM's direct buffer pool (Netty's pooled arenas are in it unless Netty bypasses it). */
        public double directUsed() {
            return sum("jvm_buffer_memory_used_bytes", "id=\"direct\"");
        }

        public double nettyDirectUsed() {
            return sum("envmon_netty_direct_memory_bytes", "");
        }

        public double threads() {
            return sum("jvm_threads_live_threads", "");
        }

        /** The service process's CPU in cores: Micrometer's share of all processors times their count. */
        public double cpuCores() {
            return sum("process_cpu_usage", "") * sum("system_cpu_count", "");
        }

        public double connections() {
            return sum("envmon_connections", "");
        }
    }

    /** One line of the exposition: series (name with labels) and value. */
    public record Sample(String series, double value) {}
}
