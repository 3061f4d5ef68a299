package org.envmon.simulator.load;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.envmon.simulator.encode.Hj212Encoder;
import org.envmon.simulator.encode.PayloadEncoder;
import org.envmon.simulator.encode.StationIdentity;
import org.envmon.simulator.signal.Observation;
import org.envmon.simulator.signal.StationGenerator;
import org.envmon.simulator.transport.Envelope;

/**
 * One station in a run: samples on demand, keeps its samples while it is offline, and replays them as a
 * backlog (in chunks of {@link #BACKLOG_CHUNK}) with its next sample when it is back.
 */
final class StationFeed {
    static final int BACKLOG_CHUNK = 100;

    private final StationGenerator generator;
    private final StationIdentity identity;
    private final PayloadEncoder encoder;
    private final List<Observation> backlog = new ArrayList<>();

    StationFeed(StationGenerator generator, StationIdentity identity, PayloadEncoder encoder) {
        this.generator = generator;
        this.identity = identity;
        this.encoder = encoder;
    }

    StationIdentity identity() {
        return identity;
    }

    /** The envelopes to send for the sample at {@code time}: none while offline, the backlog when back. */
    List<Envelope> sampleAt(Instant time) {
        StationGenerator.Sample sample = generator.next(time);
        backlog.add(sample.observation());
        if (sample.offline()) {
            return List.of();
        }
        return flush();
    }

    int heldBack() {
        return backlog.size();
    }

    /** Everything still held, as envelopes (the station comes back at the end of a run). */
    List<Envelope> flush() {
        List<Envelope> envelopes = new ArrayList<>();
        for (int from = 0; from < backlog.size(); from += BACKLOG_CHUNK) {
            List<Observation> chunk =
                    List.copyOf(backlog.subList(from, Math.min(backlog.size(), from + BACKLOG_CHUNK)));
            envelopes.add(envelope(chunk));
        }
        backlog.clear();
        return envelopes;
    }

    private Envelope envelope(List<Observation> observations) {
        List<String> qns = List.of();
        if (encoder instanceof Hj212Encoder hj212 && hj212.answerWanted()) {
            qns = observations.stream().map(hj212::qn).toList();
        }
        return new Envelope(
                identity.wireCode(),
                encoder.encode(identity, observations),
                qns,
                new Delivery(identity.wireCode(), observations));
    }

    /** What an envelope carried, for the ledger of acknowledged readings. */
    record Delivery(String stationCode, List<Observation> observations) {}
}
