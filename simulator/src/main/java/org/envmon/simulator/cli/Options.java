package org.envmon.simulator.cli;

import java.util.Locale;
import org.envmon.simulator.load.PayloadFormat;
import org.envmon.simulator.load.TransportKind;
import picocli.CommandLine;

/** Parses the enumerated options the way they are written on the command line. */
final class Options {
    private Options() {}

    static PayloadFormat format(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "json" -> PayloadFormat.JSON;
            case "hj212" -> PayloadFormat.HJ212;
            default -> throw new CommandLine.TypeConversionException("--format must be json or hj212, got " + value);
        };
    }

    static TransportKind transport(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "mqtt" -> TransportKind.MQTT;
            case "hj212-tcp" -> TransportKind.HJ212_TCP;
            default ->
                throw new CommandLine.TypeConversionException("--transport must be mqtt or hj212-tcp, got " + value);
        };
    }
}
