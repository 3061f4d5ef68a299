package org.envmon.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.envmon.ingest.payload.MessageOrigin;
import org.envmon.ingest.payload.Reading;
import org.envmon.ingest.payload.StationRef;
import org.envmon.ingest.payload.Transport;
import org.junit.jupiter.api.Test;

class IngestQueueTest {
    private static final MessageOrigin ORIGIN = new MessageOrigin(
            Transport.MQTT, "client-1", "stations/S01/readings", Instant.parse("2026-11-29T00:00:00Z"));
    /** Weight of a request with no readings, no rejections and an empty payload. */
    private static final long BASE_WEIGHT = request(0, 0).weight();

    private static IngestRequest request(int readings, int rawBytes) {
        List<Reading> list = new ArrayList<>();
        for (int i = 0; i < readings; i++) {
            list.add(new Reading(Instant.parse("2026-11-29T00:00:00Z").plusSeconds(i), (short) 1, i, 'N'));
        }
        return new IngestRequest(
                ORIGIN,
                new StationRef(1, "S01"),
                list,
                List.of(),
                List.of(),
                new byte[rawBytes],
                rawBytes,
                outcome -> {});
    }

    /** A request with no readings whose weight is exactly {@code weight} bytes. */
    private static IngestRequest weighing(long weight) {
        IngestRequest request = request(0, (int) (weight - BASE_WEIGHT));
        assertThat(request.weight()).isEqualTo(weight);
        return request;
    }

    private static List<IngestRequest> takeAll(IngestQueue queue) throws InterruptedException {
        return queue.takeBatch(Integer.MAX_VALUE, Duration.ZERO);
    }

    @Test
    void weight_growsWithReadingsAndRawBytes() {
        assertThat(request(2, 0).weight() - BASE_WEIGHT).isEqualTo(2L * IngestRequest.BYTES_PER_READING);
        assertThat(request(0, 100).weight() - BASE_WEIGHT).isEqualTo(100);
    }

    @Test
    void offerOrNotify_requestThatFits_isAcceptedAndCounted() {
        IngestQueue queue = new IngestQueue(1000);
        IngestRequest request = weighing(400);

        assertThat(queue.offerOrNotify(request, () -> {})).isEqualTo(IngestQueue.Admission.ACCEPTED);
        assertThat(queue.bytes()).isEqualTo(400);
        assertThat(queue.requests()).isEqualTo(1);
    }

    @Test
    void offerOrNotify_requestFillingBoundExactly_isAccepted() {
        IngestQueue queue = new IngestQueue(1000);
        queue.offerOrNotify(weighing(600), null);

        assertThat(queue.offerOrNotify(weighing(400), null)).isEqualTo(IngestQueue.Admission.ACCEPTED);
        assertThat(queue.bytes()).isEqualTo(1000);
    }

    @Test
    void offerOrNotify_requestExceedingBound_isFullAndNotCounted() {
        IngestQueue queue = new IngestQueue(1000);
        queue.offerOrNotify(weighing(600), null);

        assertThat(queue.offerOrNotify(weighing(401), () -> {})).isEqualTo(IngestQueue.Admission.FULL);
        assertThat(queue.bytes()).isEqualTo(600);
        assertThat(queue.requests()).isEqualTo(1);
    }

    @Test
    void release_onSpaceRunsOnlyOnceBytesDropToHalfTheBound() throws InterruptedException {
        IngestQueue queue = new IngestQueue(1000);
        List<IngestRequest> admitted = List.of(weighing(300), weighing(300), weighing(300));
        admitted.forEach(r -> queue.offerOrNotify(r, null));
        AtomicInteger woken = new AtomicInteger();

        assertThat(queue.offerOrNotify(weighing(300), woken::incrementAndGet)).isEqualTo(IngestQueue.Admission.FULL);
        List<IngestRequest> batch = takeAll(queue);
        assertThat(batch).hasSize(3);
        assertThat(woken).hasValue(0);

        queue.release(List.of(batch.get(0))); // 600 left: above half of 1000
        assertThat(woken).hasValue(0);

        queue.release(List.of(batch.get(1))); // 300 left: at most half
        assertThat(woken).hasValue(1);

        queue.release(List.of(batch.get(2))); // waiter already ran: not again
        assertThat(woken).hasValue(1);
    }

    @Test
    void release_bytesExactlyHalfTheBound_runsOnSpace() throws InterruptedException {
        IngestQueue queue = new IngestQueue(1000);
        queue.offerOrNotify(weighing(500), null);
        queue.offerOrNotify(weighing(500), null);
        AtomicInteger woken = new AtomicInteger();
        queue.offerOrNotify(weighing(300), woken::incrementAndGet);
        List<IngestRequest> batch = takeAll(queue);

        queue.release(List.of(batch.get(0)));

        assertThat(queue.bytes()).isEqualTo(500);
        assertThat(woken).hasValue(1);
    }

    @Test
    void offerOrNotify_requestLargerThanBound_isAdmittedIntoEmptyQueue() {
        IngestQueue queue = new IngestQueue(1000);

        assertThat(queue.offerOrNotify(weighing(1500), null)).isEqualTo(IngestQueue.Admission.ACCEPTED);
        assertThat(queue.bytes()).isEqualTo(1500);
        assertThat(queue.offerOrNotify(weighing(300), null)).isEqualTo(IngestQueue.Admission.FULL);
    }

    @Test
    void offerOrNotify_requestLargerThanBound_isRefusedWhenSomethingIsQueued() {
        IngestQueue queue = new IngestQueue(1000);
        queue.offerOrNotify(weighing(300), null);

        assertThat(queue.offerOrNotify(weighing(1500), null)).isEqualTo(IngestQueue.Admission.FULL);
    }

    @Test
    void offerOrNotify_requestLargerThanBound_isRefusedWhileABatchIsInFlight() throws InterruptedException {
        IngestQueue queue = new IngestQueue(1000);
        queue.offerOrNotify(weighing(300), null);
        List<IngestRequest> inFlight = takeAll(queue);

        assertThat(queue.offerOrNotify(weighing(1500), null)).isEqualTo(IngestQueue.Admission.FULL);

        queue.release(inFlight);
        assertThat(queue.offerOrNotify(weighing(1500), null)).isEqualTo(IngestQueue.Admission.ACCEPTED);
    }

    @Test
    void takeBatch_aloneDoesNotFreeBytes_releaseDoes() throws InterruptedException {
        IngestQueue queue = new IngestQueue(1000);
        queue.offerOrNotify(weighing(700), null);

        List<IngestRequest> batch = takeAll(queue);

        assertThat(batch).hasSize(1);
        assertThat(queue.bytes()).isEqualTo(700);
        assertThat(queue.requests()).isEqualTo(1);
        assertThat(queue.offerOrNotify(weighing(400), null)).isEqualTo(IngestQueue.Admission.FULL);

        queue.release(batch);

        assertThat(queue.bytes()).isZero();
        assertThat(queue.requests()).isZero();
        assertThat(queue.offerOrNotify(weighing(400), null)).isEqualTo(IngestQueue.Admission.ACCEPTED);
    }

    @Test
    void takeBatch_respectsMaxReadingsInArrivalOrder() throws InterruptedException {
        IngestQueue queue = new IngestQueue(1_000_000);
        IngestRequest first = request(3, 0);
        IngestRequest second = request(3, 0);
        IngestRequest third = request(3, 0);
        for (IngestRequest r : List.of(first, second, third)) {
            queue.offerOrNotify(r, null);
        }

        assertThat(queue.takeBatch(6, Duration.ZERO)).containsExactly(first, second);
        assertThat(queue.takeBatch(6, Duration.ZERO)).containsExactly(third);
    }

    @Test
    void takeBatch_requestAboveMaxReadings_isStillReturnedAlone() throws InterruptedException {
        IngestQueue queue = new IngestQueue(1_000_000);
        IngestRequest big = request(10, 0);
        IngestRequest small = request(1, 0);
        queue.offerOrNotify(big, null);
        queue.offerOrNotify(small, null);

        assertThat(queue.takeBatch(5, Duration.ZERO)).containsExactly(big);
        assertThat(queue.takeBatch(5, Duration.ZERO)).containsExactly(small);
    }

    @Test
    void takeBatch_emptyQueueWithZeroWait_returnsEmpty() throws InterruptedException {
        IngestQueue queue = new IngestQueue(1000);

        assertThat(queue.takeBatch(100, Duration.ZERO)).isEmpty();
    }

    @Test
    void takeBatch_blockedTaker_receivesRequestOfferedLater() {
        IngestQueue queue = new IngestQueue(1000);
        CompletableFuture<List<IngestRequest>> taken = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.takeBatch(100, Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        IngestRequest request = weighing(300);

        queue.offerOrNotify(request, null);

        await().atMost(Duration.ofSeconds(10)).until(taken::isDone);
        assertThat(taken.join()).containsExactly(request);
    }

    @Test
    void highWaterBytes_randomisedOfferTakeRelease_neverExceedsBoundAndBytesMatchModel() throws InterruptedException {
        long max = 10_000;
        IngestQueue queue = new IngestQueue(max);
        Random random = new Random(20261129L);
        List<List<IngestRequest>> inFlight = new ArrayList<>();
        Set<IngestRequest> held = Collections.newSetFromMap(new IdentityHashMap<>());
        int refused = 0;

        for (int step = 0; step < 5_000; step++) {
            int op = random.nextInt(10);
            if (op < 6) {
                IngestRequest request = request(random.nextInt(20), random.nextInt(3000));
                if (queue.offerOrNotify(request, () -> {}) == IngestQueue.Admission.ACCEPTED) {
                    held.add(request);
                } else {
                    refused++;
                }
            } else if (op < 8) {
                List<IngestRequest> batch = queue.takeBatch(1 + random.nextInt(40), Duration.ZERO);
                if (!batch.isEmpty()) {
                    inFlight.add(batch);
                }
            } else if (!inFlight.isEmpty()) {
                List<IngestRequest> batch = inFlight.remove(random.nextInt(inFlight.size()));
                queue.release(batch);
                batch.forEach(held::remove);
            }
            long expected = held.stream().mapToLong(IngestRequest::weight).sum();
            assertThat(queue.bytes()).as("bytes at step %d", step).isEqualTo(expected);
            assertThat(queue.requests()).as("requests at step %d", step).isEqualTo(held.size());
            assertThat(queue.highWaterBytes()).as("high water at step %d", step).isLessThanOrEqualTo(max);
        }
        assertThat(queue.highWaterBytes())
                .as("the sequence must actually approach the bound")
                .isGreaterThan(max / 2);
        assertThat(refused).as("the sequence must hit the bound").isPositive();
    }

    @Test
    void offerOrNotify_afterClose_isClosed() {
        IngestQueue queue = new IngestQueue(1000);
        AtomicInteger woken = new AtomicInteger();

        queue.close();

        assertThat(queue.isClosed()).isTrue();
        assertThat(queue.offerOrNotify(weighing(300), woken::incrementAndGet)).isEqualTo(IngestQueue.Admission.CLOSED);
        assertThat(queue.tryOffer(weighing(300))).isFalse();
        assertThat(queue.bytes()).isZero();
    }

    @Test
    void takeBatch_afterClose_drainsQueuedThenReturnsEmptyWithoutWaiting() throws InterruptedException {
        IngestQueue queue = new IngestQueue(1000);
        IngestRequest queued = weighing(300);
        queue.offerOrNotify(queued, null);

        queue.close();

        assertThat(queue.takeBatch(100, Duration.ZERO)).containsExactly(queued);
        List<IngestRequest> afterDrain =
                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> queue.takeBatch(100, Duration.ofMinutes(10)));
        assertThat(afterDrain).isEmpty();
    }

    @Test
    void close_wakesTakerBlockedOnEmptyQueue() {
        IngestQueue queue = new IngestQueue(1000);
        CompletableFuture<List<IngestRequest>> taken = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.takeBatch(100, Duration.ofMinutes(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        queue.close();

        await().atMost(Duration.ofSeconds(10)).until(taken::isDone);
        assertThat(taken.join()).isEmpty();
    }

    @Test
    void awaitDrained_everythingReleased_returnsTrue() throws InterruptedException {
        IngestQueue queue = new IngestQueue(1000);
        queue.offerOrNotify(weighing(300), null);
        queue.offerOrNotify(weighing(300), null);
        queue.release(takeAll(queue));

        assertThat(queue.awaitDrained(Duration.ZERO)).isTrue();
    }

    @Test
    void awaitDrained_batchInFlight_returnsFalseOnTimeout() throws InterruptedException {
        IngestQueue queue = new IngestQueue(1000);
        queue.offerOrNotify(weighing(300), null);
        takeAll(queue);

        assertThat(queue.awaitDrained(Duration.ofMillis(50))).isFalse();
    }

    @Test
    void awaitDrained_requestStillQueued_returnsFalseOnTimeout() throws InterruptedException {
        IngestQueue queue = new IngestQueue(1000);
        queue.offerOrNotify(weighing(300), null);

        assertThat(queue.awaitDrained(Duration.ofMillis(50))).isFalse();
    }

    @Test
    void awaitDrained_waiter_isWokenByFinalRelease() throws InterruptedException {
        IngestQueue queue = new IngestQueue(1000);
        queue.offerOrNotify(weighing(300), null);
        List<IngestRequest> batch = takeAll(queue);
        CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.awaitDrained(Duration.ofMinutes(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        queue.release(batch);

        await().atMost(Duration.ofSeconds(10)).until(drained::isDone);
        assertThat(drained.join()).isTrue();
    }

    @Test
    void tryOffer_whenFull_returnsFalseWithoutRegisteringAWaiter() throws InterruptedException {
        IngestQueue queue = new IngestQueue(1000);
        queue.offerOrNotify(weighing(800), null);

        assertThat(queue.tryOffer(weighing(300))).isFalse();

        // A registered (null) waiter would be run here and throw.
        List<IngestRequest> batch = takeAll(queue);
        assertThatCode(() -> queue.release(batch)).doesNotThrowAnyException();
        assertThat(queue.tryOffer(weighing(300))).isTrue();
        assertThat(queue.bytes()).isEqualTo(300);
    }

    @Test
    void tryOffer_fullQueue_doesNotDisplaceRegisteredWaiter() throws InterruptedException {
        IngestQueue queue = new IngestQueue(1000);
        queue.offerOrNotify(weighing(800), null);
        AtomicInteger woken = new AtomicInteger();
        queue.offerOrNotify(weighing(300), woken::incrementAndGet);

        assertThat(queue.tryOffer(weighing(300))).isFalse();
        queue.release(takeAll(queue));

        assertThat(woken).hasValue(1);
    }
}
