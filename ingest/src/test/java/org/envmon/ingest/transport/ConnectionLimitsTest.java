package org.envmon.ingest.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ConnectionLimitsTest {
    private static InetAddress address(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    @Test
    void tryAcquire_perAddressLimitReached_refusedWhileOtherAddressesAdmitted() throws Exception {
        ConnectionLimits limits = new ConnectionLimits(10, 2);
        InetAddress flooder = address("192.0.2.1");
        assertThat(limits.tryAcquire(flooder)).isNull();
        assertThat(limits.tryAcquire(flooder)).isNull();
        assertThat(limits.tryAcquire(flooder)).isEqualTo(ConnectionLimits.Refusal.PER_ADDRESS);
        assertThat(limits.tryAcquire(address("192.0.2.2"))).isNull();
        assertThat(limits.open()).isEqualTo(3);
    }

    @Test
    void tryAcquire_totalLimitReached_refusedUntilAConnectionCloses() throws Exception {
        ConnectionLimits limits = new ConnectionLimits(2, 2);
        assertThat(limits.tryAcquire(address("192.0.2.1"))).isNull();
        assertThat(limits.tryAcquire(address("192.0.2.2"))).isNull();
        assertThat(limits.tryAcquire(address("192.0.2.3"))).isEqualTo(ConnectionLimits.Refusal.TOTAL);
        limits.release(address("192.0.2.1"));
        assertThat(limits.tryAcquire(address("192.0.2.3"))).isNull();
        assertThat(limits.open()).isEqualTo(2);
    }

    @Test
    void release_lastConnectionOfAddress_slotsReturned() throws Exception {
        ConnectionLimits limits = new ConnectionLimits(5, 1);
        InetAddress station = address("192.0.2.9");
        assertThat(limits.tryAcquire(station)).isNull();
        limits.release(station);
        assertThat(limits.open()).isZero();
        assertThat(limits.tryAcquire(station)).isNull();
    }
}
