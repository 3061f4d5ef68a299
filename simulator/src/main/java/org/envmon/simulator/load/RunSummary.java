package org.envmon.simulator.load;

import java.util.Locale;
import java.util.Optional;
import org.envmon.simulator.verify.VerifyResult;

/**
 * The end of a run, for people and for scripts. Latencies are publish to acknowledgement, in ms;
 * {@code qos} is -1 for HJ 212 over TCP (acknowledged by 9014 answers, or by the write when none is asked).
 */
public record RunSummary(
        double seconds,
        int stations,
        String transport,
        String format,
        int qos,
        long sent,
        long acked,
        long ackedReadings,
        long retries,
        long dropped,
        long unacked,
        double p50,
        double p90,
        double p99,
        double max,
        Optional<VerifyResult> verify) {

    public RunSummary withVerify(VerifyResult result) {
        return new RunSummary(
                seconds,
                stations,
                transport,
                format,
                qos,
                sent,
                acked,
                ackedReadings,
                retries,
                dropped,
                unacked,
                p50,
                p90,
                p99,
                max,
                Optional.of(result));
    }

    public double ackedPerSecond() {
        return seconds > 0 ? acked / seconds : 0;
    }

    public double readingsPerSecond() {
        return seconds > 0 ? ackedReadings / seconds : 0;
    }

    public String human() {
        StringBuilder s = new StringBuilder();
        String acks = qos < 0 ? "9014 answers" : "QoS " + qos;
        s.append(String.format(
                Locale.ROOT, "%d stations, %s over %s, %s, %.1f s%n", stations, format, transport, acks, seconds));
        s.append(String.format(
                Locale.ROOT,
                "sent %d messages, acknowledged %d (%.0f msg/s, %.0f readings/s), unacknowledged %d (dropped from the"
                        + " full send queue %d), retries %d%n",
                sent,
                acked,
                ackedPerSecond(),
                readingsPerSecond(),
                unacked,
                dropped,
                retries));
        s.append(String.format(
                Locale.ROOT, "publish->ack p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", p50, p90, p99, max));
        verify.ifPresent(v -> s.append(String.format(
                Locale.ROOT,
                "verify: %d acknowledged readings, %d stored, %d missing, %d duplicated -> %s%n",
                v.expected(),
                v.found(),
                v.missing(),
                v.duplicated(),
                v.ok() ? "OK" : "FAILED")));
        return s.toString();
    }

    public String json() {
        String verifyJson = verify.map(v -> String.format(
                        Locale.ROOT,
                        ",\"verify\":{\"expected\":%d,\"found\":%d,\"missing\":%d,\"duplicated\":%d,\"ok\":%b}",
                        v.expected(),
                        v.found(),
                        v.missing(),
                        v.duplicated(),
                        v.ok()))
                .orElse("");
        return String.format(
                Locale.ROOT,
                "{\"seconds\":%.3f,\"stations\":%d,\"transport\":\"%s\",\"format\":\"%s\","
                        + "\"qos\":%d,\"sent\":%d,\"acked\":%d,\"ackedReadings\":%d,\"retries\":%d,\"dropped\":%d,\"unacked\":%d,"
                        + "\"ackedPerSecond\":%.1f,\"readingsPerSecond\":%.1f,\"latencyMs\":{\"p50\":%.2f,\"p90\":%.2f,"
                        + "\"p99\":%.2f,\"max\":%.2f}%s}",
                seconds,
                stations,
                transport,
                format,
                qos,
                sent,
                acked,
                ackedReadings,
                retries,
                dropped,
                unacked,
                ackedPerSecond(),
                readingsPerSecond(),
                p50,
                p90,
                p99,
                max,
                verifyJson);
    }
}
