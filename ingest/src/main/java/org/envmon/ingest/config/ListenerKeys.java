package org.envmon.ingest.config;

import java.util.List;
import org.envmon.ingest.config.ConfigKey.Type;

/** The keys of the network side: MQTT, TLS, HTTP and HJ 212 listeners and the connection limits they share. */
public final class ListenerKeys {
    public static final ConfigKey MQTT_HOST =
            ConfigKey.of("mqtt.host", "0.0.0.0", Type.ADDRESS, "Address the MQTT listener binds.");
    public static final ConfigKey MQTT_PORT = ConfigKey.withEnv(
            "mqtt.port",
            "ENVMON_MQTT_PORT",
            "1883",
            Type.PORT_OR_OFF,
            "Plain MQTT listener port (0 picks a free port); off: no plain listener, only mqtt.tlsPort (TLS only).");
    public static final ConfigKey MQTT_MAX_PACKET_SIZE = ConfigKey.of(
            "mqtt.maxPacketSize",
            "1048576",
            Type.INTEGER,
            "Largest MQTT packet accepted, in bytes; a larger one closes the connection (MQTT 5: DISCONNECT 0x95).");
    public static final ConfigKey MQTT_CONNECT_TIMEOUT = ConfigKey.of(
            "mqtt.connectTimeout",
            "10s",
            Type.DURATION,
            "A connection that sends no CONNECT within this time is closed.");
    public static final ConfigKey MQTT_MAX_CLIENT_ID_LENGTH = ConfigKey.of(
            "mqtt.maxClientIdLength",
            "128",
            Type.INTEGER,
            "Longest client identifier accepted; longer ones are refused with 'identifier rejected'.");
    public static final ConfigKey MQTT_RECEIVE_MAXIMUM = ConfigKey.of(
            "mqtt.receiveMaximum",
            "100",
            Type.INTEGER,
            "Messages a client may have unacknowledged at once. MQTT 5: QoS 1/2 messages until PUBACK/PUBCOMP,"
                    + " announced in CONNACK; more is a protocol error (DISCONNECT 0x93). MQTT 3.1.1: messages of any"
                    + " QoS waiting to be stored; at the limit the server stops reading from the connection.");

    public static final ConfigKey MQTT_ALLOW_ANONYMOUS = ConfigKey.of(
            "mqtt.allowAnonymous",
            "false",
            Type.BOOLEAN,
            "Accept CONNECTs without a user name (no topic restriction). Off: every station logs in with its code"
                    + " and the password set by 'envmon stations passwd CODE'. The demo command turns it on.");

    public static final ConfigKey MQTT_TLS_PORT = ConfigKey.withEnv(
            "mqtt.tlsPort",
            "ENVMON_MQTT_TLS_PORT",
            null,
            Type.PORT,
            "MQTT over TLS listener port (8883 suggested), beside the plain one or alone (mqtt.port: off); unset:"
                    + " none. Needs tls.certificate and tls.privateKey.");
    public static final ConfigKey MQTT_WS_PORT = ConfigKey.withEnv(
            "mqtt.wsPort",
            "ENVMON_MQTT_WS_PORT",
            null,
            Type.PORT,
            "MQTT over WebSocket listener port (8083 suggested), path /mqtt, sub-protocol mqtt; unset: none. Same"
                    + " login, limits and acknowledgements as MQTT over TCP.");
    public static final ConfigKey MQTT_WSS_PORT = ConfigKey.withEnv(
            "mqtt.wssPort",
            "ENVMON_MQTT_WSS_PORT",
            null,
            Type.PORT,
            "MQTT over secure WebSocket (TLS) listener port (8084 suggested), path /mqtt; unset: none. Needs"
                    + " tls.certificate and tls.privateKey.");
    public static final ConfigKey MQTT_TOPIC_ALIAS_MAXIMUM = ConfigKey.of(
            "mqtt.topicAliasMaximum",
            "64",
            Type.INTEGER,
            "Topic aliases an MQTT 5 client may use per connection, offered in CONNACK; 0: none. An alias outside"
                    + " the range, or one used before it was set, ends the connection (DISCONNECT 0x94).");
    public static final ConfigKey MQTT_MAX_SESSIONS = ConfigKey.of(
            "mqtt.maxSessions",
            "10000",
            Type.INTEGER,
            "Persistent sessions (MQTT 5 Clean Start 0 with a Session Expiry Interval, MQTT 3.1.1 clean session 0)"
                    + " kept in memory for disconnected clients; beyond it the one expiring first is dropped.");
    public static final ConfigKey MQTT_MAX_SESSION_EXPIRY = ConfigKey.of(
            "mqtt.maxSessionExpiry",
            "1d",
            Type.DURATION,
            "Longest a disconnected client's session is kept: MQTT 5 clients asking for longer are told this in"
                    + " CONNACK; MQTT 3.1.1 persistent sessions expire after it.");

    public static final ConfigKey TLS_CERTIFICATE = ConfigKey.withEnv(
            "tls.certificate",
            "ENVMON_TLS_CERTIFICATE",
            null,
            Type.PATH,
            "PEM file with the server certificate (chain) of the TLS listeners.");
    public static final ConfigKey TLS_PRIVATE_KEY = ConfigKey.withEnv(
            "tls.privateKey",
            "ENVMON_TLS_PRIVATE_KEY",
            null,
            Type.PATH,
            "PEM file with the unencrypted PKCS#8 private key of tls.certificate.");
    public static final ConfigKey TLS_CLIENT_CA = ConfigKey.withEnv(
            "tls.clientCa",
            "ENVMON_TLS_CLIENT_CA",
            null,
            Type.PATH,
            "PEM bundle of CAs; when set, TLS clients must present a certificate signed by one of them.");

    public static final ConfigKey TLS_CLIENT_CERTIFICATE_LOGIN = ConfigKey.of(
            "tls.clientCertificateLogin",
            "false",
            Type.BOOLEAN,
            "true: on the TLS listeners a client certificate whose subject CN is a station code logs in as that"
                    + " station. MQTT: no password needed (a user name, if sent, must equal the CN); HJ 212: every"
                    + " frame's MN must equal the CN, and the station needs no PW. Needs tls.clientCa.");

    public static final ConfigKey HTTP_HOST =
            ConfigKey.of("http.host", "0.0.0.0", Type.ADDRESS, "Address the HTTP endpoint binds.");
    public static final ConfigKey HTTP_PORT = ConfigKey.withEnv(
            "http.port",
            "ENVMON_HTTP_PORT",
            "8080",
            Type.PORT,
            "HTTP port for /health and /metrics (0 picks a free port).");

    public static final ConfigKey HTTP_API_TOKEN = ConfigKey.withEnv(
            "http.apiToken",
            "ENVMON_HTTP_API_TOKEN",
            null,
            Type.SECRET,
            "Bearer token machines send with every /api/* request (Authorization: Bearer TOKEN), at least 16"
                    + " characters. Unset: only logged-in console users (envmon users) reach /api/*.");
    public static final ConfigKey HTTP_OPEN_HEALTH_AND_METRICS = ConfigKey.of(
            "http.openHealthAndMetrics",
            "true",
            Type.BOOLEAN,
            "/health and /metrics answer without a token; false: they need http.apiToken too.");

    public static final ConfigKey HTTP_TLS = ConfigKey.of(
            "http.tls",
            "false",
            Type.BOOLEAN,
            "Serve HTTPS (TLS 1.2/1.3) with tls.certificate and tls.privateKey instead of plain HTTP.");

    public static final ConfigKey HTTP_CONSOLE_URL = ConfigKey.withEnv(
            "http.consoleUrl",
            "ENVMON_HTTP_CONSOLE_URL",
            null,
            Type.URL,
            "Address of the staff console as staff reach it; notification messages link to the alert's page"
                    + " there. Unset: messages link to Grafana when alerting.grafanaUrl is set.");

    public static final ConfigKey HJ212_HOST =
            ConfigKey.of("hj212.host", "0.0.0.0", Type.ADDRESS, "Address the HJ 212 TCP listener binds.");
    public static final ConfigKey HJ212_PORT = ConfigKey.withEnv(
            "hj212.port",
            "ENVMON_HJ212_PORT",
            null,
            Type.PORT,
            "HJ 212 TCP listener port (9212 suggested); unset: no plain HJ 212 listener.");
    public static final ConfigKey HJ212_TLS_PORT = ConfigKey.withEnv(
            "hj212.tlsPort",
            "ENVMON_HJ212_TLS_PORT",
            null,
            Type.PORT,
            "HJ 212 over TLS listener port, beside the plain hj212.port or alone (TLS only); unset: none. Needs"
                    + " tls.certificate and tls.privateKey.");
    public static final ConfigKey HJ212_REQUIRE_PASSWORD = ConfigKey.of(
            "hj212.requirePassword",
            "true",
            Type.BOOLEAN,
            "true: frames over HJ 212 TCP from a station without an HJ 212 password (stations add --hj212-password)"
                    + " are refused as hj212_password_unset, so nobody can write for a station by knowing its MN."
                    + " A certificate login (tls.clientCertificateLogin) counts instead.");
    public static final ConfigKey HJ212_IDLE_TIMEOUT = ConfigKey.of(
            "hj212.idleTimeout",
            "20m",
            Type.DURATION,
            "A station connection that sends nothing for this long is closed.");
    public static final ConfigKey HJ212_FIRST_FRAME_TIMEOUT = ConfigKey.of(
            "hj212.firstFrameTimeout",
            "30s",
            Type.DURATION,
            "A connection that has not sent one complete HJ 212 frame within this time after connecting is closed.");
    public static final ConfigKey HJ212_ONE_STATION_PER_CONNECTION = ConfigKey.of(
            "hj212.oneStationPerConnection",
            "true",
            Type.BOOLEAN,
            "A connection belongs to the MN of its first frame; frames naming another MN are refused"
                    + " (mn_mismatch, no 9014). false: for a forwarder that relays several stations on one connection.");
    public static final ConfigKey HJ212_MAX_IN_FLIGHT = ConfigKey.of(
            "hj212.maxInFlight",
            "32",
            Type.INTEGER,
            "Frames of one connection waiting to be stored; at the limit the connection stops being read.");
    public static final ConfigKey HJ212_ANSWER = ConfigKey.choice(
            "hj212.answer",
            "flag",
            List.of("flag", "always", "never"),
            "Which data uploads get the 9014 answer once stored: flag (those whose Flag asks for it with the A bit, and"
                    + " 2005 uploads without Flag), always, or never. Answers, notifications and replies of stations"
                    + " (CN 9011-9014, 1xxx) are never answered.");
    public static final ConfigKey HJ212_TIME_SYNC = ConfigKey.of(
            "hj212.timeSync",
            "false",
            Type.BOOLEAN,
            "true: a station's time calibration request (CN 1013) is answered with CN 1012 and the server's time in"
                    + " the station's zone; false: it is recorded like any frame and not answered.");

    public static final ConfigKey LIMITS_MAX_CONNECTIONS = ConfigKey.of(
            "limits.maxConnections",
            "50000",
            Type.INTEGER,
            "Open MQTT and HJ 212 connections at most, all listeners together; more are closed at accept. An idle"
                    + " connection holds about 3.3 KiB of heap; the process's open-file limit must allow as many"
                    + " (a warning at start says when it does not).");
    public static final ConfigKey LIMITS_MAX_CONNECTIONS_PER_ADDRESS = ConfigKey.of(
            "limits.maxConnectionsPerAddress",
            "256",
            Type.INTEGER,
            "Open connections at most from one source IP address (stations behind one NAT share an address).");

    public static final ConfigKey LIMITS_STATION_MESSAGES_PER_SECOND = ConfigKey.of(
            "limits.stationMessagesPerSecond",
            "20",
            Type.INTEGER,
            "Messages (MQTT PUBLISH or HJ 212 frames) one station may send per second on average; beyond it the"
                    + " message is quarantined as rate_limited and the connection closed (MQTT 5: DISCONNECT 0x96).");
    public static final ConfigKey LIMITS_STATION_BURST = ConfigKey.of(
            "limits.stationBurst",
            "200",
            Type.INTEGER,
            "Messages one station may send at once above its rate, e.g. a backlog after an outage.");

    public static final ConfigKey LIMITS_FAILED_LOGINS_PER_MINUTE = ConfigKey.of(
            "limits.failedLoginsPerMinute",
            "10",
            Type.INTEGER,
            "Failed MQTT logins per user name from one address in a minute; beyond it that user name is refused"
                    + " from there without a password check until the minute is over (CONNACK 0x05, MQTT 5: 0x9F)."
                    + " Ten times as many failures, any user names, block the whole address. The same for wrong HJ 212"
                    + " PWs per MN: further frames for it from that address close the connection unread.");

    static final List<ConfigKey> ALL = List.of(
            MQTT_HOST,
            MQTT_PORT,
            MQTT_MAX_PACKET_SIZE,
            MQTT_CONNECT_TIMEOUT,
            MQTT_MAX_CLIENT_ID_LENGTH,
            MQTT_RECEIVE_MAXIMUM,
            MQTT_ALLOW_ANONYMOUS,
            MQTT_TLS_PORT,
            MQTT_WS_PORT,
            MQTT_WSS_PORT,
            MQTT_TOPIC_ALIAS_MAXIMUM,
            MQTT_MAX_SESSIONS,
            MQTT_MAX_SESSION_EXPIRY,
            TLS_CERTIFICATE,
            TLS_PRIVATE_KEY,
            TLS_CLIENT_CA,
            TLS_CLIENT_CERTIFICATE_LOGIN,
            HTTP_HOST,
            HTTP_PORT,
            HTTP_API_TOKEN,
            HTTP_OPEN_HEALTH_AND_METRICS,
            HTTP_TLS,
            HTTP_CONSOLE_URL,
            HJ212_HOST,
            HJ212_PORT,
            HJ212_TLS_PORT,
            HJ212_REQUIRE_PASSWORD,
            HJ212_IDLE_TIMEOUT,
            HJ212_FIRST_FRAME_TIMEOUT,
            HJ212_ONE_STATION_PER_CONNECTION,
            HJ212_MAX_IN_FLIGHT,
            HJ212_ANSWER,
            HJ212_TIME_SYNC,
            LIMITS_MAX_CONNECTIONS,
            LIMITS_MAX_CONNECTIONS_PER_ADDRESS,
            LIMITS_STATION_MESSAGES_PER_SECOND,
            LIMITS_STATION_BURST,
            LIMITS_FAILED_LOGINS_PER_MINUTE);

    private ListenerKeys() {}
}
