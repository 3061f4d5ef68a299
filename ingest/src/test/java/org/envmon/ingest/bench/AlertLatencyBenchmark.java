package org.envmon.ingest.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envmon.ingest.testing.Payloads;
import org.envmon.ingest.testing.TestService;
import org.envmon.ingest.testing.WebhookReceiver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publish (QoS 1, acknowledged after commit) → webhook received, for alternating threshold
 * crossings of one station, each producing one notification. Prints p50/p99.
 * {@code mvn -pl alerting,ingest -Pbench verify -Dbench.main=org.envmon.ingest.bench.AlertLatencyBenchmark -Dbench.args=300}
 */
public final class AlertLatencyBenchmark {
    private static final Logger log = LoggerFactory.getLogger(AlertLatencyBenchmark.class);

    private AlertLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int crossings = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        try (WebhookReceiver hook = new WebhookReceiver("ok")) {
            Path rules = Files.createTempFile("bench-rules", ".yaml");
            Files.writeString(rules, "notifiers:\n  - {id: h, type: webhook, url: '" + hook.url("/h")
                    + "', secret: s}\nrules:\n  - {id: hi, metric: w21003, condition: {above: 1.5}, routes: [h]}\n");
            try (TestService envmon = TestService.start("alert_bench", Map.of("ENVMON_ALERT_RULES", rules.toString(),
                    "ENVMON_ALERTING_FLAP_CHANGES", "1000"))) {
                envmon.addStation("B1");
                MqttClient client = new MqttClient(envmon.mqttUri(), "bench", new MemoryPersistence());
                MqttConnectOptions options = new MqttConnectOptions();
                options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
                client.connect(options);
                Instant base = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
                long[] latencies = new long[crossings];
                for (int i = 0; i < crossings; i++) {
                    int before = hook.received().size();
                    long start = System.nanoTime();
                    client.publish("stations/B1/readings", Payloads.utf8("{\"ts\":\"" + base.plusSeconds(i)
                            + "\",\"values\":{\"w21003\":" + (i % 2 == 0 ? 2.0 : 1.0) + "}}"), 1, false);
                    while (hook.received().size() == before) {
                        Thread.onSpinWait();
                    }
                    latencies[i] = hook.received().get(before).nanoTime() - start;
                }
                client.disconnect();
                client.close();
                long[] warm = Arrays.copyOfRange(latencies, Math.min(20, crossings / 10), crossings);
                Arrays.sort(warm);
                log.info("alert latency over {} notifications: p50 {} ms, p99 {} ms, max {} ms", warm.length,
                        warm[warm.length / 2] / 1e6, warm[(int) (warm.length * 0.99)] / 1e6,
                        warm[warm.length - 1] / 1e6);
            }
        }
    }
}
