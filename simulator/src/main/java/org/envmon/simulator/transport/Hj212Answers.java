package org.envmon.simulator.transport;

import java.util.HashMap;
import java.util.Map;

/** Reads the platform's answer frames off a TCP stream: cuts complete frames and splits their fields. */
final class Hj212Answers {
    private Hj212Answers() {}

    /** Removes and returns the data segment of the first complete frame in {@code buffer}, or null. */
    static String next(StringBuilder buffer) {
        int start = buffer.indexOf("##");
        if (start < 0) {
            buffer.setLength(Math.max(0, buffer.length() - 1));
            return null;
        }
        if (start > 0) {
            buffer.delete(0, start);
        }
        int end = buffer.indexOf("\r\n");
        if (end < 0) {
            return null;
        }
        String frame = buffer.substring(0, end);
        buffer.delete(0, end + 2);
        // ## + 4-digit length + segment + 4-digit CRC; answers are ASCII, so chars are bytes
        return frame.length() >= 10 ? frame.substring(6, frame.length() - 4) : "";
    }

    static Map<String, String> fields(String segment) {
        Map<String, String> fields = new HashMap<>();
        int cp = segment.indexOf("CP=");
        String head = cp < 0 ? segment : segment.substring(0, cp);
        for (String item : head.split(";")) {
            int eq = item.indexOf('=');
            if (eq > 0) {
                fields.put(item.substring(0, eq).trim(), item.substring(eq + 1).trim());
            }
        }
        return fields;
    }
}
