package org.envmon.ingest.spool;

import java.util.List;
import java.util.UUID;

/** Records read for draining, all from one segment; {@code end} is the offset after the last one. */
public record SpoolChunk(UUID generation, long segment, List<SegmentFile.Entry> entries) {
    public long end() {
        return entries.get(entries.size() - 1).end();
    }
}
