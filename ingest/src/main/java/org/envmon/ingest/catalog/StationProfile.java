package org.envmon.ingest.catalog;

import java.time.ZoneId;
import java.util.Optional;

/**
 * What the connection handlers and decoders need to know of a station: its id, clock zone, HJ 212
 * password and CRC mode, and the hash of its MQTT password (empty: it cannot log in).
 */
public record StationProfile(
        int id, ZoneId zone, Optional<String> hj212Password, CrcMode crcMode, Optional<String> mqttPasswordHash) {

    public StationProfile(int id, ZoneId zone, Optional<String> hj212Password, CrcMode crcMode) {
        this(id, zone, hj212Password, crcMode, Optional.empty());
    }
}
