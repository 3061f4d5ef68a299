package org.envmon.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.envmon.ingest.testing.TestService;
import org.junit.jupiter.api.Test;

/** A station connection that stays silent longer than hj212.idleTimeout is closed by the server. */
class Hj212IdleIT {

    @Test
    void silentConnection_closedAfterIdleTimeout_activeOneNot() throws Exception {
        try (TestService envmon = TestService.start(
                        "hj212_idle",
                        Map.of(
                                "ENVMON_HJ212_PORT",
                                "0",
                                "ENVMON_HJ212_HOST",
                                "127.0.0.1",
                                "ENVMON_HJ212_IDLE_TIMEOUT",
                                "2s"));
                Socket silent =
                        new Socket("127.0.0.1", envmon.service().hj212Port().orElseThrow());
                Socket chatty =
                        new Socket("127.0.0.1", envmon.service().hj212Port().orElseThrow())) {
            silent.setSoTimeout(200);
            chatty.setSoTimeout(200);
            InputStream silentIn = silent.getInputStream();
            long started = System.nanoTime();
            await().atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(300))
                    .until(() -> {
                        chatty.getOutputStream().write('\n');
                        return closedByPeer(silentIn);
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
            assertThat(closedByPeer(chatty.getInputStream()))
                    .as("a connection that sends is kept")
                    .isFalse();
        }
    }

    private static boolean closedByPeer(InputStream in) throws Exception {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }
}
