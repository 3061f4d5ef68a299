package org.envmon.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.envmon.ingest.testing.TestService;
import org.junit.jupiter.api.Test;

/**
 * A flood of connections from one address hits its limit while a station on another address is
 * still served. Raw sockets: 127.0.0.1 plays the flooder, 127.0.0.2 (also loopback) the station.
 */
class ConnectionLimitsIT {
    /**
     * MQTT 3.1.1 CONNECT, empty client id (the server assigns one, so the connections do not take each other's
     * session over), clean session, keep-alive 60 s, no login (anonymous is on in tests).
     */
    private static final byte[] CONNECT = {
        0x10, 0x0C, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x3C, 0x00, 0x00
    };

    private static Socket open(String from, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Sends CONNECT and returns the CONNACK return code, or -1 when the server closed the connection. */
    private static int connect(Socket socket) throws IOException {
        socket.getOutputStream().write(CONNECT);
        InputStream in = socket.getInputStream();
        byte[] connAck = in.readNBytes(4);
        return connAck.length == 4 ? connAck[3] : -1;
    }

    @Test
    void accept_floodFromOneAddress_refusedBeyondLimitOtherAddressServedAndCounted() throws Exception {
        try (TestService envmon =
                TestService.start("connection_limits", Map.of("ENVMON_LIMITS_MAX_CONNECTIONS_PER_ADDRESS", "3"))) {
            int port = envmon.service().mqttPort();
            List<Socket> flood = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Socket socket = open("127.0.0.1", port);
                    flood.add(socket);
                    assertThat(connect(socket))
                            .as("connection %d within the limit", i + 1)
                            .isZero();
                }
                Socket fourth = open("127.0.0.1", port);
                flood.add(fourth);
                int answer;
                try {
                    answer = connect(fourth);
                } catch (IOException reset) {
                    answer = -1;
                }
                assertThat(answer).as("fourth connection from the same address").isEqualTo(-1);

                try (Socket station = open("127.0.0.2", port)) {
                    assertThat(connect(station))
                            .as("a station on another address")
                            .isZero();
                }
                assertThat(envmon.service()
                                .registry()
                                .get("envmon.connections.refused")
                                .tag("reason", "per_address")
                                .counter()
                                .count())
                        .isEqualTo(1);
            } finally {
                for (Socket socket : flood) {
                    socket.close();
                }
            }
            // Closed connections give their slots back.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (Socket again = open("127.0.0.1", port)) {
                    assertThat(connect(again)).isZero();
                }
            });
        }
    }
}
