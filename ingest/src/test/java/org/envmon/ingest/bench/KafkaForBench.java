package org.envmon.ingest.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.envmon.ingest.testing.KafkaTestCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three KRaft brokers (and three controllers) for the scale-out measurement in docs/scale-out.md, in
 * a JVM of their own: {@code mvn -pl ingest -Pbench verify -DskipTests
 * -Dbench.main=org.envmon.ingest.bench.KafkaForBench -Dbench.args=FILE}. Writes the bootstrap servers
 * to FILE and runs until killed.
 */
public final class KafkaForBench {
    private static final Logger log = LoggerFactory.getLogger(KafkaForBench.class);

    private KafkaForBench() {}

    public static void main(String[] args) throws Exception {
        KafkaTestCluster kafka = KafkaTestCluster.start();
        Path file = Path.of(args.length > 0 ? args[0] : "kafka-bootstrap.txt");
        Files.writeString(file, kafka.bootstrapServers(), StandardCharsets.UTF_8);
        log.info("Kafka for the benchmark at {} (written to {}); stop with Ctrl-C", kafka.bootstrapServers(), file);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                kafka.close();
            } catch (Exception e) {
                log.warn("Kafka did not stop cleanly: {}", e.toString());
            }
            stopped.countDown();
        }));
        stopped.await();
    }
}
