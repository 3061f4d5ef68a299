package org.envmon.ingest.pipeline;

import org.envmon.ingest.store.ReadingBatch;

/**
 * Told about the readings of each batch right after its commit, on the writer thread: an
 * implementation must return at once (hand off, never block), or ingest slows down.
 */
@FunctionalInterface
public interface CommitListener {
    void committed(ReadingBatch readings);
}
