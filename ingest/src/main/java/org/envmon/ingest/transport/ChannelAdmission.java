package org.envmon.ingest.transport;

import io.netty.channel.Channel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.envmon.ingest.metrics.IngestMetrics;
import org.envmon.ingest.pipeline.IngestQueue;
import org.envmon.ingest.pipeline.IngestRequest;

/**
 * Hands one connection's requests to the ingest queue and decides when the connection may read.
 * It stops reading while the queue refuses a request (the request is parked until there is room),
 * while {@code maxInFlight} requests await their outcome, or while a lookup the next request
 * depends on runs ({@link #awaitThen}), and resumes when none holds and the server still accepts
 * input. Touched only on the connection's event loop.
 */
public final class ChannelAdmission {
    private final Channel channel;
    private final IngestQueue queue;
    private final IngestMetrics metrics;
    private final BooleanSupplier readingAllowed;
    private final int maxInFlight;
    private final Runnable onResume;
    private IngestRequest parked;
    private int inFlight;
    private boolean awaiting;
    /** The connection is to close: nothing more is read or admitted. */
    private boolean closing;
    /** Closes the connection once every admitted request has its outcome; null when not closing or done. */
    private Runnable pendingClose;

    /**
     * @param onResume run when reading resumes after a pause (e.g. to restart an idle watchdog whose
     *                 timer ran while the server, not the client, was silent)
     */
    public ChannelAdmission(
            Channel channel,
            IngestQueue queue,
            IngestMetrics metrics,
            BooleanSupplier readingAllowed,
            int maxInFlight,
            Runnable onResume) {
        this.channel = channel;
        this.queue = queue;
        this.metrics = metrics;
        this.readingAllowed = readingAllowed;
        this.maxInFlight = maxInFlight;
        this.onResume = onResume;
    }

    /** Queues the request, or parks it and stops reading until the queue has room. */
    public void admit(IngestRequest request) {
        if (isClosing()) {
            // Not queued, so never acknowledged: the client sends it again on its next connection.
            return;
        }
        switch (queue.offerOrNotify(request, () -> channel.eventLoop().execute(this::retryParked))) {
            case ACCEPTED -> {
                parked = null;
                inFlight++;
                updateReading();
            }
            case FULL -> {
                if (parked == null) {
                    metrics.backpressurePaused();
                }
                parked = request;
                channel.config().setAutoRead(false);
            }
            case CLOSED -> {
                parked = null;
                channel.close();
            }
        }
    }

    /**
     * Runs {@code then} with the stage's result on the event loop; reading stops until it has run,
     * so what the connection sends next waits (in the flow-control handler and the socket) and keeps
     * its order. A stage that is already complete runs {@code then} at once.
     */
    public <T> void awaitThen(CompletableFuture<T> stage, Consumer<T> then) {
        if (stage.isDone()) {
            then.accept(stage.join());
            return;
        }
        awaiting = true;
        channel.config().setAutoRead(false);
        stage.whenComplete((result, error) -> channel.eventLoop().execute(() -> {
            awaiting = false;
            if (error != null) {
                channel.pipeline().fireExceptionCaught(error);
                return;
            }
            then.accept(result);
            updateReading();
        }));
    }

    /** An admitted request got its outcome. */
    public void completed() {
        inFlight--;
        updateReading();
        if (closing && inFlight == 0 && pendingClose != null) {
            // Queued behind the task reporting this outcome, so its acknowledgement goes out first.
            channel.eventLoop().execute(pendingClose);
            pendingClose = null;
        }
    }

    /**
     * Stops reading for good and runs {@code close} on the event loop once every admitted request has its
     * outcome — after the outcomes' acknowledgements, which are written by the tasks that report them — or
     * after {@code limit} at the latest. So a connection the server closes (a limit, a protocol error) still
     * acknowledges what was stored, and its client does not send it again.
     */
    public void closeWhenSettled(Runnable close, Duration limit) {
        if (closing) {
            return;
        }
        closing = true;
        parked = null;
        channel.config().setAutoRead(false);
        if (inFlight == 0) {
            close.run();
            return;
        }
        pendingClose = close;
        channel.eventLoop().schedule(this::closeNow, limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True once the connection is to close: nothing more is read or admitted. */
    public boolean isClosing() {
        return closing;
    }

    /** The outcomes took longer than the limit: close without them (their clients send them again). */
    private void closeNow() {
        if (pendingClose != null) {
            Runnable close = pendingClose;
            pendingClose = null;
            close.run();
        }
    }

    /** True while the connection is held back, so silence from the client is not its fault. */
    public boolean isPaused() {
        return !channel.config().isAutoRead();
    }

    /** Reads again after a pause of the caller's own (such as a login check), unless back-pressure holds it. */
    public void resume() {
        updateReading();
    }

    private void retryParked() {
        if (parked != null && channel.isActive()) {
            admit(parked);
        }
    }

    private void updateReading() {
        if (isClosing()) {
            channel.config().setAutoRead(false);
            return;
        }
        boolean read = !awaiting && parked == null && inFlight < maxInFlight && readingAllowed.getAsBoolean();
        if (read && !channel.config().isAutoRead()) {
            onResume.run();
        }
        channel.config().setAutoRead(read);
    }
}
