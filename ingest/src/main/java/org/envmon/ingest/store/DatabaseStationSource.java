package org.envmon.ingest.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.Optional;
import javax.sql.DataSource;
import org.envmon.ingest.catalog.StationResolution;
import org.envmon.ingest.catalog.StationSource;
import org.envmon.ingest.payload.RejectReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a station in the station table, or registers it on first data when {@code register} is
 * set ({@code ingest.unknownStations=register}); a registration commits on its own, before any of
 * the station's data, and is idempotent (two edges registering one code get one row).
 */
public final class DatabaseStationSource implements StationSource {
    private static final Logger log = LoggerFactory.getLogger(DatabaseStationSource.class);

    private final DataSource dataSource;
    private final boolean register;
    private final ZoneId registeredZone;

    /** @param registeredZone the clock zone given to stations registered on first data */
    public DatabaseStationSource(DataSource dataSource, boolean register, ZoneId registeredZone) {
        this.dataSource = dataSource;
        this.register = register;
        this.registeredZone = registeredZone;
    }

    @Override
    public StationResolution find(String code) {
        return lookUp(code, false);
    }

    @Override
    public StationResolution resolve(String code) {
        return lookUp(code, register);
    }

    private StationResolution lookUp(String code, boolean registerUnknown) {
        try (Connection c = dataSource.getConnection()) {
            Optional<StationRepository.Lookup> found = StationRepository.find(c, code);
            if (found.isPresent()) {
                return found.get().active()
                        ? new StationResolution.Active(code, found.get().profile())
                        : new StationResolution.Refused(
                                code,
                                RejectReason.STATION_INACTIVE,
                                "station '" + code + "' is deactivated; reactivate it to accept its data");
            }
            if (!registerUnknown) {
                return new StationResolution.Refused(
                        code,
                        RejectReason.UNKNOWN_STATION,
                        "station '" + code
                                + "' is not registered; add it with 'envmon stations add --code " + code
                                + " …' or 'envmon"
                                + " stations import FILE.csv', or set ingest.unknownStations=register");
            }
            StationResolution registered =
                    new StationResolution.Active(code, StationRepository.register(c, code, registeredZone));
            log.info("Registered station '{}' on first data (ingest.unknownStations=register)", code);
            return registered;
        } catch (SQLException e) {
            return new StationResolution.Unavailable(code, e.getMessage());
        }
    }
}
