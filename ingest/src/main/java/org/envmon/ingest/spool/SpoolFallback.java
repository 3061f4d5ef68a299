package org.envmon.ingest.spool;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.envmon.ingest.config.EnvmonConfig.SpoolOverflow;
import org.envmon.ingest.payload.Rejection;
import org.envmon.ingest.pipeline.BatchWriter;
import org.envmon.ingest.pipeline.IngestRequest;
import org.envmon.ingest.pipeline.RequestCodec;
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

    /** Spools the batch: every request holds values only (its station resolved), so every one can be. */
    @Override
    public List<WriteOutcome> store(List<IngestRequest> batch, Exception cause) {
        return spool(batch, cause);
    }

    private List<WriteOutcome> spool(List<IngestRequest> batch, Exception cause) {
        if (batch.isEmpty()) {
            return List.of();
        }
        List<byte[]> payloads = new ArrayList<>(batch.size());
        for (IngestRequest request : batch) {
            payloads.add(RequestCodec.encode(request));
        }
        try {
            if (!spool.hasRoomFor(payloads) && !makeRoom(payloads)) {
                return failAll(
                        batch,
                        new IOException("spool full (" + spool.bytes() + " of " + spool.maxBytes()
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
            log.warn(
                    "Spooling to disk{}: messages are acknowledged after fsync and drained to the database "
                            + "when it answers again",
                    cause == null ? "" : " (database: " + cause.getMessage() + ")");
        }
        List<WriteOutcome> outcomes = new ArrayList<>(batch.size());
        for (IngestRequest request : batch) {
            outcomes.add(WriteOutcome.committed(
                    request.valueCount(),
                    request.rejections().stream().map(Rejection::reason).toList()));
        }
        return outcomes;
    }

    /** Applies the overflow policy; true when the batch may now be appended. */
    private boolean makeRoom(List<byte[]> payloads) throws InterruptedException {
        String policy = overflow.name().toLowerCase(Locale.ROOT);
        metrics.overflow(policy);
        if (overflow == SpoolOverflow.REJECT) {
            log.warn(
                    "Spool full ({} of {} bytes): refusing {} message(s) without acknowledgement "
                            + "(spool.overflow=reject)",
                    spool.bytes(),
                    spool.maxBytes(),
                    payloads.size());
            return false;
        }
        log.warn(
                "Spool full ({} of {} bytes): holding the writer until a segment drains; connections stop "
                        + "reading meanwhile (spool.overflow=backpressure)",
                spool.bytes(),
                spool.maxBytes());
        return spool.awaitRoomFor(payloads);
    }

    private static List<WriteOutcome> failAll(List<IngestRequest> batch, Exception cause) {
        return batch.stream().map(r -> WriteOutcome.failed(cause)).toList();
    }
}
