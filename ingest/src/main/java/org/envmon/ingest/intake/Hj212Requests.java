package org.envmon.ingest.intake;

import org.envmon.ingest.hj212.Hj212Content;
import org.envmon.ingest.hj212.Hj212Decoder;
import org.envmon.ingest.hj212.Hj212Frame;
import org.envmon.ingest.hj212.Hj212FramingError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.envmon.ingest.catalog.StationDirectory;
import org.envmon.ingest.catalog.StationProfile;
import org.envmon.ingest.payload.Problem;
import org.envmon.ingest.payload.Reading;
import org.envmon.ingest.payload.RejectReason;
import org.envmon.ingest.payload.StationAggregate;
import org.envmon.ingest.pipeline.IngestRequest;
import org.envmon.ingest.payload.MessageOrigin;
import org.envmon.ingest.payload.Rejection;
import org.envmon.ingest.pipeline.StationBinding;
import org.envmon.ingest.pipeline.WriteOutcome;

/**
 * Builds ingest requests from HJ 212 frames, for both transports. When the station is not in the
 * directory yet, the request carries a binding that decodes the frames again with the station's
 * real settings (password, CRC mode, zone) once the writer has looked it up.
 */
public final class Hj212Requests {
    private final Hj212Decoder decoder;
    private final StationDirectory stations;
    private final int rawLimit;

    public Hj212Requests(Hj212Decoder decoder, StationDirectory stations, int rawLimit) {
        this.decoder = decoder;
        this.stations = stations;
        this.rawLimit = rawLimit;
    }

    /**
     * @param parts           frames and framing errors in arrival order
     * @param stationCode     the station the request is for: the topic's (MQTT) or the frame's MN (TCP)
     * @param expectedStation the station every frame's MN must name (MQTT), if any
     * @param passwordRequired the sender is not authenticated otherwise, so the station must have a PW
     */
    public IngestRequest request(MessageOrigin origin, String stationCode, List<Object> parts,
                                 Optional<String> expectedStation, boolean passwordRequired, byte[] raw, int rawSize,
                                 Consumer<WriteOutcome> onDone) {
        StationBinding.Content now = content(origin, stationCode, parts, expectedStation, Optional.empty(),
                passwordRequired);
        StationBinding binding = stationCode == null || stations.profileOf(stationCode).isPresent() ? null
                : profile -> content(origin, stationCode, parts, expectedStation, Optional.of(profile),
                passwordRequired);
        byte[] kept = raw.length > rawLimit ? new byte[0] : raw;
        return new IngestRequest(origin, stationCode, now.readings(), now.rejections(), kept, rawSize, onDone,
                now.aggregates(), binding);
    }

    private StationBinding.Content content(MessageOrigin origin, String stationCode, List<Object> parts,
                                           Optional<String> expectedStation, Optional<StationProfile> profile,
                                           boolean passwordRequired) {
        List<Reading> readings = new ArrayList<>();
        List<StationAggregate> aggregates = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof Hj212FramingError error) {
                rejections.add(Rejection.of(origin, stationCode, RejectReason.HJ212_FRAMING, error.reason(),
                        error.raw(), rawLimit));
                continue;
            }
            Hj212Frame frame = (Hj212Frame) part;
            Hj212Content content = decoder.decode(frame, expectedStation, profile, passwordRequired);
            if (content instanceof Hj212Content.Refused refused) {
                String code = refused.stationCode() == null ? stationCode : refused.stationCode();
                rejections.add(Rejection.of(origin, code, refused.reason(), refused.detail(), frame.raw(), rawLimit));
            } else {
                Hj212Content.Accepted accepted = (Hj212Content.Accepted) content;
                readings.addAll(accepted.readings());
                aggregates.addAll(accepted.aggregates());
                for (Problem problem : accepted.problems()) {
                    rejections.add(Rejection.of(origin, stationCode, problem.reason(), problem.detail(),
                            problem.raw(), rawLimit));
                }
            }
        }
        return new StationBinding.Content(readings, aggregates, rejections);
    }
}
