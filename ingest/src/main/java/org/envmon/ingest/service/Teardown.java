package org.envmon.ingest.service;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The parts of the service started so far, closed in reverse order of their start. */
final class Teardown {
    private static final Logger log = LoggerFactory.getLogger(Teardown.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    <T extends AutoCloseable> T push(T part) {
        started.push(part);
        return part;
    }

    /** Closes every part, newest first; one that fails to close does not keep the others open. */
    void run() {
        while (!started.isEmpty()) {
            AutoCloseable part = started.pop();
            try {
                part.close();
            } catch (Exception e) {
                log.warn("Closing {} failed: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
