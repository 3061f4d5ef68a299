package org.envmon.ingest.kafka;

import java.time.ZoneId;
import java.util.Optional;
import org.envmon.ingest.catalog.CrcMode;
import org.envmon.ingest.catalog.StationDirectory;
import org.envmon.ingest.catalog.StationProfile;
import org.envmon.ingest.catalog.StationResolution;
import org.envmon.ingest.catalog.StationSource;
import org.envmon.ingest.payload.RejectReason;

/**
 * An edge's stations of record: the directory the writers publish, never a database. A code the
 * directory does not hold is refused, or, under {@code ingest.unknownStations=register}, accepted as
 * pending with the settings a station registered on first data gets (its zone, no PW, standard CRC):
 * the writer registers it when it stores the values, and the directory then brings its id.
 */
public final class DirectoryStationSource implements StationSource {
    private final StationDirectory directory;
    private final boolean register;
    private final ZoneId registeredZone;

    public DirectoryStationSource(StationDirectory directory, boolean register, ZoneId registeredZone) {
        this.directory = directory;
        this.register = register;
        this.registeredZone = registeredZone;
    }

    @Override
    public StationResolution find(String code) {
        Optional<StationProfile> known = directory.profileOf(code);
        return known.<StationResolution>map(profile -> new StationResolution.Active(code, profile))
                .orElseGet(() -> unknown(code));
    }

    @Override
    public StationResolution resolve(String code) {
        Optional<StationProfile> known = directory.profileOf(code);
        if (known.isPresent()) {
            return new StationResolution.Active(code, known.get());
        }
        return register
                ? new StationResolution.Active(
                        code, new StationProfile(0, registeredZone, Optional.empty(), CrcMode.STANDARD))
                : unknown(code);
    }

    private static StationResolution unknown(String code) {
        return new StationResolution.Refused(
                code,
                RejectReason.UNKNOWN_STATION,
                "station '" + code + "' is not registered (or deactivated); add it with 'envmon stations add --code "
                        + code + " …' or 'envmon stations import FILE.csv', or set ingest.unknownStations=register");
    }
}
