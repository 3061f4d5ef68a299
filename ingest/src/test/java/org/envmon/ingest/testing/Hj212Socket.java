package org.envmon.ingest.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A station's TCP connection to an HJ 212 listener that reads the platform's answers line by line. */
public final class Hj212Socket implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    public Hj212Socket(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    public void send(byte[]... parts) throws IOException {
        for (byte[] part : parts) {
            out.write(part);
            out.flush();
        }
    }

    /** The next line the platform sends, without its CR LF. */
    public String answer() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /** True when nothing arrives within the wait. */
    public boolean silentFor(Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        try {
            in.read();
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(10_000);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
