package org.envmon.ingest.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.envmon.ingest.payload.RejectReason;
import org.envmon.ingest.payload.Transport;

/** Every meter the ingest path records; names are documented in docs/metrics.md. */
public final class IngestMetrics {
    private final MeterRegistry registry;
    private final Counter readingsStored;
    private final Counter readingsDuplicate;
    private final Counter writeFailures;
    private final Counter backpressurePauses;
    private final DistributionSummary batchReadings;
    private final Timer commitLatency;
    private final Map<Transport, AtomicInteger> connections = new EnumMap<>(Transport.class);
    private final Map<Transport, Map<String, Counter>> messagesReceived = new EnumMap<>(Transport.class);

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.readingsStored = Counter.builder("envmon.readings.stored")
                .description("Readings inserted into the reading table")
                .register(registry);
        this.readingsDuplicate = Counter.builder("envmon.readings.duplicate")
                .description("Readings absorbed because (station, metric, time) was already stored")
                .register(registry);
        this.writeFailures = Counter.builder("envmon.write.failures")
                .description("Batches whose transaction failed; their messages were not acknowledged")
                .register(registry);
        this.backpressurePauses = Counter.builder("envmon.backpressure.pauses")
                .description("Times a connection stopped reading because the ingest queue was full")
                .register(registry);
        this.batchReadings = DistributionSummary.builder("envmon.batch.readings")
                .description("Readings per committed batch")
                .publishPercentileHistogram()
                .register(registry);
        this.commitLatency = Timer.builder("envmon.batch.commit")
                .description("Time to write and commit one batch")
                .publishPercentileHistogram()
                .register(registry);
        // Netty may allocate its pooled direct memory outside the JVM's direct buffer pool (jvm_buffer_*)
        Gauge.builder(
                        "envmon.netty.direct.memory",
                        () -> ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT)
                                .metric()
                                .usedDirectMemory())
                .baseUnit("bytes")
                .description("Direct memory held by Netty's pooled buffer allocator")
                .register(registry);
        for (Transport transport : Transport.values()) {
            messagesReceived.put(transport, new ConcurrentHashMap<>());
            AtomicInteger open = new AtomicInteger();
            connections.put(transport, open);
            Gauge.builder("envmon.connections", open, AtomicInteger::get)
                    .tag("transport", transport.label())
                    .description("Open connections")
                    .register(registry);
        }
    }

    public void messageReceived(Transport transport, String format) {
        // looked up once per transport and format: a registry lookup per message showed in profiles
        messagesReceived
                .get(transport)
                .computeIfAbsent(
                        format,
                        key -> registry.counter("envmon.messages", "transport", transport.label(), "format", key))
                .increment();
    }

    public void rejected(Transport transport, RejectReason reason) {
        registry.counter("envmon.rejections", "transport", transport.label(), "reason", reason.code())
                .increment();
    }

    /** A connection turned away at accept by a connection limit ({@code reason}: total or per_address). */
    public void connectionRefused(Transport transport, String reason) {
        registry.counter("envmon.connections.refused", "transport", transport.label(), "reason", reason)
                .increment();
    }

    /** A connection closed because its first frame (or CONNECT) did not arrive in time. */
    /** A connection sent no CONNECT (MQTT) or no complete frame (HJ 212) in time after it was accepted. */
    public void firstFrameMissed(Transport transport) {
        registry.counter("envmon.connections.deadline.missed", "transport", transport.label())
                .increment();
    }

    /**
     * A message's station could not be looked up (the database did not answer, and the station was
     * not in the directory yet): the message was not acknowledged and the connection closed.
     */
    public void stationUnresolved(Transport transport) {
        registry.counter("envmon.station.lookups.failed", "transport", transport.label())
                .increment();
    }

    /** An MQTT 5 PUBLISH named its topic by a topic alias only. */
    public void topicAliasUsed() {
        registry.counter("envmon.mqtt.topic.aliases.used").increment();
    }

    /** A factor code no catalogue row knew was registered as an uncatalogued metric (logged once). */
    public void factorRegistered(Transport transport) {
        registry.counter("envmon.factors.registered", "transport", transport.label())
                .increment();
    }

    /** An HJ 212 frame was accepted despite a departure from the standard that loggers make ({@code kind}). */
    public void hj212Quirk(Transport transport, String kind) {
        registry.counter("envmon.hj212.quirks", "transport", transport.label(), "kind", kind)
                .increment();
    }

    /** A TLS handshake or record failed: no or an untrusted client certificate, plain text on a TLS port. */
    public void tlsFailed(Transport transport) {
        registry.counter("envmon.tls.failures", "transport", transport.label()).increment();
    }

    /** An exception reached a connection handler that was not the peer's doing (a bug); the connection closes. */
    public void handlerFailed(Transport transport, Throwable cause) {
        registry.counter(
                        "envmon.handler.errors",
                        "transport",
                        transport.label(),
                        "type",
                        cause.getClass().getSimpleName())
                .increment();
    }

    public void batchCommitted(int readings, int inserted, Duration elapsed) {
        readingsStored.increment(inserted);
        readingsDuplicate.increment(readings - inserted);
        batchReadings.record(readings);
        commitLatency.record(elapsed);
    }

    public void writeFailed() {
        writeFailures.increment();
    }

    public void backpressurePaused() {
        backpressurePauses.increment();
    }

    public void connectionOpened(Transport transport) {
        connections.get(transport).incrementAndGet();
    }

    public void connectionClosed(Transport transport) {
        connections.get(transport).decrementAndGet();
    }

    public void queueGauges(Supplier<Number> bytes, Supplier<Number> requests, long maxBytes) {
        Gauge.builder("envmon.queue.bytes", bytes)
                .description("Estimated bytes held by the ingest queue")
                .baseUnit("bytes")
                .register(registry);
        Gauge.builder("envmon.queue.requests", requests)
                .description("Messages queued or being written")
                .register(registry);
        Gauge.builder("envmon.queue.max.bytes", () -> maxBytes)
                .description("Bound of the ingest queue")
                .baseUnit("bytes")
                .register(registry);
    }
}
