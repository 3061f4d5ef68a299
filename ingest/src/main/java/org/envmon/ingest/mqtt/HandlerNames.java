package org.envmon.ingest.mqtt;

/** Names of the MQTT pipeline's handlers, in pipeline order. */
final class HandlerNames {
    /** Reader-idle watchdog at 1.5 × the client's keep-alive; added after CONNECT. */
    static final String KEEP_ALIVE = "keepAlive";

    /** Merges the flushes of acknowledgements queued together into one write. */
    static final String FLUSH_CONSOLIDATION = "flushConsolidation";

    /** MQTT over WebSocket only: the HTTP upgrade, then WebSocket frames ↔ MQTT bytes. */
    static final String HTTP = "http";

    static final String HTTP_AGGREGATOR = "httpAggregator";
    static final String WEBSOCKET = "webSocket";
    static final String WEBSOCKET_FRAMES = "webSocketFrames";

    static final String DECODER = "mqttDecoder";
    static final String ENCODER = "mqttEncoder";
    /** Holds decoded packets while the connection is paused by back-pressure. */
    static final String FLOW_CONTROL = "flowControl";

    static final String CONNECTION = "mqttConnection";

    private HandlerNames() {}
}
