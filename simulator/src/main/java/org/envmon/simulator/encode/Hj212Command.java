package org.envmon.simulator.encode;

import java.time.Duration;

/** The upload commands the simulator sends, with the interval their data covers. */
public enum Hj212Command {
    REAL_TIME("2011", "Rtd", Duration.ZERO),
    MINUTE("2051", "Avg", Duration.ofMinutes(1)),
    HOURLY("2061", "Avg", Duration.ofHours(1));

    private final String code;
    private final String valueSuffix;
    private final Duration interval;

    Hj212Command(String code, String valueSuffix, Duration interval) {
        this.code = code;
        this.valueSuffix = valueSuffix;
        this.interval = interval;
    }

    public String code() {
        return code;
    }

    String valueSuffix() {
        return valueSuffix;
    }

    /** Zero for real-time data; otherwise the interval whose start is the DataTime. */
    public Duration interval() {
        return interval;
    }

    public static Hj212Command parse(String cn) {
        for (Hj212Command command : values()) {
            if (command.code.equals(cn)) {
                return command;
            }
        }
        throw new IllegalArgumentException("CN " + cn + " is not one the simulator sends (2011, 2051, 2061)");
    }
}
