package org.envmon.simulator.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A raw TCP connection that uploads HJ 212 frames. An envelope that asked for answers is acknowledged
 * when the 9014 answer of each of its frames (matched by MN and QN) has arrived; one that did not is
 * acknowledged once written. A lost connection fails everything unanswered (it is retried) and the
 * next {@link #connected()} check after {@code reconnectDelay} connects again.
 */
final class Hj212TcpLink implements Link {
    private static final Logger log = LoggerFactory.getLogger(Hj212TcpLink.class);

    private final InetSocketAddress target;
    private final Duration connectTimeout;
    private final Duration reconnectDelay;
    private final String name;
    private final Map<String, Pending> awaiting = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();
    private volatile Socket socket;
    private volatile long lastAttemptNanos;

    Hj212TcpLink(InetSocketAddress target, Duration connectTimeout, Duration reconnectDelay, String name) {
        this.target = target;
        this.connectTimeout = connectTimeout;
        this.reconnectDelay = reconnectDelay;
        this.name = name;
    }

    @Override
    public synchronized void connect() throws IOException {
        lastAttemptNanos = System.nanoTime();
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(target, (int) connectTimeout.toMillis());
        socket = s;
        Thread reader = new Thread(() -> readAnswers(s), name + "-answers");
        reader.setDaemon(true);
        reader.start();
        log.debug("{} connected to {}", name, target);
    }

    @Override
    public boolean connected() {
        Socket s = socket;
        if (s != null && !s.isClosed()) {
            return true;
        }
        if (System.nanoTime() - lastAttemptNanos < reconnectDelay.toNanos()) {
            return false;
        }
        try {
            connect();
            return true;
        } catch (IOException e) {
            log.debug("{}: reconnect failed: {}", name, e.getMessage());
            return false;
        }
    }

    @Override
    public void publish(Envelope envelope, Runnable acked, Consumer<Throwable> failed) {
        Pending pending = envelope.answerQns().isEmpty()
                ? null
                : new Pending(envelope.answerQns().size(), acked, failed);
        if (pending != null) {
            for (String qn : envelope.answerQns()) {
                awaiting.put(key(envelope.stationCode(), qn), pending);
            }
        }
        Socket s = socket;
        try {
            if (s == null) {
                throw new IOException("not connected");
            }
            synchronized (writeLock) {
                OutputStream out = s.getOutputStream();
                out.write(envelope.payload());
                out.flush();
            }
        } catch (IOException e) {
            if (pending != null) {
                envelope.answerQns().forEach(qn -> awaiting.remove(key(envelope.stationCode(), qn)));
            }
            lost(s, e);
            failed.accept(e);
            return;
        }
        if (pending == null) {
            acked.run();
        }
    }

    private void readAnswers(Socket s) {
        StringBuilder buffer = new StringBuilder();
        byte[] chunk = new byte[4096];
        try (InputStream in = s.getInputStream()) {
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                buffer.append(new String(chunk, 0, n, StandardCharsets.UTF_8));
                for (String segment = Hj212Answers.next(buffer); segment != null; segment = Hj212Answers.next(buffer)) {
                    answered(segment);
                }
            }
            lost(s, new IOException("connection closed by the platform"));
        } catch (IOException e) {
            lost(s, e);
        }
    }

    private void answered(String segment) {
        Map<String, String> fields = Hj212Answers.fields(segment);
        if (!"9014".equals(fields.get("CN"))) {
            return;
        }
        Pending pending = awaiting.remove(key(fields.getOrDefault("MN", ""), fields.getOrDefault("QN", "")));
        if (pending != null && pending.remaining.decrementAndGet() == 0) {
            pending.acked.run();
        }
    }

    private void lost(Socket s, IOException cause) {
        if (s == null || socket != s) {
            return;
        }
        socket = null;
        try {
            s.close();
        } catch (IOException e) {
            log.debug("{}: close: {}", name, e.getMessage());
        }
        log.warn("{}: connection lost ({}); unanswered frames will be sent again", name, cause.getMessage());
        Iterator<Map.Entry<String, Pending>> it = awaiting.entrySet().iterator();
        while (it.hasNext()) {
            Pending pending = it.next().getValue();
            it.remove();
            if (pending.remaining.getAndSet(-1) > 0) {
                pending.failed.accept(cause);
            }
        }
    }

    private static String key(String mn, String qn) {
        return mn + '/' + qn;
    }

    @Override
    public void close() {
        Socket s = socket;
        socket = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                log.debug("{}: close: {}", name, e.getMessage());
            }
        }
    }

    private static final class Pending {
        final AtomicInteger remaining;
        final Runnable acked;
        final Consumer<Throwable> failed;

        Pending(int frames, Runnable acked, Consumer<Throwable> failed) {
            this.remaining = new AtomicInteger(frames);
            this.acked = acked;
            this.failed = failed;
        }
    }
}
