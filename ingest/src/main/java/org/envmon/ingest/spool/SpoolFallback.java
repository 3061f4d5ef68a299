package org.envmon.ingest.spool;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.envmon.ingest.config.EnvmonConfig.SpoolOverflow;
import org.envmon.ingest.pipeline.BatchWriter;
import org.envmon.ingest.pipeline.IngestRequest;
import org.envmon.ingest.payload.Rejection;
import org.envmon.ingest.pipeline.WriteOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch writer's fallback: encodes the batch, appends it to the spool with one fsync and
 * reports every request as durable, so its acknowledgement goes out. When the spool is full the
 * overflow policy decides: wait for the drainer to free a segment (back-pressure reaches the
 * sockets through the ingest queue), or fail the batch so nothing of it is acknowledged.
 */
public final class SpoolFallback implements BatchWriter.Fallback {
    private static final Logger log = LoggerFactory.getLogger(SpoolFallback.class);

    private final Spool spool;
    private final SpoolOverflow overflow;
    private final SpoolMetrics metrics;
    private boolean spooling;

    public SpoolFallback(Spool spool, SpoolOverflow overflow, SpoolMetrics metrics) {
        this.spool = spool;
        this.overflow = overflow;
        this.metrics = metrics;
    }

    @Override
    public boolean engaged() {
        boolean engaged = spool.engaged();
        if (spooling && !engaged) {
            spooling = false;
            log.info("Spool drained; writing to the database directly again");
        }
        return engaged;
    }

    @Override
    public void awaitCatchUp() throws InterruptedException {
        spool.awaitCatchUp();
    }

    /**
     * Spools the batch. A request still waiting for its station's settings (HJ 212 frames of a
     * station the service has not resolved yet: its PW and CRC mode decide what they amount to)
     * cannot be judged now and is not spooled: it fails without acknowledgement and the station
     * sends it again once the database answers, when it is checked like any other.
     */
    @Override
    public List<WriteOutcome> store(List<IngestRequest> batch, Exception cause) {
        List<IngestRequest> spoolable = batch.stream().filter(request -> request.binding() == null).toList();
        if (spoolable.size() == batch.size()) {
            return spool(batch, cause);
        }
        log.info("Not spooling {} message(s) of station(s) not yet resolved; not acknowledged, they are checked"
                + " against the station's settings when the database answers", batch.size() - spoolable.size());
        metrics.unresolvedRefused(batch.size() - spoolable.size());
        Iterator<WriteOutcome> spooled = spool(spoolable, cause).iterator();
        IllegalStateException unresolved = new IllegalStateException("station not resolved yet and the database"
                + " does not answer; its HJ 212 frames need the station's settings, so they are not spooled");
        return batch.stream().map(request -> request.binding() == null ? spooled.next()
                : WriteOutcome.failed(unresolved)).toList();
    }

    private List<WriteOutcome> spool(List<IngestRequest> batch, Exception cause) {
        if (batch.isEmpty()) {
            return List.of();
        }
        List<byte[]> payloads = new ArrayList<>(batch.size());
        for (IngestRequest request : batch) {
            payloads.add(SpoolCodec.encode(request));
        }
        try {
            if (!spool.hasRoomFor(payloads) && !makeRoom(payloads)) {
                return failAll(batch, new IOException("spool full (" + spool.bytes() + " of " + spool.maxBytes()
                        + " bytes, spool.overflow=" + overflow.name().toLowerCase(Locale.ROOT) + ")"));
            }
            spool.append(payloads);
        } catch (IOException e) {
            log.error("Cannot write {} message(s) to the spool; not acknowledged: {}", batch.size(), e.getMessage());
            return failAll(batch, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failAll(batch, e);
        }
        if (!spooling) {
            spooling = true;
            log.warn("Spooling to disk{}: messages are acknowledged after fsync and drained to the database "
                    + "when it answers again", cause == null ? "" : " (database: " + cause.getMessage() + ")");
        }
        List<WriteOutcome> outcomes = new ArrayList<>(batch.size());
        for (IngestRequest request : batch) {
            outcomes.add(WriteOutcome.committed(request.valueCount(),
                    request.rejections().stream().map(Rejection::reason).toList()));
        }
        return outcomes;
    }

    /** Applies the overflow policy; true when the batch may now be appended. */
    private boolean makeRoom(List<byte[]> payloads) throws InterruptedException {
        String policy = overflow.name().toLowerCase(Locale.ROOT);
        metrics.overflow(policy);
        if (overflow == SpoolOverflow.REJECT) {
            log.warn("Spool full ({} of {} bytes): refusing {} message(s) without acknowledgement "
                    + "(spool.overflow=reject)", spool.bytes(), spool.maxBytes(), payloads.size());
            return false;
        }
        log.warn("Spool full ({} of {} bytes): holding the writer until a segment drains; connections stop "
                + "reading meanwhile (spool.overflow=backpressure)", spool.bytes(), spool.maxBytes());
        return spool.awaitRoomFor(payloads);
    }

    private static List<WriteOutcome> failAll(List<IngestRequest> batch, Exception cause) {
        return batch.stream().map(r -> WriteOutcome.failed(cause)).toList();
    }
}
