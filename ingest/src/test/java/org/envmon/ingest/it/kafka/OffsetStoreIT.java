package org.envmon.ingest.it.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;
import org.envmon.ingest.kafka.OffsetStore;
import org.envmon.ingest.pipeline.BatchWriter;
import org.envmon.ingest.testing.Cli;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** A writer's position only moves on from where the database says it stands. */
class OffsetStoreIT {
    private static final TopicPartition P0 = new TopicPartition("envmon.readings", 0);
    private static final TopicPartition P1 = new TopicPartition("envmon.readings", 1);

    @Test
    void positions_advanceOnlyFromWhereTheyStand_andAreKeptPerGroup() throws Exception {
        Map<String, String> env = Cli.database("offset_store");
        assertThat(Cli.run(env, "migrate").exit()).isZero();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(env.get("ENVMON_DB_URL"));
        dataSource.setUser(env.get("ENVMON_DB_USER"));
        dataSource.setPassword(env.get("ENVMON_DB_PASSWORD"));
        OffsetStore writers = new OffsetStore(dataSource, "writers");
        OffsetStore others = new OffsetStore(dataSource, "others");

        assertThat(writers.load(List.of(P0, P1))).isEmpty();
        save(dataSource, writers, Map.of(P0, new OffsetStore.Span(0, 10), P1, new OffsetStore.Span(40, 41)));
        save(dataSource, writers, Map.of(P0, new OffsetStore.Span(10, 25)));
        assertThat(writers.load(List.of(P0, P1))).containsExactlyInAnyOrderEntriesOf(Map.of(P0, 25L, P1, 41L));

        assertThatThrownBy(() -> save(dataSource, writers, Map.of(P0, new OffsetStore.Span(30, 40))))
                .as("a gap: records 25–29 not written")
                .isInstanceOf(BatchWriter.NotNow.class)
                .hasMessageContaining("is not 30");
        assertThatThrownBy(() -> save(dataSource, writers, Map.of(P0, new OffsetStore.Span(20, 26))))
                .as("behind the database: another writer moved on")
                .isInstanceOf(BatchWriter.NotNow.class);
        assertThat(writers.load(List.of(P0))).containsEntry(P0, 25L);

        save(dataSource, others, Map.of(P0, new OffsetStore.Span(0, 3)));
        assertThat(others.load(List.of(P0))).containsEntry(P0, 3L);
        assertThat(writers.load(List.of(P0))).containsEntry(P0, 25L);
    }

    private static void save(DataSource dataSource, OffsetStore store, Map<TopicPartition, OffsetStore.Span> spans)
            throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                store.save(c, spans);
                c.commit();
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
        }
    }
}
