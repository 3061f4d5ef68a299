package org.envmon.ingest.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * New station secrets with their stored hashes, for many stations at once. Each hash costs hundreds of
 * milliseconds of CPU by design, so they are computed on a small pool of threads rather than one after
 * the other.
 */
public final class SecretIssuer {
    private final int threads;
    private final int iterations;

    /** A secret as the station must send it and the hash the station table keeps. */
    public record Issued(String secret, String hash) {}

    public SecretIssuer(int threads, int iterations) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.iterations = iterations;
    }

    /**
     * One thread per core: the pool lives for one command of a few seconds, and a service running beside it
     * keeps its own password-check pool, whose logins are slowed for those seconds.
     */
    public static SecretIssuer perCore() {
        return new SecretIssuer(Runtime.getRuntime().availableProcessors(), PasswordHash.DEFAULT_ITERATIONS);
    }

    /** A fresh secret and its hash per code, in the order given. */
    public Map<String, Issued> issue(List<String> codes) throws InterruptedException {
        if (codes.size() < 2 || threads == 1) {
            Map<String, Issued> issued = new LinkedHashMap<>();
            codes.forEach(code -> issued.put(code, issueOne()));
            return issued;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, codes.size()), runnable -> {
            Thread thread = new Thread(runnable, "envmon-passwd-hash");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Issued>> futures = new ArrayList<>();
            for (int i = 0; i < codes.size(); i++) {
                futures.add(pool.submit(this::issueOne));
            }
            Map<String, Issued> issued = new LinkedHashMap<>();
            for (int i = 0; i < codes.size(); i++) {
                issued.put(codes.get(i), futures.get(i).get());
            }
            return issued;
        } catch (ExecutionException e) {
            throw new IllegalStateException("hashing a station secret failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private Issued issueOne() {
        String secret = PasswordHash.newSecret();
        return new Issued(secret, PasswordHash.hash(secret, iterations));
    }
}
