package org.envmon.ingest.transport;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** The source address of a connection as limits and throttles key it: the IP without the port. */
public final class PeerAddress {
    private PeerAddress() {}

    public static String of(Channel channel) {
        SocketAddress remote = channel.remoteAddress();
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress()
                : String.valueOf(remote);
    }
}
