package org.envmon.simulator.encode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.envmon.simulator.signal.Factor;
import org.envmon.simulator.signal.Observation;

/**
 * HJ 212 frames, one per observation: {@code ##} + length + data segment + CRC + CR LF. The 2017 form
 * carries QN, Flag (version bits 000001, A bit when an answer is wanted) and 2017 factor codes; the 2005
 * form uses 2005 factor codes where they exist and, as loggers of that dialect do, omits QN and Flag
 * unless it wants an answer (then Flag=1). For CN 2051/2061 DataTime is the start of the interval and
 * the observation's values are sent as -Avg with -Min/-Max equal to it (one sample stands for the interval).
 */
public final class Hj212Encoder implements PayloadEncoder {
    private static final DateTimeFormatter QN = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS", Locale.ROOT);
    private static final DateTimeFormatter DATA_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);
    private static final int MAX_SEGMENT = 1024;

    private final ZoneId zone;
    private final Hj212Command command;
    private final boolean answer;

    public Hj212Encoder(ZoneId zone, Hj212Command command, boolean answer) {
        this.zone = zone;
        this.command = command;
        this.answer = answer;
    }

    public boolean answerWanted() {
        return answer;
    }

    @Override
    public byte[] encode(StationIdentity station, List<Observation> observations) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(400 * observations.size());
        for (Observation observation : observations) {
            out.writeBytes(frame(segment(station, observation)).getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** The QN a frame of this observation carries (what its 9014 answer echoes). */
    public String qn(Observation observation) {
        return QN.format(observation.time().atZone(zone));
    }

    String segment(StationIdentity station, Observation observation) {
        StringBuilder s = new StringBuilder(320);
        boolean dialect2005 = station.dialect2005();
        if (!dialect2005 || answer) {
            s.append("QN=").append(qn(observation)).append(';');
        }
        s.append("ST=")
                .append(station.systemCode())
                .append(";CN=")
                .append(command.code())
                .append(";PW=")
                .append(station.password())
                .append(";MN=")
                .append(station.wireCode())
                .append(';');
        if (!dialect2005) {
            s.append("Flag=").append(answer ? 5 : 4).append(';');
        } else if (answer) {
            s.append("Flag=1;");
        }
        s.append("CP=&&DataTime=").append(DATA_TIME.format(dataTime(observation).atZone(zone)));
        for (Map.Entry<Factor, Double> e : observation.values().entrySet()) {
            String code = e.getKey().wireCode(dialect2005);
            String value = Numbers.plain(e.getValue());
            s.append(';')
                    .append(code)
                    .append('-')
                    .append(command.valueSuffix())
                    .append('=')
                    .append(value);
            if (command != Hj212Command.REAL_TIME) {
                s.append(',')
                        .append(code)
                        .append("-Min=")
                        .append(value)
                        .append(',')
                        .append(code)
                        .append("-Max=")
                        .append(value);
            }
            s.append(',').append(code).append("-Flag=").append(observation.flag(e.getKey()));
        }
        s.append("&&");
        if (s.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT) {
            throw new IllegalArgumentException("data segment over " + MAX_SEGMENT + " bytes");
        }
        return s.toString();
    }

    private Instant dataTime(Observation observation) {
        long interval = command.interval().toMillis();
        if (interval == 0) {
            return observation.time();
        }
        long millis = observation.time().toEpochMilli();
        return Instant.ofEpochMilli(millis - Math.floorMod(millis, interval));
    }

    /** Wraps a data segment into a frame. */
    public static String frame(String segment) {
        int length = segment.getBytes(StandardCharsets.UTF_8).length;
        return String.format(Locale.ROOT, "##%04d", length) + segment + Hj212Crc.hex(segment) + "\r\n";
    }
}
