package org.envmon.ingest.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envmon.alerting.AlertTimings;
import org.envmon.ingest.testing.Payloads;
import org.envmon.ingest.testing.TestService;
import org.envmon.ingest.testing.WebhookReceiver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publish (QoS 1, acknowledged after commit) → webhook received, for alternating threshold
 * crossings of one station, each producing one notification. Prints p50/p99. A second argument
 * adds steady background load: that many messages per second (5 readings each, QoS 1, fixed rate)
 * from 20 other stations that never cross the rule.
 * Also prints the part from the PUBACK (sent after the commit) to the webhook.
 * {@code mvn -pl alerting,ingest -Pbench verify -Dbench.main=org.envmon.ingest.bench.AlertLatencyBenchmark -Dbench.args="300 2000"}
 */
public final class AlertLatencyBenchmark {
    private static final Logger log = LoggerFactory.getLogger(AlertLatencyBenchmark.class);

    private AlertLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        int crossings = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int backgroundPerSecond = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        try (WebhookReceiver hook = new WebhookReceiver("ok")) {
            Path rules = Files.createTempFile("bench-rules", ".yaml");
            Files.writeString(
                    rules,
                    "notifiers:\n  - {id: h, type: webhook, url: '" + hook.url("/h")
                            + "', secret: s}\nrules:\n  - {id: hi, metric: w21003, condition: {above: 1.5}, routes: [h]}\n");
            try (TestService envmon = TestService.start(
                    "alert_bench",
                    Map.of("ENVMON_ALERT_RULES", rules.toString(), "ENVMON_ALERTING_FLAP_CHANGES", "1000"))) {
                envmon.addStation("B1");
                ScheduledExecutorService background = backgroundLoad(envmon, backgroundPerSecond);
                MqttClient client = new MqttClient(envmon.mqttUri(), "bench", new MemoryPersistence());
                MqttConnectOptions options = new MqttConnectOptions();
                options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
                client.connect(options);
                Instant base = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
                long[] latencies = new long[crossings];
                long[] afterAck = new long[crossings];
                long[] toAck = new long[crossings];
                for (int i = 0; i < crossings; i++) {
                    int before = hook.received().size();
                    long start = System.nanoTime();
                    client.publish(
                            "stations/B1/readings",
                            Payloads.utf8("{\"ts\":\"" + base.plusSeconds(i) + "\",\"values\":{\"w21003\":"
                                    + (i % 2 == 0 ? 2.0 : 1.0) + "}}"),
                            1,
                            false);
                    // publish returns on the PUBACK, which the service sends only after the commit
                    long acked = System.nanoTime();
                    while (hook.received().size() == before) {
                        Thread.onSpinWait();
                    }
                    latencies[i] = hook.received().get(before).nanoTime() - start;
                    afterAck[i] = hook.received().get(before).nanoTime() - acked;
                    toAck[i] = acked - start;
                }
                client.disconnect();
                client.close();
                background.shutdownNow();
                report("publish -> webhook", backgroundPerSecond, latencies);
                report("PUBACK (committed) -> webhook", backgroundPerSecond, afterAck);
                report("publish -> PUBACK", backgroundPerSecond, toAck);
                reportStages(envmon.service().registry());
            }
        }
    }

    private static void report(String span, int backgroundPerSecond, long[] latencies) {
        long[] warm = Arrays.copyOfRange(latencies, Math.min(20, latencies.length / 10), latencies.length);
        Arrays.sort(warm);
        log.info(
                "alert latency {} with {} background msg/s over {} notifications: p50 {} ms, p99 {} ms, max {} ms",
                span,
                backgroundPerSecond,
                warm.length,
                warm[warm.length / 2] / 1e6,
                warm[(int) (warm.length * 0.99)] / 1e6,
                warm[warm.length - 1] / 1e6);
    }

    /** The engine's own stage timers and the reading writer's commits, p50/p99 as histogram bucket bounds. */
    private static void reportStages(MeterRegistry registry) {
        for (AlertTimings.Stage stage : AlertTimings.Stage.values()) {
            reportTimer(
                    "alerting stage " + stage.label(),
                    registry.get("envmon.alerting.stage")
                            .tag("stage", stage.label())
                            .timer());
        }
        reportTimer(
                "reading batch write+commit",
                registry.get("envmon.batch.commit").timer());
    }

    private static void reportTimer(String what, Timer timer) {
        HistogramSnapshot snapshot = timer.takeSnapshot();
        log.info(
                "{}: {} times, p50 <= {} ms, p99 <= {} ms, max {} ms",
                what,
                snapshot.count(),
                bucketBound(snapshot, 0.5),
                bucketBound(snapshot, 0.99),
                snapshot.max(TimeUnit.MILLISECONDS));
    }

    private static double bucketBound(HistogramSnapshot snapshot, double quantile) {
        for (CountAtBucket bucket : snapshot.histogramCounts()) {
            if (bucket.count() >= quantile * snapshot.count()) {
                return bucket.bucket(TimeUnit.MILLISECONDS);
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** Publishers at a fixed rate for stations that never cross the rule; returns their scheduler. */
    private static ScheduledExecutorService backgroundLoad(TestService envmon, int perSecond) throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        if (perSecond == 0) {
            return scheduler;
        }
        int stations = 20;
        List<MqttAsyncClient> clients = new ArrayList<>();
        for (int i = 0; i < stations; i++) {
            envmon.addStation("BG" + i);
            MqttAsyncClient client = new MqttAsyncClient(envmon.mqttUri(), "bg-" + i, new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMaxInflight(1000);
            client.connect(options).waitForCompletion(10_000);
            clients.add(client);
        }
        AtomicLong sequence = new AtomicLong();
        Instant base = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        long periodMicros = 1_000_000L * stations / perSecond;
        for (int i = 0; i < stations; i++) {
            MqttAsyncClient client = clients.get(i);
            String topic = "stations/BG" + i + "/readings";
            scheduler.scheduleAtFixedRate(
                    () -> {
                        String json = "{\"ts\":\"" + base.plusMillis(sequence.incrementAndGet()) + "\",\"values\":{"
                                + "\"w01001\":7.3,\"w01009\":6.2,\"w01010\":18.5,\"w21003\":0.42,\"w21011\":0.08}}";
                        try {
                            client.publish(topic, Payloads.utf8(json), 1, false);
                        } catch (MqttException e) {
                            log.debug("background publish refused: {}", e.getMessage());
                        }
                    },
                    periodMicros,
                    periodMicros,
                    TimeUnit.MICROSECONDS);
        }
        return scheduler;
    }
}
