package org.envmon.alerting.input;

import java.time.ZoneId;
import java.util.Optional;

/** What alerting needs of a station: identity, kind and place for scoping and messages, target class, zone. */
public record StationInfo(
        int id,
        String code,
        String name,
        String kind,
        Optional<String> river,
        Optional<String> township,
        Optional<Integer> targetClass,
        ZoneId zone) {}
