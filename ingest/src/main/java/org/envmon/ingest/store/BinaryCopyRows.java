package org.envmon.ingest.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A batch of readings in PostgreSQL's binary COPY format for the columns (time, station_id,
 * metric_id, value, flag): a signature and header, then per row a field count and each field as a
 * length followed by its value in network byte order, then a -1 trailer.
 */
final class BinaryCopyRows {
    private static final byte[] SIGNATURE = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;
    private static final short FIELDS = 5;
    private static final int HEADER = SIGNATURE.length + 4 + 4;
    private static final int ROW = 2 + (4 + 8) + (4 + 4) + (4 + 2) + (4 + 8) + 4;
    private static final int MAX_FLAG_BYTES = 4;

    private BinaryCopyRows() {}

    /** The encoded rows from index 0 to the buffer's position. */
    static ByteBuffer encode(ReadingBatch batch) {
        ByteBuffer out = ByteBuffer.allocate(HEADER + batch.size() * (ROW + MAX_FLAG_BYTES) + 2);
        out.put(SIGNATURE).putInt(0).putInt(0);
        for (int i = 0; i < batch.size(); i++) {
            out.putShort(FIELDS);
            out.putInt(8).putLong(batch.epochMicrosAt(i) - POSTGRES_EPOCH_MICROS);
            out.putInt(4).putInt(batch.stationIdAt(i));
            out.putInt(2).putShort(batch.metricIdAt(i));
            out.putInt(8).putDouble(batch.valueAt(i));
            putFlag(out, batch.flagAt(i));
        }
        out.putShort((short) -1);
        return out;
    }

    private static void putFlag(ByteBuffer out, String flag) {
        if (flag.length() == 1 && flag.charAt(0) < 0x80) {
            out.putInt(1).put((byte) flag.charAt(0));
        } else {
            byte[] bytes = flag.getBytes(StandardCharsets.UTF_8);
            out.putInt(bytes.length).put(bytes);
        }
    }
}
