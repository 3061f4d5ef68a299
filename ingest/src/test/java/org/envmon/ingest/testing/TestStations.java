package org.envmon.ingest.testing;

import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.envmon.ingest.catalog.CrcMode;
import org.envmon.ingest.catalog.StationDirectory;
import org.envmon.ingest.catalog.StationProfile;
import org.envmon.ingest.catalog.StationResolution;
import org.envmon.ingest.catalog.StationResolver;
import org.envmon.ingest.catalog.StationSource;
import org.envmon.ingest.payload.RejectReason;

/** Station resolution for tests without a database: the directory is all there is. */
public final class TestStations {
    private TestStations() {}

    /** A database that holds no station beyond the directory: every other code is refused as unknown. */
    public static final StationSource NONE_BEYOND_DIRECTORY = new StationSource() {
        @Override
        public StationResolution find(String code) {
            return new StationResolution.Refused(
                    code, RejectReason.UNKNOWN_STATION, "station '" + code + "' is not registered");
        }

        @Override
        public StationResolution resolve(String code) {
            return find(code);
        }
    };

    /**
     * A database that registers every code on first data ({@code ingest.unknownStations=register}):
     * each new code gets the next id, Shanghai time, no PW, standard CRC.
     */
    public static StationSource registeringAll() {
        AtomicInteger ids = new AtomicInteger(1000);
        Map<String, StationProfile> registered = new ConcurrentHashMap<>();
        return new StationSource() {
            @Override
            public StationResolution find(String code) {
                StationProfile profile = registered.get(code);
                return profile == null ? NONE_BEYOND_DIRECTORY.find(code) : new StationResolution.Active(code, profile);
            }

            @Override
            public StationResolution resolve(String code) {
                return new StationResolution.Active(
                        code,
                        registered.computeIfAbsent(
                                code,
                                c -> new StationProfile(
                                        ids.incrementAndGet(),
                                        ZoneId.of("Asia/Shanghai"),
                                        Optional.empty(),
                                        CrcMode.STANDARD)));
            }
        };
    }

    /** Resolves on the calling thread: a lookup completes before {@code resolve} returns. */
    public static StationResolver resolver(StationDirectory directory, StationSource source) {
        return new StationResolver(directory, source, Runnable::run);
    }

    public static StationResolver resolver(StationDirectory directory) {
        return resolver(directory, NONE_BEYOND_DIRECTORY);
    }
}
