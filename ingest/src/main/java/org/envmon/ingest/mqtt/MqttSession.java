package org.envmon.ingest.mqtt;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Per-connection protocol state. Touched only on the connection's event loop. */
final class MqttSession {
    private boolean connected;
    private boolean v5;
    private String clientId = "";
    /** The station this connection logged in as; empty for an anonymous one. */
    private Optional<String> station = Optional.empty();
    /**
     * QoS 2 packet ids stored and answered with PUBREC, waiting for PUBREL: the client's session's own
     * set ({@link SessionRegistry}), which outlives this connection when the session is persistent.
     */
    private Set<Integer> awaitingRelease = new HashSet<>();

    private TopicAliases topicAliases = new TopicAliases(0, () -> {});
    /** QoS 2 packet ids queued for storage, not yet answered. */
    private final Set<Integer> storing = new HashSet<>();

    private int inFlight;
    /** 1.5 × the client's keep-alive, or 0 when it asked for none. */
    private long keepAliveMillis;

    void connected(
            String clientId,
            boolean v5,
            Optional<String> station,
            Set<Integer> awaitingRelease,
            TopicAliases topicAliases) {
        this.connected = true;
        this.clientId = clientId;
        this.v5 = v5;
        this.station = station;
        this.awaitingRelease = awaitingRelease;
        this.topicAliases = topicAliases;
    }

    TopicAliases topicAliases() {
        return topicAliases;
    }

    Optional<String> station() {
        return station;
    }

    boolean isConnected() {
        return connected;
    }

    boolean isV5() {
        return v5;
    }

    String clientId() {
        return clientId;
    }

    boolean isAwaitingRelease(int packetId) {
        return awaitingRelease.contains(packetId);
    }

    boolean isStoring(int packetId) {
        return storing.contains(packetId);
    }

    void storing(int packetId) {
        storing.add(packetId);
    }

    void stored(int packetId, boolean awaitRelease) {
        storing.remove(packetId);
        if (awaitRelease) {
            awaitingRelease.add(packetId);
        }
    }

    boolean release(int packetId) {
        return awaitingRelease.remove(packetId);
    }

    int awaitingRelease() {
        return awaitingRelease.size();
    }

    /** QoS 1/2 messages not yet answered with PUBACK or PUBCOMP: what MQTT 5's receive maximum counts. */
    int unacknowledged() {
        return inFlight + awaitingRelease.size();
    }

    void inFlightAdded() {
        inFlight++;
    }

    void inFlightDone() {
        inFlight--;
    }

    long keepAliveMillis() {
        return keepAliveMillis;
    }

    void keepAliveMillis(long millis) {
        keepAliveMillis = millis;
    }
}
