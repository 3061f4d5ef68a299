package org.envmon.alerting.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReadingQueueTest {
    private static final Instant T0 = Instant.parse("2024-06-01T02:00:00Z");

    private static ReadingEvent at(int minutes) {
        return new ReadingEvent(1, (short) 1, T0.plusSeconds(60L * minutes), 1.0, 'N');
    }

    @Test
    void offer_withinLimit_queuesAndCountsBacklogUntilPolled() throws InterruptedException {
        ReadingQueue queue = new ReadingQueue(3);

        queue.offer(List.of(at(0), at(1)));

        assertThat(queue.backlog()).isEqualTo(2);
        assertThat(queue.poll(0, TimeUnit.MILLISECONDS).readings()).hasSize(2);
        assertThat(queue.backlog()).isZero();
        assertThat(queue.takeOverflow()).isEmpty();
    }

    @Test
    void offer_pastLimit_dropsBatchAndKeepsEarliestTimeOfAllDroppedBatches() throws InterruptedException {
        ReadingQueue queue = new ReadingQueue(3);
        queue.offer(List.of(at(0), at(1)));

        queue.offer(List.of(at(9), at(5)));
        queue.offer(List.of(at(7), at(4)));

        assertThat(queue.backlog()).isEqualTo(2);
        assertThat(queue.overflowedReadings()).isEqualTo(4);
        assertThat(queue.takeOverflow()).contains(T0.plusSeconds(240));
        assertThat(queue.takeOverflow()).isEmpty();
        assertThat(queue.poll(0, TimeUnit.MILLISECONDS).readings()).containsExactly(at(0), at(1));
        assertThat(queue.poll(0, TimeUnit.MILLISECONDS)).isNull();
    }
}
