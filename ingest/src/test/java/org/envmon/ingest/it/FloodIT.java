package org.envmon.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.SocketFactory;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envmon.ingest.http.HealthReport;
import org.envmon.ingest.payload.Transport;
import org.envmon.ingest.testing.Hj212TestFrames;
import org.envmon.ingest.testing.LoadPublisher;
import org.envmon.ingest.testing.TestService;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole service under a flood from one address while stations on another keep publishing.
 * 127.0.0.1 opens connections that never log in (slowloris), send garbage, send a packet
 * claiming 200 MB, or connect and close in a loop, on both the MQTT and the HJ 212 listener, more
 * of them than the per-address limit. Meanwhile MQTT stations (real Paho clients) and an HJ 212
 * station on 127.0.0.2, also loopback, send their data. Every one of their messages must be
 * acknowledged and stored exactly once, the refusals counted, the limit held, and the service
 * healthy and open to 127.0.0.1 again once the flood stops.
 */
class FloodIT {
    private static final Logger log = LoggerFactory.getLogger(FloodIT.class);
    private static final String FLOODER = "127.0.0.1";
    private static final String STATIONS_ADDRESS = "127.0.0.2";
    private static final int PER_ADDRESS = 10;
    /** More slowloris sockets than the limit allows, so the flooder is always at it. */
    private static final int MQTT_SLOWLORIS = 8;

    private static final int HJ212_SLOWLORIS = 4;
    private static final int STATIONS = 4;
    private static final int MESSAGES = 40;
    /** Stations send at a steady pace, so that they publish through the whole flood, deadlines included. */
    private static final long PAUSE_MILLIS = 100;

    private static final int HJ212_FRAMES = 20;
    private static final String HJ212_STATION = "010000A8900016F000199001";
    /** MQTT 3.1.1 CONNECT, client id "fl", no login (anonymous access is on in tests). */
    private static final byte[] CONNECT = {
        0x10, 0x0E, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x3C, 0x00, 0x02, 'f', 'l'
    };
    /** PUBLISH QoS 0 whose remaining length (FF FF FF 60) claims 203 423 743 bytes. */
    private static final byte[] PUBLISH_CLAIMING_200_MB = {0x30, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x60};

    @Test
    void flood_fromOneAddress_otherAddressServedExactlyOnceRefusalsCountedServiceHealthy() throws Exception {
        try (TestService envmon = TestService.start(
                "flood",
                Map.of(
                        "ENVMON_LIMITS_MAX_CONNECTIONS_PER_ADDRESS", String.valueOf(PER_ADDRESS),
                        "ENVMON_MQTT_CONNECT_TIMEOUT", "2s",
                        "ENVMON_HJ212_PORT", "0",
                        "ENVMON_HJ212_HOST", "127.0.0.1",
                        "ENVMON_HJ212_FIRST_FRAME_TIMEOUT", "2s"))) {
            for (int s = 0; s < STATIONS; s++) {
                envmon.addStation(station(s));
            }
            envmon.addStation(HJ212_STATION);
            int mqttPort = envmon.service().mqttPort();
            int hj212Port = envmon.service().hj212Port().orElseThrow();

            Flooder flooder = new Flooder(mqttPort, hj212Port);
            ConnectionSampler sampler = new ConnectionSampler(envmon);
            try {
                flooder.start();
                sampler.start();
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> refused(envmon, Transport.MQTT) > 0 && refused(envmon, Transport.HJ212_TCP) > 0);

                BoundSocketFactory stationSockets = new BoundSocketFactory(InetAddress.getByName(STATIONS_ADDRESS));
                ExecutorService stations = Executors.newFixedThreadPool(STATIONS + 1);
                List<Future<Integer>> acknowledged = new ArrayList<>();
                for (int s = 0; s < STATIONS; s++) {
                    String code = station(s);
                    acknowledged.add(stations.submit(() -> publishAll(envmon, code, stationSockets)));
                }
                Future<Integer> answered = stations.submit(() -> sendHj212Frames(hj212Port));
                stations.shutdown();
                for (Future<Integer> station : acknowledged) {
                    assertThat(station.get(60, TimeUnit.SECONDS))
                            .as("messages acknowledged")
                            .isEqualTo(MESSAGES);
                }
                assertThat(answered.get(60, TimeUnit.SECONDS))
                        .as("HJ 212 frames answered with 9014")
                        .isEqualTo(HJ212_FRAMES);
                assertThat(stationSockets.created)
                        .as("Paho connected the factory's sockets")
                        .hasSizeGreaterThanOrEqualTo(STATIONS)
                        .allMatch(Socket::isConnected);
                assertThat(stationSockets.boundTo).as("their source address").containsOnly(STATIONS_ADDRESS);
            } finally {
                flooder.stop();
                sampler.stop();
            }

            for (int s = 0; s < STATIONS; s++) {
                assertStoredExactlyOnce(envmon, station(s), MESSAGES);
            }
            assertStoredExactlyOnce(envmon, HJ212_STATION, HJ212_FRAMES);

            long refusedMqtt = refused(envmon, Transport.MQTT);
            long refusedHj212 = refused(envmon, Transport.HJ212_TCP);
            assertThat(refusedMqtt + refusedHj212).as("refusals").isPositive().isLessThanOrEqualTo(flooder.opened());
            assertThat(envmon.service()
                            .registry()
                            .find("envmon.connections.refused")
                            .tag("reason", "total")
                            .counters())
                    .as("the overall limit was never the reason")
                    .allSatisfy(c -> assertThat(c.count()).isZero());
            assertThat(sampler.most())
                    .as("open connections at most: the flooder's limit plus the stations' own")
                    .isLessThanOrEqualTo(PER_ADDRESS + STATIONS + 1);
            assertThat(flooder.errors()).as("unexpected flooder-side errors").isEmpty();
            // Each kind of abuse got past the limit at times and met its own defence, not only the refusal.
            assertThat(flooder.heldUntilDeadline)
                    .as("slowloris connections closed at the CONNECT / first-frame deadline")
                    .allSatisfy(
                            (kind, count) -> assertThat(count.get()).as(kind).isPositive());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(envmon.rejections("packet_too_large"))
                        .as("oversized packets")
                        .isPositive();
                assertThat(envmon.rejections("malformed_packet"))
                        .as("MQTT garbage")
                        .isPositive();
                assertThat(envmon.rejections("hj212_framing"))
                        .as("HJ 212 garbage")
                        .isPositive();
            });

            // Healthy afterwards: every slot given back, no handler error, /health up, 127.0.0.1 served again.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                HealthReport health = envmon.service().health();
                assertThat(health.mqtt().connections() + health.hj212().connections())
                        .isZero();
            });
            assertThat(envmon.service().registry().find("envmon.handler.errors").counters())
                    .as("handler errors")
                    .allSatisfy(c -> assertThat(c.count()).isZero());
            HttpResponse<String> health = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                            + envmon.service().httpPort() + "/health"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            JsonNode body = new ObjectMapper().readTree(health.body());
            assertThat(body.path("status").asText()).isEqualTo("up");
            String after = station(STATIONS);
            envmon.addStation(after);
            MqttClient again = new MqttClient(envmon.mqttUri(), "after-flood", new MemoryPersistence());
            again.connect();
            again.publish("stations/" + after + "/readings", LoadPublisher.payload(0), 1, false);
            again.disconnect();
            again.close();
            assertThat(envmon.readingsOf(after)).isEqualTo(2);

            log.info(
                    "FLOOD from {} (limit {} per address): opened {} connections ({}), refused {} MQTT + {} HJ 212; "
                            + "{} slowloris held to the deadline; at most {} connections open; {} stations on {} stored "
                            + "{} of {} MQTT messages and {} of {} HJ 212 frames, each once",
                    FLOODER,
                    PER_ADDRESS,
                    flooder.opened(),
                    flooder.openedByKind,
                    refusedMqtt,
                    refusedHj212,
                    flooder.heldUntilDeadline,
                    sampler.most(),
                    STATIONS + 1,
                    STATIONS_ADDRESS,
                    STATIONS * MESSAGES,
                    STATIONS * MESSAGES,
                    HJ212_FRAMES,
                    HJ212_FRAMES);
        }
    }

    private static String station(int s) {
        return "FLOOD" + s;
    }

    private static long refused(TestService envmon, Transport transport) {
        return envmon
                .service()
                .registry()
                .find("envmon.connections.refused")
                .tag("transport", transport.label())
                .tag("reason", "per_address")
                .counters()
                .stream()
                .mapToLong(c -> (long) c.count())
                .sum();
    }

    /** Each message's two readings stored once: as many rows as distinct (time, metric), and that many as sent. */
    private static void assertStoredExactlyOnce(TestService envmon, String code, int messages) throws Exception {
        String rows = "FROM reading r JOIN station s ON s.id = r.station_id WHERE s.code = ?";
        assertThat(envmon.count("SELECT count(DISTINCT r.time) " + rows, code))
                .as("messages of %s stored", code)
                .isEqualTo(messages);
        assertThat(envmon.count("SELECT count(DISTINCT (r.time, r.metric_id)) " + rows, code))
                .as("readings of %s", code)
                .isEqualTo(2L * messages);
        assertThat(envmon.readingsOf(code))
                .as("rows of %s (duplicates would add rows)", code)
                .isEqualTo(2L * messages);
    }

    /** One station's QoS 1 messages, one after another; returns how many were acknowledged (any failure throws). */
    private static int publishAll(TestService envmon, String code, SocketFactory sockets) throws Exception {
        MqttClient client = new MqttClient(envmon.mqttUri(), code, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setConnectionTimeout(10);
        options.setSocketFactory(sockets);
        client.setTimeToWait(20_000);
        client.connect(options);
        int acknowledged = 0;
        for (int i = 0; i < MESSAGES; i++) {
            client.publish("stations/" + code + "/readings", LoadPublisher.payload(i), 1, false);
            acknowledged++;
            sleep(PAUSE_MILLIS);
        }
        client.disconnect();
        client.close();
        return acknowledged;
    }

    /** An HJ 212 station on the stations' address: each frame asks for a 9014 answer; returns how many came. */
    private static int sendHj212Frames(int port) throws IOException {
        Instant base = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        int answered = 0;
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(STATIONS_ADDRESS, 0));
            socket.connect(new InetSocketAddress(FLOODER, port), 5_000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (int i = 0; i < HJ212_FRAMES; i++) {
                String qn = String.format("20240601100000%03d", i);
                out.write(Hj212TestFrames.frame("QN=" + qn + ";ST=21;CN=2011;PW=123456;MN=" + HJ212_STATION
                        + ";Flag=5;CP=&&DataTime=" + Hj212TestFrames.dataTime(base.plusSeconds(i))
                        + ";w01001-Rtd=7.1,w01001-Flag=N;w21003-Rtd=0.42,w21003-Flag=N&&"));
                out.flush();
                String answer = line(in);
                assertThat(answer)
                        .as("answer to frame %d", i)
                        .contains("QN=" + qn)
                        .contains("CN=9014");
                answered++;
                sleep(2 * PAUSE_MILLIS);
            }
        }
        return answered;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /**
     * Sockets already bound to one local address. Paho's TCPNetworkModule calls createSocket()
     * and then connect(address, timeout), so binding here fixes the client's source address.
     */
    private static final class BoundSocketFactory extends SocketFactory {
        private final InetAddress local;
        final List<Socket> created = new CopyOnWriteArrayList<>();
        /** Read after bind: a closed socket reports the wildcard address. */
        final List<String> boundTo = new CopyOnWriteArrayList<>();

        BoundSocketFactory(InetAddress local) {
            this.local = local;
        }

        @Override
        public Socket createSocket() throws IOException {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(local, 0));
            created.add(socket);
            boundTo.add(socket.getLocalAddress().getHostAddress());
            return socket;
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            Socket socket = createSocket();
            socket.connect(new InetSocketAddress(host, port));
            return socket;
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
            throw new UnsupportedOperationException("the local address is this factory's");
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            Socket socket = createSocket();
            socket.connect(new InetSocketAddress(host, port));
            return socket;
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
            throw new UnsupportedOperationException("the local address is this factory's");
        }
    }

    /** The most connections the service had open at once, sampled every 5 ms. */
    private static final class ConnectionSampler {
        private final TestService envmon;
        private final AtomicInteger most = new AtomicInteger();
        private volatile boolean running = true;
        private final Thread thread;

        ConnectionSampler(TestService envmon) {
            this.envmon = envmon;
            this.thread = new Thread(this::sample, "connection-sampler");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void sample() {
            while (running) {
                HealthReport health = envmon.service().health();
                most.accumulateAndGet(
                        health.mqtt().connections() + health.hj212().connections(), Math::max);
                sleep(5);
            }
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(5_000);
        }

        int most() {
            return most.get();
        }
    }

    /**
     * The flooder's threads, each one kind of abuse in a loop from 127.0.0.1 until stopped. A
     * connection the server refuses at accept is closed at once: the thread sees end of stream
     * or a reset and tries again a moment later.
     */
    private static final class Flooder {
        private final int mqttPort;
        private final int hj212Port;
        private final List<Thread> threads = new ArrayList<>();
        private final AtomicLong opened = new AtomicLong();
        final Map<String, AtomicLong> openedByKind = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> heldUntilDeadline = new ConcurrentHashMap<>();
        private final List<Throwable> errors = new CopyOnWriteArrayList<>();
        private volatile boolean running = true;

        Flooder(int mqttPort, int hj212Port) {
            this.mqttPort = mqttPort;
            this.hj212Port = hj212Port;
            heldUntilDeadline.put("mqtt-slowloris", new AtomicLong());
            heldUntilDeadline.put("hj212-slowloris", new AtomicLong());
            for (int i = 0; i < MQTT_SLOWLORIS; i++) {
                add("mqtt-slowloris", () -> slowloris("mqtt-slowloris", mqttPort, new byte[] {0x10}));
            }
            for (int i = 0; i < HJ212_SLOWLORIS; i++) {
                add(
                        "hj212-slowloris",
                        () -> slowloris("hj212-slowloris", hj212Port, "##".getBytes(StandardCharsets.US_ASCII)));
            }
            add("mqtt-garbage", () -> garbage(mqttPort));
            add("hj212-garbage", () -> garbage(hj212Port));
            add("mqtt-oversized", this::oversized);
            add("mqtt-reconnect", this::reconnect);
            add("mqtt-reconnect", this::reconnect);
        }

        private void add(String kind, IoAction action) {
            openedByKind.putIfAbsent(kind, new AtomicLong());
            Thread thread = new Thread(
                    () -> {
                        while (running) {
                            try {
                                action.run();
                            } catch (IOException e) {
                                // the server closed or reset it (a refusal, a deadline, a protocol error): go again
                                sleep(10);
                            } catch (RuntimeException | AssertionError e) {
                                errors.add(e);
                                return;
                            }
                        }
                    },
                    "flood-" + kind);
            thread.setDaemon(true);
            threads.add(thread);
        }

        void start() {
            threads.forEach(Thread::start);
        }

        void stop() throws InterruptedException {
            running = false;
            for (Thread thread : threads) {
                thread.join(10_000);
            }
        }

        long opened() {
            return opened.get();
        }

        List<Throwable> errors() {
            return errors;
        }

        private Socket open(int port) throws IOException {
            Socket socket = new Socket();
            try {
                socket.bind(new InetSocketAddress(FLOODER, 0));
                socket.connect(new InetSocketAddress(FLOODER, port), 5_000);
                socket.setSoTimeout(10_000);
            } catch (IOException e) {
                socket.close();
                throw e;
            }
            opened.incrementAndGet();
            openedByKind
                    .get(Thread.currentThread().getName().substring("flood-".length()))
                    .incrementAndGet();
            return socket;
        }

        /** A first byte, then nothing: held until the CONNECT or first-frame deadline (2 s) closes it. */
        private void slowloris(String kind, int port, byte[] start) throws IOException {
            try (Socket socket = open(port)) {
                long opened = System.nanoTime();
                socket.getOutputStream().write(start);
                drain(socket.getInputStream());
                if (System.nanoTime() - opened >= TimeUnit.MILLISECONDS.toNanos(1_500)) {
                    heldUntilDeadline.get(kind).incrementAndGet();
                }
            }
            sleep(10);
        }

        private void garbage(int port) throws IOException {
            Random random = new Random();
            try (Socket socket = open(port)) {
                byte[] bytes = new byte[4096];
                random.nextBytes(bytes);
                // Not a CONNECT (0x10) and not an HJ 212 marker, so it is garbage to both listeners.
                bytes[0] = (byte) 0xF0;
                socket.getOutputStream().write(bytes);
                socket.setSoTimeout(500);
                try {
                    drain(socket.getInputStream());
                } catch (SocketTimeoutException stillOpen) {
                    // HJ 212 quarantines garbage and keeps the connection; leave it
                }
            }
            sleep(10);
        }

        /** A login, then a PUBLISH claiming 200 MB and as much filler as the server lets through. */
        private void oversized() throws IOException {
            try (Socket socket = open(mqttPort)) {
                OutputStream out = socket.getOutputStream();
                out.write(CONNECT);
                byte[] connAck = socket.getInputStream().readNBytes(4);
                if (connAck.length == 4) {
                    out.write(PUBLISH_CLAIMING_200_MB);
                    byte[] filler = new byte[16 * 1024];
                    for (int i = 0; i < 64; i++) {
                        out.write(filler);
                    }
                }
            }
            sleep(10);
        }

        /** CONNECT, CONNACK, close, as fast as a client can. */
        private void reconnect() throws IOException {
            try (Socket socket = open(mqttPort)) {
                socket.getOutputStream().write(CONNECT);
                socket.getInputStream().readNBytes(4);
            }
            sleep(2);
        }

        private static void drain(InputStream in) throws IOException {
            byte[] buffer = new byte[1024];
            while (in.read(buffer) != -1) {
                // discard whatever the server answers until it closes
            }
        }
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
