package org.envmon.simulator.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Many MQTT 3.1.1 connections that log in and then only keep alive, as stations between readings do;
 * all on one thread with one selector (a client library brings threads per connection, which would
 * measure the client, not the server). Connections are spread over the target addresses, so more
 * than one address's worth of local ports can be used against one server.
 */
public final class IdleConnections implements AutoCloseable {
    private static final int CONNECTING_AT_ONCE = 256;
    private static final byte[] PINGREQ = {(byte) 0xC0, 0};

    /** How the connections ended up: open (CONNACK 0), refused (return code counts), failed (no CONNACK). */
    public record Report(
            int requested, int open, TreeMap<Integer, Integer> refusedByCode, int failed, int closedByServer) {
        public int refused() {
            return refusedByCode.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private final List<InetSocketAddress> targets;
    private final int keepAliveSeconds;
    private final String clientIdPrefix;
    private final Optional<String> username;
    private final Optional<String> password;
    private final Selector selector;
    private final List<SocketChannel> open = new ArrayList<>();
    private final TreeMap<Integer, Integer> refused = new TreeMap<>();
    private int failed;
    private String firstFailure;
    private int closedByServer;

    public IdleConnections(
            List<InetSocketAddress> targets,
            int keepAliveSeconds,
            String clientIdPrefix,
            Optional<String> username,
            Optional<String> password)
            throws IOException {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no target address");
        }
        this.targets = List.copyOf(targets);
        this.keepAliveSeconds = keepAliveSeconds;
        this.clientIdPrefix = clientIdPrefix;
        this.username = username;
        this.password = password;
        this.selector = Selector.open();
    }

    /** Opens {@code count} connections, at most {@link #CONNECTING_AT_ONCE} at a time, within {@code timeout}. */
    public Report open(int count, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int started = 0;
        int answered = 0;
        int pending = 0;
        while (answered < count && System.nanoTime() < deadline) {
            while (pending < CONNECTING_AT_ONCE && started < count) {
                if (startConnect(started++)) {
                    pending++;
                } else {
                    answered++;
                }
            }
            selector.select(100);
            for (SelectionKey key : selector.selectedKeys()) {
                Login login = (Login) key.attachment();
                if (login == null) {
                    continue;
                }
                boolean done = advance(key, login);
                if (done) {
                    pending--;
                    answered++;
                }
            }
            selector.selectedKeys().clear();
        }
        for (SelectionKey key : List.copyOf(selector.keys())) {
            if (key.attachment() != null) {
                key.cancel();
                key.channel().close();
            }
        }
        failed += count - answered;
        return report(count);
    }

    /** Keeps the open connections alive for {@code duration}: a PINGREQ each half keep-alive, answers read. */
    public Report hold(Duration duration, int requested) throws IOException {
        long end = System.nanoTime() + duration.toNanos();
        long pingEvery = Duration.ofSeconds(Math.max(1, keepAliveSeconds / 2)).toNanos();
        long nextPing = System.nanoTime() + pingEvery;
        ByteBuffer sink = ByteBuffer.allocate(256);
        while (System.nanoTime() < end) {
            selector.select(Math.max(1, Math.min(1000, (end - System.nanoTime()) / 1_000_000)));
            for (SelectionKey key : selector.selectedKeys()) {
                SocketChannel channel = (SocketChannel) key.channel();
                sink.clear();
                int read;
                try {
                    read = channel.read(sink);
                } catch (IOException e) {
                    read = -1;
                }
                if (read < 0) {
                    closedByServer++;
                    open.remove(channel);
                    key.cancel();
                    channel.close();
                }
            }
            selector.selectedKeys().clear();
            if (System.nanoTime() >= nextPing) {
                for (SocketChannel channel : List.copyOf(open)) {
                    writeFully(channel, ByteBuffer.wrap(PINGREQ));
                }
                nextPing += pingEvery;
            }
        }
        return report(requested);
    }

    public int openCount() {
        return open.size();
    }

    @Override
    public void close() throws IOException {
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        selector.close();
        open.clear();
    }

    private Report report(int requested) {
        return new Report(requested, open.size(), new TreeMap<>(refused), failed, closedByServer);
    }

    /** False when no socket could be opened (out of file descriptors, no route): counted as failed. */
    private boolean startConnect(int index) {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.connect(targets.get(index % targets.size()));
            channel.register(selector, SelectionKey.OP_CONNECT, new Login(index));
            return true;
        } catch (IOException e) {
            failed++;
            if (firstFailure == null) {
                firstFailure = e.toString();
            }
            closeQuietly(channel);
            return false;
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // closing a socket that never connected; nothing to release beyond the descriptor
        }
    }

    /** Why the first connection failed, for the report; null if none did. */
    public String firstFailure() {
        return firstFailure;
    }

    /** One step of a login; true once it has its answer (open, refused or failed). */
    private boolean advance(SelectionKey key, Login login) {
        SocketChannel channel = (SocketChannel) key.channel();
        try {
            if (key.isConnectable()) {
                channel.finishConnect();
                writeFully(channel, ByteBuffer.wrap(connectPacket(clientIdPrefix + login.index)));
                key.interestOps(SelectionKey.OP_READ);
                return false;
            }
            if (key.isReadable()) {
                if (channel.read(login.connack) < 0) {
                    throw new IOException("closed before CONNACK");
                }
                if (login.connack.hasRemaining()) {
                    return false;
                }
                int code = login.connack.get(3) & 0xFF;
                if ((login.connack.get(0) & 0xFF) != 0x20) {
                    throw new IOException("not a CONNACK");
                }
                if (code == 0) {
                    open.add(channel);
                    key.attach(null);
                } else {
                    refused.merge(code, 1, Integer::sum);
                    key.cancel();
                    channel.close();
                }
                return true;
            }
            return false;
        } catch (IOException e) {
            failed++;
            if (firstFailure == null) {
                firstFailure = e.toString();
            }
            key.cancel();
            closeQuietly(channel);
            return true;
        }
    }

    private static void writeFully(SocketChannel channel, ByteBuffer bytes) throws IOException {
        // a few bytes into an empty socket buffer: written at once on any live connection
        for (int spins = 0; bytes.hasRemaining() && spins < 1000; spins++) {
            channel.write(bytes);
        }
        if (bytes.hasRemaining()) {
            throw new IOException("socket buffer full");
        }
    }

    byte[] connectPacket(String clientId) {
        ByteArrayOutputStream variable = new ByteArrayOutputStream();
        writeString(variable, "MQTT");
        variable.write(4);
        int flags = 0x02 | (username.isPresent() ? 0x80 : 0) | (password.isPresent() ? 0x40 : 0);
        variable.write(flags);
        variable.write(keepAliveSeconds >> 8);
        variable.write(keepAliveSeconds & 0xFF);
        writeString(variable, clientId);
        username.ifPresent(u -> writeString(variable, u));
        password.ifPresent(p -> writeString(variable, p));
        byte[] body = variable.toByteArray();
        ByteArrayOutputStream packet = new ByteArrayOutputStream(body.length + 5);
        packet.write(0x10);
        int remaining = body.length;
        do {
            int digit = remaining % 128;
            remaining /= 128;
            packet.write(remaining > 0 ? digit | 0x80 : digit);
        } while (remaining > 0);
        packet.writeBytes(body);
        return packet.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xFF);
        out.writeBytes(bytes);
    }

    /** A connection waiting for its CONNACK. */
    private static final class Login {
        final int index;
        final ByteBuffer connack = ByteBuffer.allocate(4);

        Login(int index) {
            this.index = index;
        }
    }
}
