package org.envmon.simulator.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The sender's window and its bounded send queue, over a link whose acknowledgements the test gives. */
class WindowedSenderTest {

    /** A link that holds every publish until the test acknowledges it; connected or not as the test says. */
    private static final class HeldLink implements Link {
        final List<Envelope> published = new ArrayList<>();
        final List<Runnable> pendingAcks = new ArrayList<>();
        boolean connected = true;

        @Override
        public void connect() {
            connected = true;
        }

        @Override
        public boolean connected() {
            return connected;
        }

        @Override
        public void publish(Envelope envelope, Runnable acked, Consumer<Throwable> failed) {
            published.add(envelope);
            pendingAcks.add(acked);
        }

        void ackAll() {
            List<Runnable> acks = new ArrayList<>(pendingAcks);
            pendingAcks.clear();
            acks.forEach(Runnable::run);
        }

        @Override
        public void close() {
            connected = false;
        }
    }

    private static final class Recorder implements DeliveryListener {
        final List<String> acked = new ArrayList<>();
        final List<String> dropped = new ArrayList<>();

        @Override
        public void acked(Envelope envelope, long publishNanos) {
            acked.add(envelope.stationCode());
        }

        @Override
        public void retrying(Envelope envelope, Throwable cause) {}

        @Override
        public void dropped(Envelope envelope) {
            dropped.add(envelope.stationCode());
        }
    }

    private static Envelope envelope(int n) {
        return new Envelope("S" + n, ("m" + n).getBytes(StandardCharsets.UTF_8), List.of(), null);
    }

    @Test
    void submit_platformAway_queueStopsAtItsBoundAndDropsTheOldest() {
        HeldLink link = new HeldLink();
        link.connected = false;
        Recorder listener = new Recorder();
        WindowedSender sender = new WindowedSender(link, 2, 3, listener);

        for (int i = 0; i < 10; i++) {
            sender.submit(envelope(i));
        }

        assertThat(sender.waiting()).isEqualTo(3);
        assertThat(listener.dropped).containsExactly("S0", "S1", "S2", "S3", "S4", "S5", "S6");
        assertThat(link.published).isEmpty();

        link.connected = true;
        sender.drain();
        link.ackAll();
        link.ackAll();
        assertThat(listener.acked).containsExactly("S7", "S8", "S9");
        assertThat(sender.waiting()).isZero();
    }

    @Test
    void submit_windowFull_waitsWithinTheBoundAndSendsInOrderAsAcksReturn() {
        HeldLink link = new HeldLink();
        Recorder listener = new Recorder();
        WindowedSender sender = new WindowedSender(link, 2, 5, listener);

        for (int i = 0; i < 6; i++) {
            sender.submit(envelope(i));
        }

        assertThat(link.published).extracting(Envelope::stationCode).containsExactly("S0", "S1");
        assertThat(sender.waiting()).isEqualTo(4);
        assertThat(sender.inFlight(2)).isEqualTo(2);
        assertThat(listener.dropped).isEmpty();

        link.ackAll();
        link.ackAll();
        link.ackAll();
        assertThat(listener.acked).containsExactly("S0", "S1", "S2", "S3", "S4", "S5");
        assertThat(sender.waiting()).isZero();
    }
}
