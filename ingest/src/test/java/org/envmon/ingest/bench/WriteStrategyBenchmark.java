package org.envmon.ingest.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.store.Database;
import org.envmon.ingest.store.EmbeddedDatabase;
import org.envmon.ingest.store.ReadingBatch;
import org.envmon.ingest.store.ReadingWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Rows per second of the two write strategies, each batch in its own committed transaction on the
 * embedded PostgreSQL (fsync on, as the service runs it). {@code duplicateShare} replays part of the
 * previous batch, as redelivery does. Run with {@code mvn -pl ingest -Pbench verify} (see docs/benchmarks.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WriteStrategyBenchmark {
    private static final int STATIONS = 100;
    private static final int METRICS = 5;

    @Param({"UNNEST", "COPY"})
    public EnvmonConfig.WriteStrategy strategy;

    @Param({"0", "50"})
    public int duplicateShare;

    @Param({"500", "5000"})
    public int batchSize;

    private Database database;
    private ReadingWriter writer;
    private long nextSecond;
    private Path dataDir;

    @Setup(Level.Trial)
    public void start() throws Exception {
        dataDir = Files.createTempDirectory("envmon-bench");
        EnvmonConfig config = EnvmonConfig.load(null, Map.of("ENVMON_DATA_DIR", dataDir.toString()));
        database = Database.open(config, EmbeddedDatabase.WhenInUse.FAIL, Duration.ZERO);
        try (Connection c = database.dataSource().getConnection();
                Statement s = c.createStatement()) {
            for (int i = 0; i < STATIONS; i++) {
                s.execute("INSERT INTO station (code, name) VALUES ('B" + i + "', 'bench " + i + "')");
            }
        }
        writer = ReadingWriter.of(strategy);
        nextSecond = Instant.now().minusSeconds(86_400L * 300).getEpochSecond();
    }

    @TearDown(Level.Trial)
    public void stop() {
        database.close();
    }

    /** One committed batch; the score is batches per second (multiply by batchSize for rows). */
    @Benchmark
    public int writeBatch() throws Exception {
        int fresh = batchSize * (100 - duplicateShare) / 100;
        ReadingBatch batch = new ReadingBatch(batchSize);
        long replayFrom = nextSecond - (batchSize - fresh) / (STATIONS * METRICS) - 1;
        fill(batch, replayFrom, batchSize - fresh);
        fill(batch, nextSecond, fresh);
        nextSecond += fresh / (STATIONS * METRICS) + 1;
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            int inserted = writer.insert(c, batch);
            c.commit();
            return inserted;
        }
    }

    private static void fill(ReadingBatch batch, long firstSecond, int rows) {
        for (int i = 0; i < rows; i++) {
            int slot = i / (STATIONS * METRICS);
            int station = (i / METRICS) % STATIONS;
            short metric = (short) (1 + i % METRICS);
            batch.add(Instant.ofEpochSecond(firstSecond + slot), station + 1, metric, 7.0 + i % 10 * 0.01, 'N');
        }
    }
}
