package org.envmon.ingest.hj212;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.envmon.ingest.catalog.CrcMode;
import org.envmon.ingest.catalog.FactorLookup;
import org.envmon.ingest.catalog.FactorRef;
import org.envmon.ingest.catalog.StationProfile;
import org.envmon.ingest.payload.DataFlags;
import org.envmon.ingest.payload.DecimalText;
import org.envmon.ingest.payload.Problem;
import org.envmon.ingest.payload.Reading;
import org.envmon.ingest.payload.RejectReason;
import org.envmon.ingest.payload.StationAggregate;
import org.envmon.ingest.payload.TimeWindow;

/**
 * Turns a parsed frame of a resolved station into content to store: checks the CRC in the
 * station's mode and the station's password, and maps CN 2011 to readings and CN 2051/2061/2031
 * to station aggregates, with DataTime read in the station's zone. The station is resolved
 * before this runs, so each frame is parsed and decoded once. Pure CPU work, safe on an event loop.
 */
public final class Hj212Decoder {

    /** The suffix prefix of converted values (折算值) in HJ 212, and the factor code they are stored under. */
    private static final String CONVERTED = "Zs";

    private static final String CONVERTED_FACTOR = FactorLookup.CONVERTED_SUFFIX;

    private final FactorLookup factors;
    private final TimeWindow timeWindow;

    public Hj212Decoder(FactorLookup factors, TimeWindow timeWindow) {
        this.factors = factors;
        this.timeWindow = timeWindow;
    }

    /**
     * A frame of {@code station}, whose MN the caller has matched to it.
     *
     * @param passwordRequired refuse the frame when the station has no HJ 212 password (the transport
     *                         did not authenticate the sender otherwise)
     */
    public Hj212Content decode(Hj212Frame frame, Hj212Packet packet, StationProfile station, boolean passwordRequired) {
        Optional<Hj212Content.Refused> corrupt = crcMismatch(frame, packet, station.crcMode());
        if (corrupt.isPresent()) {
            return corrupt.get();
        }
        Optional<String> password = station.hj212Password();
        if (passwordRequired && password.isEmpty()) {
            return new Hj212Content.Refused(
                    RejectReason.HJ212_PASSWORD_UNSET,
                    "station " + packet.mn() + " has no HJ"
                            + " 212 password, and hj212.requirePassword refuses such stations over TCP (set one: envmon"
                            + " stations add --code " + packet.mn() + " --hj212-password …)",
                    packet.mn());
        }
        if (password.isPresent() && !password.get().equals(packet.pw().orElse(""))) {
            return new Hj212Content.Refused(
                    RejectReason.HJ212_PASSWORD_MISMATCH,
                    "PW "
                            + (packet.pw().isPresent() ? "does not match" : "is missing; it must match")
                            + " the password set for station " + packet.mn(),
                    packet.mn());
        }
        ZoneId zone = station.zone();
        return switch (packet.cn()) {
            case "2011" -> realTime(packet, zone, frame.raw());
            case "2051" -> aggregates(packet, zone, StationAggregate.Period.MINUTE, frame.raw());
            case "2061" -> aggregates(packet, zone, StationAggregate.Period.HOUR, frame.raw());
            case "2031" -> aggregates(packet, zone, StationAggregate.Period.DAY, frame.raw());
            default -> new Hj212Content.Accepted(packet, List.of(), List.of(), List.of(), Set.of());
        };
    }

    /**
     * A frame whose MN is not {@code expected}, the station the message belongs to (the MQTT topic's,
     * or the connection's): refused, as corrupt when its CRC fails in the mode of the station it
     * names ({@code named}, when known), else as naming the wrong station.
     */
    public Hj212Content.Refused foreign(
            Hj212Frame frame, Hj212Packet packet, String expected, Optional<StationProfile> named) {
        return crcMismatch(frame, packet, named.map(StationProfile::crcMode).orElse(CrcMode.STANDARD))
                .orElseGet(() -> new Hj212Content.Refused(
                        RejectReason.MN_MISMATCH,
                        "MN " + packet.mn()
                                + " is not station " + expected + ", which this message belongs to (the MQTT topic's"
                                + " station, or the MN of the first frame on this HJ 212 connection)",
                        packet.mn()));
    }

    private static Optional<Hj212Content.Refused> crcMismatch(Hj212Frame frame, Hj212Packet packet, CrcMode mode) {
        if (mode == CrcMode.OFF) {
            return Optional.empty();
        }
        int computed = Hj212Crc.compute(mode, frame.segment(), 0, frame.segment().length);
        if (Hj212Crc.hex(computed).equalsIgnoreCase(frame.crcText())) {
            return Optional.empty();
        }
        return Optional.of(new Hj212Content.Refused(
                RejectReason.HJ212_CRC_MISMATCH,
                "CRC mismatch: got " + frame.crcText() + ", computed " + Hj212Crc.hex(computed) + " (" + mode.label()
                        + ")",
                packet.mn()));
    }

    /**
     * CN 2011: a reading per factor from its Rtd. Loggers also send Avg/Min/Max/Cou here, with or without
     * Rtd: they are kept as the reading's statistics, and the Avg stands for the reading when there is no
     * Rtd, so no value of the frame is lost.
     */
    private Hj212Content realTime(Hj212Packet packet, ZoneId zone, byte[] raw) {
        Either time = dataTime(packet, zone, raw);
        if (time.refused != null) {
            return time.refused;
        }
        List<Reading> readings = new ArrayList<>();
        List<StationAggregate> statistics = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        RejectReason[] first = {null};
        for (Map.Entry<String, Map<String, String>> item : byFactor(packet).entrySet()) {
            Map<String, String> values = item.getValue();
            boolean hasRtd = values.containsKey("Rtd");
            if (!hasRtd && !hasStatistic(values)) {
                continue;
            }
            String code = item.getKey();
            Optional<FactorRef> factor = factor(code, problems, first);
            Optional<Character> flag = flag(code, values, problems, first);
            Optional<Double> rtd = hasRtd ? value(code, "Rtd", values, problems, first) : Optional.empty();
            Optional<StationAggregate> statistic = hasStatistic(values)
                    ? aggregate(
                            code,
                            values,
                            time.instant,
                            StationAggregate.Period.REAL_TIME,
                            factor,
                            flag,
                            problems,
                            first)
                    : Optional.empty();
            statistic.ifPresent(statistics::add);
            Optional<Double> value = hasRtd
                    ? rtd
                    : statistic.flatMap(
                            s -> s.avg().isPresent() ? Optional.of(s.avg().getAsDouble()) : Optional.empty());
            if (factor.isPresent() && flag.isPresent() && value.isPresent()) {
                readings.add(new Reading(
                        time.instant,
                        factor.get().metricId(),
                        value.get(),
                        flag.get(),
                        factor.get().newFactor()));
            }
        }
        Set<Hj212Quirk> quirks = statistics.isEmpty() ? Set.of() : EnumSet.of(Hj212Quirk.STATISTICS_IN_REAL_TIME);
        return accepted(packet, readings, statistics, problems, first[0], raw, quirks);
    }

    private Hj212Content aggregates(Hj212Packet packet, ZoneId zone, StationAggregate.Period period, byte[] raw) {
        Either time = dataTime(packet, zone, raw);
        if (time.refused != null) {
            return time.refused;
        }
        List<StationAggregate> aggregates = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        RejectReason[] first = {null};
        for (Map.Entry<String, Map<String, String>> item : byFactor(packet).entrySet()) {
            Map<String, String> values = item.getValue();
            if (!hasStatistic(values)) {
                if (values.containsKey("Rtd")) {
                    note(
                            problems,
                            first,
                            RejectReason.INVALID_STRUCTURE,
                            item.getKey() + " has a -Rtd value but no -Avg/-Min/-Max/-Cou in interval data (CN "
                                    + packet.cn() + ")");
                }
                continue;
            }
            String code = item.getKey();
            Optional<FactorRef> factor = factor(code, problems, first);
            Optional<Character> flag = flag(code, values, problems, first);
            aggregate(code, values, time.instant, period, factor, flag, problems, first)
                    .ifPresent(aggregates::add);
        }
        return accepted(packet, List.of(), aggregates, problems, first[0], raw, Set.of());
    }

    /** The statistics of one factor, when its metric, flag and at least one statistic could be read. */
    private static Optional<StationAggregate> aggregate(
            String code,
            Map<String, String> values,
            Instant start,
            StationAggregate.Period period,
            Optional<FactorRef> factor,
            Optional<Character> flag,
            List<String> problems,
            RejectReason[] first) {
        OptionalDouble avg = statistic(code, "Avg", values, problems, first);
        OptionalDouble min = statistic(code, "Min", values, problems, first);
        OptionalDouble max = statistic(code, "Max", values, problems, first);
        OptionalDouble cou = statistic(code, "Cou", values, problems, first);
        boolean anyStatistic = avg.isPresent() || min.isPresent() || max.isPresent() || cou.isPresent();
        if (factor.isEmpty() || flag.isEmpty() || !anyStatistic) {
            return Optional.empty();
        }
        return Optional.of(new StationAggregate(
                start,
                factor.get().metricId(),
                period,
                avg,
                min,
                max,
                cou,
                flag.get(),
                factor.get().newFactor()));
    }

    private Hj212Content accepted(
            Hj212Packet packet,
            List<Reading> readings,
            List<StationAggregate> aggregates,
            List<String> problems,
            RejectReason firstReason,
            byte[] raw,
            Set<Hj212Quirk> quirks) {
        List<Problem> quarantined = problems.isEmpty()
                ? List.of()
                : List.of(new Problem(firstReason, "CN " + packet.cn() + ": " + String.join("; ", problems), raw));
        return new Hj212Content.Accepted(packet, readings, aggregates, quarantined, quirks);
    }

    /** A parsed DataTime, or the refusal of the whole frame. */
    private record Either(Instant instant, Hj212Content.Refused refused) {}

    private Either dataTime(Hj212Packet packet, ZoneId zone, byte[] raw) {
        if (packet.dataTime().isEmpty()) {
            return new Either(
                    null,
                    new Hj212Content.Refused(
                            RejectReason.INVALID_TIME, "CN " + packet.cn() + " without DataTime", packet.mn()));
        }
        String text = packet.dataTime().get();
        Instant instant;
        try {
            instant = Hj212DataTime.parse(text).atZone(zone).toInstant();
        } catch (DateTimeException | NumberFormatException e) {
            return new Either(
                    null,
                    new Hj212Content.Refused(
                            RejectReason.INVALID_TIME, "DataTime '" + text + "' is not yyyyMMddHHmmss", packet.mn()));
        }
        Optional<Problem> outside =
                timeWindow.check(instant, () -> "DataTime " + text + " (" + zone + "): ", () -> raw);
        if (outside.isPresent()) {
            return new Either(
                    null,
                    new Hj212Content.Refused(
                            outside.get().reason(), outside.get().detail(), packet.mn()));
        }
        return new Either(instant, null);
    }

    private static boolean hasStatistic(Map<String, String> values) {
        return values.containsKey("Avg")
                || values.containsKey("Min")
                || values.containsKey("Max")
                || values.containsKey("Cou");
    }

    /**
     * The items of each factor by suffix. Converted values (flue gas: {@code a21026-ZsRtd}, {@code -ZsAvg}, …)
     * are a factor of their own, {@code a21026-Zs}, with the base factor's flag.
     */
    private static Map<String, Map<String, String>> byFactor(Hj212Packet packet) {
        Map<String, Map<String, String>> factors = new LinkedHashMap<>();
        for (Hj212Packet.FactorItem item : packet.items()) {
            String suffix = item.suffix();
            if (suffix.length() > CONVERTED.length() && suffix.startsWith(CONVERTED)) {
                factors.computeIfAbsent(item.code() + CONVERTED_FACTOR, code -> new LinkedHashMap<>())
                        .put(suffix.substring(CONVERTED.length()), item.value());
            } else {
                factors.computeIfAbsent(item.code(), code -> new LinkedHashMap<>())
                        .put(suffix, item.value());
            }
        }
        for (Map.Entry<String, Map<String, String>> factor : factors.entrySet()) {
            String code = factor.getKey();
            if (code.endsWith(CONVERTED_FACTOR)) {
                String base = code.substring(0, code.length() - CONVERTED_FACTOR.length());
                String flag = factors.getOrDefault(base, Map.of()).get("Flag");
                if (flag != null) {
                    factor.getValue().putIfAbsent("Flag", flag);
                }
            }
        }
        return factors;
    }

    private Optional<FactorRef> factor(String code, List<String> problems, RejectReason[] first) {
        Optional<FactorRef> factor = factors.find(code);
        if (factor.isEmpty()) {
            note(problems, first, RejectReason.UNKNOWN_METRIC, factors.whyUnknown(code));
        }
        return factor;
    }

    private static Optional<Character> flag(
            String code, Map<String, String> values, List<String> problems, RejectReason[] first) {
        String raw = values.get("Flag");
        if (raw == null) {
            return Optional.of(DataFlags.NORMAL);
        }
        Optional<Character> flag = DataFlags.parse(raw);
        if (flag.isEmpty()) {
            note(
                    problems,
                    first,
                    RejectReason.INVALID_FLAG,
                    code + "-Flag '" + raw + "' is not one of " + DataFlags.known() + "; its value was not stored");
        }
        return flag;
    }

    private static Optional<Double> value(
            String code, String suffix, Map<String, String> values, List<String> problems, RejectReason[] first) {
        Optional<Double> value = DecimalText.parse(values.get(suffix));
        if (value.isEmpty()) {
            note(
                    problems,
                    first,
                    RejectReason.INVALID_VALUE,
                    code + "-" + suffix + " '" + values.get(suffix) + "' is not a finite number");
        }
        return value;
    }

    private static OptionalDouble statistic(
            String code, String suffix, Map<String, String> values, List<String> problems, RejectReason[] first) {
        if (!values.containsKey(suffix)) {
            return OptionalDouble.empty();
        }
        return value(code, suffix, values, problems, first)
                .map(OptionalDouble::of)
                .orElse(OptionalDouble.empty());
    }

    private static void note(List<String> problems, RejectReason[] first, RejectReason reason, String text) {
        problems.add(text);
        if (first[0] == null) {
            first[0] = reason;
        }
    }
}
