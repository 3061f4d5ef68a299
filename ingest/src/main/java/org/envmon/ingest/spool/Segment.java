package org.envmon.ingest.spool;

import java.nio.file.Path;
import java.util.UUID;

/** A segment file as this process knows it: its size and records count only what was fsynced. */
final class Segment {
    final long number;
    final UUID generation;
    final Path path;
    long size;
    int records;

    Segment(long number, UUID generation, Path path, long size, int records) {
        this.number = number;
        this.generation = generation;
        this.path = path;
        this.size = size;
        this.records = records;
    }
}
