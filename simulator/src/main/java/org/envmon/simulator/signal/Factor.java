package org.envmon.simulator.signal;

import java.util.Optional;

/**
 * A monitored factor with its HJ 212-2017 code, its HJ/T 212-2005 code where one exists, the decimals a
 * station reports, and the physical range a working sensor stays in (faults step outside it).
 */
public record Factor(String code, Optional<String> code2005, int decimals, double min, double max) {
    public static final Factor PH = new Factor("w01001", Optional.of("001"), 2, 0, 14);
    public static final Factor DO = new Factor("w01009", Optional.empty(), 2, 0, 20);
    public static final Factor WATER_TEMP = new Factor("w01010", Optional.empty(), 1, 0, 40);
    public static final Factor CONDUCTIVITY = new Factor("w01014", Optional.empty(), 0, 0, 5000);
    public static final Factor TURBIDITY = new Factor("w01003", Optional.empty(), 1, 0, 4000);
    public static final Factor CODMN = new Factor("w01019", Optional.empty(), 2, 0, 100);
    public static final Factor COD = new Factor("w01018", Optional.of("011"), 1, 0, 2000);
    public static final Factor NH3N = new Factor("w21003", Optional.of("060"), 3, 0, 100);
    public static final Factor TP = new Factor("w21011", Optional.of("101"), 3, 0, 20);
    public static final Factor FLOW = new Factor("w00000", Optional.of("B01"), 2, 0, 100_000);
    public static final Factor TSP = new Factor("a34001", Optional.empty(), 1, 0, 20_000);
    public static final Factor PM10 = new Factor("a34002", Optional.empty(), 1, 0, 10_000);
    public static final Factor PM25 = new Factor("a34004", Optional.empty(), 1, 0, 10_000);
    public static final Factor AIR_TEMP = new Factor("a01001", Optional.empty(), 1, -40, 60);
    public static final Factor HUMIDITY = new Factor("a01002", Optional.empty(), 1, 0, 100);
    public static final Factor WIND_SPEED = new Factor("a01007", Optional.empty(), 1, 0, 60);
    public static final Factor WIND_DIRECTION = new Factor("a01008", Optional.empty(), 0, 0, 360);
    public static final Factor NOISE = new Factor("LA", Optional.empty(), 1, 20, 140);

    /** The code a logger of the given dialect sends: the 2005 code where the 2005 table has one. */
    public String wireCode(boolean dialect2005) {
        return dialect2005 ? code2005.orElse(code) : code;
    }

    /** Rounds to the decimals the station reports. */
    public double round(double value) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
