package org.envmon.ingest.catalog;

import java.time.ZoneId;
import java.util.Optional;

/** What the decoders need to know of a station: its id, clock zone and HJ 212 password and CRC mode. */
public record StationProfile(int id, ZoneId zone, Optional<String> hj212Password, CrcMode crcMode) {
}
