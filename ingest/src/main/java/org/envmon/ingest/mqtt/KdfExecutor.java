package org.envmon.ingest.mqtt;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Threads for password hashing, apart from the event loops; bounded so a login flood cannot queue without end. */
final class KdfExecutor {
    /** Logins waiting for a hashing thread; beyond it a CONNECT is answered "server busy". */
    static final int MAX_WAITING = 256;

    private KdfExecutor() {}

    static ExecutorService create() {
        // Half the cores at most: a storm of logins must leave CPU for the readings.
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        AtomicInteger counter = new AtomicInteger();
        return new ThreadPoolExecutor(
                threads,
                threads,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(MAX_WAITING),
                runnable -> {
                    Thread thread = new Thread(runnable, "envmon-mqtt-auth-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                },
                new ThreadPoolExecutor.AbortPolicy());
    }
}
