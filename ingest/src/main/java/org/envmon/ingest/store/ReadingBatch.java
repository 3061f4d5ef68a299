package org.envmon.ingest.store;

import java.time.Instant;
import java.util.Arrays;

/** Readings of one transaction in column form, ready for array binding or COPY. */
public final class ReadingBatch {
    private long[] epochMicros;
    private int[] stationIds;
    private short[] metricIds;
    private double[] values;
    private String[] flags;
    private int size;

    public ReadingBatch(int expectedSize) {
        int capacity = Math.max(16, expectedSize);
        epochMicros = new long[capacity];
        stationIds = new int[capacity];
        metricIds = new short[capacity];
        values = new double[capacity];
        flags = new String[capacity];
    }

    public void add(Instant time, int stationId, short metricId, double value, char flag) {
        if (size == epochMicros.length) {
            int capacity = size * 2;
            epochMicros = Arrays.copyOf(epochMicros, capacity);
            stationIds = Arrays.copyOf(stationIds, capacity);
            metricIds = Arrays.copyOf(metricIds, capacity);
            values = Arrays.copyOf(values, capacity);
            flags = Arrays.copyOf(flags, capacity);
        }
        epochMicros[size] = Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1000);
        stationIds[size] = stationId;
        metricIds[size] = metricId;
        values[size] = value;
        flags[size] = String.valueOf(flag);
        size++;
    }

    public int size() {
        return size;
    }

    long[] epochMicros() {
        return Arrays.copyOf(epochMicros, size);
    }

    int[] stationIds() {
        return Arrays.copyOf(stationIds, size);
    }

    short[] metricIds() {
        return Arrays.copyOf(metricIds, size);
    }

    double[] values() {
        return Arrays.copyOf(values, size);
    }

    String[] flags() {
        return Arrays.copyOf(flags, size);
    }

    public long epochMicrosAt(int i) {
        return epochMicros[i];
    }

    public int stationIdAt(int i) {
        return stationIds[i];
    }

    public short metricIdAt(int i) {
        return metricIds[i];
    }

    public double valueAt(int i) {
        return values[i];
    }

    public String flagAt(int i) {
        return flags[i];
    }
}
