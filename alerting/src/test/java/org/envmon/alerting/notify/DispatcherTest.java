package org.envmon.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.envmon.alerting.rule.NotifierSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher with real webhook notifiers against a JDK HTTP server that refuses as many requests
 * as the test says, and an in-memory outbox (its port to the database) that records every outcome.
 */
class DispatcherTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-01T02:00:00Z"), ZoneOffset.UTC);
    private static final Duration BACKOFF = Duration.ofMillis(10);
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** One call the dispatcher made on the outbox. */
    record Call(String kind, long id, int attempts, String error, Instant next) {}

    /** Hands out the deliveries a previous run left and records what the dispatcher marks. */
    static final class RecordingOutbox implements Outbox {
        final List<Delivery> left = new ArrayList<>();
        final List<Call> calls = new CopyOnWriteArrayList<>();

        @Override
        public List<Delivery> unsent() {
            return List.copyOf(left);
        }

        @Override
        public void markSent(long id, int attempts) {
            calls.add(new Call("sent", id, attempts, null, null));
        }

        @Override
        public void markRetry(long id, int attempts, String error, Instant next) {
            calls.add(new Call("retry", id, attempts, error, next));
        }

        @Override
        public void markDead(long id, int attempts, String error) {
            calls.add(new Call("dead", id, attempts, error, null));
        }

        List<Call> of(long id) {
            return calls.stream().filter(c -> c.id() == id).toList();
        }
    }

    /** One request the receiver got: the delivery id header and when it arrived. */
    record Hit(String delivery, long nanoTime) {}

    private final RecordingOutbox outbox = new RecordingOutbox();
    private final List<Hit> hits = new CopyOnWriteArrayList<>();
    private final List<Long> deliveredNanos = new CopyOnWriteArrayList<>();
    private final AtomicInteger refusalsLeft = new AtomicInteger();
    private HttpServer server;
    private Dispatcher dispatcher;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            hits.add(new Hit(exchange.getRequestHeaders().getFirst("X-Envmon-Delivery"), System.nanoTime()));
            boolean refuse = refusalsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            byte[] out = (refuse ? "receiver busy" : "ok").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(refuse ? 503 : 200, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        if (dispatcher != null) {
            dispatcher.close();
        }
        server.stop(0);
    }

    private Dispatcher dispatcher(int maxAttempts) {
        NotifierFactory factory =
                new NotifierFactory(new Templates(Templates.Language.EN), Duration.ofSeconds(5), CLOCK);
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
        Map<String, Notifier> notifiers =
                Map.of("ops", factory.create(new NotifierSpec.Webhook("ops", url, Optional.empty())));
        dispatcher = new Dispatcher(outbox, () -> notifiers, maxAttempts, BACKOFF, CLOCK, deliveredNanos::add);
        return dispatcher;
    }

    private static Delivery delivery(long id, String notifier, int attempts) {
        return new Delivery(id, notifier, notice(id), attempts);
    }

    private static Notice notice(long notificationId) {
        return new Notice(
                7,
                notificationId,
                "firing",
                "nh3n-high",
                "NH3-N high",
                "critical",
                "S1",
                "Fu River Bridge",
                "river_section",
                null,
                null,
                "w21003",
                "Ammonia nitrogen",
                "氨氮",
                "mg/L",
                1.95,
                "above 1.5",
                null,
                null,
                null,
                "2024-06-01 10:00:00",
                "Asia/Shanghai",
                "held 0 s",
                null);
    }

    @Test
    void submit_receiverAccepts_markedSentWithOneAttemptAndItsDeliveryTimed() {
        Dispatcher d = dispatcher(3);
        long before = System.nanoTime();

        d.submit(delivery(41, "ops", 0));

        await().atMost(WAIT).until(() -> d.sent() == 1);
        long elapsed = System.nanoTime() - before;
        assertThat(deliveredNanos)
                .singleElement()
                .satisfies(nanos -> assertThat(nanos).isPositive().isLessThanOrEqualTo(elapsed));
        assertThat(outbox.of(41)).containsExactly(new Call("sent", 41, 1, null, null));
        assertThat(hits).extracting(Hit::delivery).containsExactly("41");
        assertThat(d.sent()).isEqualTo(1);
        assertThat(d.dead()).isZero();
    }

    @Test
    void submit_receiverFailsTwiceThenAccepts_retriedWithGrowingBackoffThenSentWithThreeAttempts() {
        refusalsLeft.set(2);
        Dispatcher d = dispatcher(5);

        d.submit(delivery(42, "ops", 0));

        await().atMost(WAIT).until(() -> d.sent() == 1);
        List<Call> calls = outbox.of(42);
        assertThat(calls).extracting(Call::kind).containsExactly("retry", "retry", "sent");
        assertThat(calls).extracting(Call::attempts).containsExactly(1, 2, 3);
        assertThat(calls.get(0).error()).contains("HTTP 503", "receiver busy");
        // base × 2^(n−1): the next try is planned 10 ms, then 20 ms after the failure.
        assertThat(calls.get(0).next()).isEqualTo(CLOCK.instant().plus(BACKOFF));
        assertThat(calls.get(1).next()).isEqualTo(CLOCK.instant().plus(BACKOFF.multipliedBy(2)));
        assertThat(hits).hasSize(3);
        assertThat(hits.get(1).nanoTime() - hits.get(0).nanoTime()).isGreaterThanOrEqualTo(BACKOFF.toNanos());
        assertThat(hits.get(2).nanoTime() - hits.get(1).nanoTime())
                .isGreaterThanOrEqualTo(BACKOFF.multipliedBy(2).toNanos());
        assertThat(deliveredNanos)
                .as("only deliveries at the first try are timed")
                .isEmpty();
        assertThat(d.sent()).isEqualTo(1);
        assertThat(d.dead()).isZero();
    }

    @Test
    void submit_receiverKeepsFailing_deadAfterMaxAttemptsWithTheLastError() {
        refusalsLeft.set(Integer.MAX_VALUE);
        Dispatcher d = dispatcher(3);

        d.submit(delivery(43, "ops", 0));

        await().atMost(WAIT).until(() -> d.dead() == 1);
        List<Call> calls = outbox.of(43);
        assertThat(calls).extracting(Call::kind).containsExactly("retry", "retry", "dead");
        assertThat(calls.get(2).attempts()).isEqualTo(3);
        assertThat(calls.get(2).error()).contains("DeliveryException", "HTTP 503", "receiver busy");
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> hits.size() == 3);
        assertThat(d.sent()).isZero();
        assertThat(deliveredNanos).isEmpty();
    }

    @Test
    void submit_notifierNoLongerConfigured_deadAtOnceWithoutSending() {
        Dispatcher d = dispatcher(3);

        d.submit(delivery(44, "removed", 1));

        await().atMost(WAIT).until(() -> d.dead() == 1);
        assertThat(outbox.of(44))
                .containsExactly(new Call("dead", 44, 1, "notifier 'removed' is no longer in the rules file", null));
        assertThat(hits).isEmpty();
    }

    @Test
    void resumeUnsent_outboxHoldsDeliveries_eachSentContinuingItsAttemptCount() throws Exception {
        outbox.left.add(delivery(45, "ops", 0));
        outbox.left.add(delivery(46, "ops", 2));
        Dispatcher d = dispatcher(5);

        assertThat(d.resumeUnsent()).isEqualTo(2);

        await().atMost(WAIT).until(() -> d.sent() == 2);
        assertThat(outbox.of(45)).containsExactly(new Call("sent", 45, 1, null, null));
        assertThat(outbox.of(46)).containsExactly(new Call("sent", 46, 3, null, null));
        assertThat(hits).extracting(Hit::delivery).containsExactlyInAnyOrder("45", "46");
    }
}
