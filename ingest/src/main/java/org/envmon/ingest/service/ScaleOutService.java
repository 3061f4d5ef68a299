package org.envmon.ingest.service;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.http.HealthReport;
import org.envmon.ingest.http.HttpEndpoint;
import org.envmon.ingest.kafka.KafkaClients;
import org.envmon.ingest.kafka.KafkaHealth;
import org.envmon.ingest.kafka.Topics;
import org.envmon.ingest.metrics.IngestMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process of a scale-out deployment on Kafka ({@code serve --role edge|writer|all}): the roles it
 * runs, one HTTP endpoint (health, metrics, and on writers the console) and the topics checked at start.
 */
public final class ScaleOutService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ScaleOutService.class);

    /** What a process of a scale-out deployment does. */
    public enum Role {
        /** Listeners to Kafka; no database. */
        EDGE,
        /** Kafka to the database, with alerting and the console. */
        WRITER,
        /** Both in one process, through Kafka. */
        ALL;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Role role;
    private final PrometheusMeterRegistry registry;
    private final HttpEndpoint http;
    private final KafkaHealth health;
    private final Optional<WriterRole> writer;
    private final Optional<EdgeRole> edge;
    private final Teardown teardown;
    private boolean closed;

    private ScaleOutService(
            Role role,
            PrometheusMeterRegistry registry,
            HttpEndpoint http,
            KafkaHealth health,
            Optional<WriterRole> writer,
            Optional<EdgeRole> edge,
            Teardown teardown) {
        this.role = role;
        this.registry = registry;
        this.http = http;
        this.health = health;
        this.writer = writer;
        this.edge = edge;
        this.teardown = teardown;
    }

    public static ScaleOutService start(EnvmonConfig config, Role role) throws InterruptedException {
        return start(config, role, Clock.systemUTC());
    }

    public static ScaleOutService start(EnvmonConfig config, Role role, Clock clock) throws InterruptedException {
        String bootstrap = config.kafka().requireBootstrapServers(role.label());
        KafkaClients kafka = new KafkaClients(config.kafka(), bootstrap, clientIdPrefix(role));
        PrometheusMeterRegistry registry = EnvmonService.newRegistry();
        IngestMetrics metrics = new IngestMetrics(registry);
        Teardown teardown = new Teardown();
        teardown.push(registry::close);
        try {
            Admin admin = kafka.admin();
            KafkaHealth health = teardown.push(new KafkaHealth(admin));
            new Topics(config.kafka()).ensure(admin);
            health.start();
            HttpEndpoint http = teardown.push(HttpEndpoint.start(
                    config.http(), config.http().tls() ? Optional.of(config.tls()) : Optional.empty(), registry));
            Optional<WriterRole> writer = role == Role.EDGE
                    ? Optional.empty()
                    : Optional.of(teardown.push(WriterRole.start(config, kafka, http, registry, metrics, clock)));
            Optional<EdgeRole> edge = role == Role.WRITER
                    ? Optional.empty()
                    : Optional.of(teardown.push(EdgeRole.start(config, kafka, health, registry, metrics, clock)));
            ScaleOutService service = new ScaleOutService(role, registry, http, health, writer, edge, teardown);
            http.health(service::health);
            log.info(
                    "envmon {} ready: Kafka {}, MQTT port {}, HJ 212 port {}, HTTP port {}",
                    role.label(),
                    bootstrap,
                    edge.flatMap(e -> e.listeners().mqttPort())
                            .map(String::valueOf)
                            .orElse("-"),
                    edge.flatMap(e -> e.listeners().hj212Port())
                            .map(String::valueOf)
                            .orElse("-"),
                    http.port());
            return service;
        } catch (RuntimeException | InterruptedException e) {
            teardown.run();
            throw e;
        }
    }

    private static String clientIdPrefix(Role role) {
        return "envmon-" + role.label() + "-"
                + ManagementFactory.getRuntimeMXBean().getName();
    }

    public HealthReport health() {
        return HealthReport.ofRole(
                role.label(),
                edge.map(e -> e.listeners().mqttHealth()).orElse(null),
                edge.map(e -> e.listeners().hj212Health()).orElse(null),
                writer.map(WriterRole::databaseHealth).orElse(null),
                edge.map(EdgeRole::queueHealth).orElse(null),
                new HealthReport.Kafka(health.reachable(), health.taking(), health.brokers(), health.lastError()),
                writer.map(WriterRole::problem)
                        .orElseGet(() -> edge.map(EdgeRole::problem).orElse(null)));
    }

    public Role role() {
        return role;
    }

    /** The plain MQTT port of an edge. */
    public int mqttPort() {
        return edge.flatMap(e -> e.listeners().mqttPort())
                .orElseThrow(() -> new IllegalStateException("no plain MQTT listener in role " + role.label()));
    }

    public Optional<Integer> hj212Port() {
        return edge.flatMap(e -> e.listeners().hj212Port());
    }

    public int httpPort() {
        return http.port();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Graceful stop: edges first (what they accepted reaches Kafka and is acknowledged), then the writer. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        log.info("Shutting down envmon {}", role.label());
        teardown.run();
        log.info("envmon {} stopped", role.label());
    }
}
