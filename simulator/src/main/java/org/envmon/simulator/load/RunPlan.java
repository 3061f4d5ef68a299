package org.envmon.simulator.load;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.envmon.simulator.catalog.Catalog;
import org.envmon.simulator.catalog.Station;
import org.envmon.simulator.encode.Hj212Command;
import org.envmon.simulator.episode.Episode;
import org.envmon.simulator.episode.Fault;
import org.envmon.simulator.transport.MqttSettings;
import org.envmon.simulator.transport.StationCredentials;

/**
 * Everything a run needs, validated once. {@code rate} is messages per second over all stations, issued
 * round-robin, so each station samples every {@code stations / rate} seconds; {@code duration} empty
 * runs until stopped.
 *
 * @param mqtt            the MQTT target and options (when {@code transport} is MQTT)
 * @param credentials     per-station MQTT logins: each station then has a connection of its own and logs in
 *                        with its wire code, so {@code connections} does not apply
 * @param tcpTarget       {@code tcp://host:port} of the HJ 212 listener (when {@code transport} is HJ212_TCP)
 * @param connections     connections the stations share (stations are spread round-robin), without credentials
 * @param maxInFlight     unacknowledged messages allowed per connection
 * @param dialect2005Share share of HJ 212 stations (0-1) whose loggers speak HJ/T 212-2005
 * @param episodeRate     scale of random episode rates (0 = scripted episodes only)
 * @param faultRate       scale of random fault rates (0 = scripted faults only)
 */
public record RunPlan(
        List<Station> stations,
        double rate,
        Optional<Duration> duration,
        PayloadFormat format,
        TransportKind transport,
        MqttSettings mqtt,
        Optional<StationCredentials> credentials,
        Optional<URI> tcpTarget,
        int connections,
        int maxInFlight,
        long seed,
        ZoneId zone,
        Hj212Command command,
        boolean answer,
        double dialect2005Share,
        String password,
        double episodeRate,
        double faultRate,
        Map<String, List<Episode>> scriptedEpisodes,
        Map<String, List<Fault>> scriptedFaults,
        Duration progressInterval,
        Duration drainTimeout) {
    public RunPlan {
        stations = List.copyOf(stations);
        scriptedEpisodes = Map.copyOf(scriptedEpisodes);
        scriptedFaults = Map.copyOf(scriptedFaults);
        if (!(rate > 0)) {
            throw new IllegalArgumentException("--rate must be positive");
        }
        if (connections < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("connections and in-flight cap must be at least 1");
        }
        if (dialect2005Share < 0 || dialect2005Share > 1) {
            throw new IllegalArgumentException("the 2005 dialect share must be between 0 and 1");
        }
        if (transport == TransportKind.HJ212_TCP && format != PayloadFormat.HJ212) {
            throw new IllegalArgumentException("--transport hj212-tcp carries only --format hj212");
        }
        if (transport == TransportKind.HJ212_TCP && tcpTarget.isEmpty()) {
            throw new IllegalArgumentException("--transport hj212-tcp needs a tcp://host:port target");
        }
        if (transport == TransportKind.MQTT && mqtt == null) {
            throw new IllegalArgumentException("--transport mqtt needs MQTT settings");
        }
        if (credentials.isPresent() && transport != TransportKind.MQTT) {
            throw new IllegalArgumentException(
                    "--credentials are MQTT logins; --transport hj212-tcp sends the HJ 212 PW");
        }
        if (credentials.isPresent()
                && (mqtt.username().isPresent() || mqtt.password().isPresent())) {
            throw new IllegalArgumentException("--credentials gives every station its own login: "
                    + "do not combine it with --username/--password");
        }
        double interval = stations.size() / rate;
        if (format == PayloadFormat.HJ212 && interval < 1) {
            throw new IllegalArgumentException("HJ 212 DataTime has whole seconds: each station can send at most "
                    + "once a second, so --rate must not exceed --stations (" + stations.size() + ")");
        }
        if (format == PayloadFormat.HJ212
                && command != Hj212Command.REAL_TIME
                && interval < command.interval().toSeconds()) {
            throw new IllegalArgumentException("CN " + command.code() + " covers " + command.interval()
                    + " per upload: --rate must not exceed --stations / "
                    + command.interval().toSeconds());
        }
        if (interval < 0.001) {
            throw new IllegalArgumentException(
                    "JSON times have milliseconds: --rate must not exceed 1000 x --stations");
        }
        if (credentials.isPresent()) {
            List<String> codes = new ArrayList<>();
            for (int i = 0; i < stations.size(); i++) {
                codes.add(wireCode(stations, i, format, dialect2005Share));
            }
            credentials.get().requireAll(codes);
        }
    }

    /** Whether station {@code index} of the run is an HJ/T 212-2005 logger. */
    public boolean dialect2005(int index) {
        return format == PayloadFormat.HJ212 && Catalog.speaks2005(index, dialect2005Share);
    }

    /** The code station {@code index} is known by on the wire: its topic's code, or its MN for HJ 212. */
    public String wireCode(int index) {
        return wireCode(stations, index, format, dialect2005Share);
    }

    private static String wireCode(List<Station> stations, int index, PayloadFormat format, double dialect2005Share) {
        boolean hj212 = format == PayloadFormat.HJ212;
        return stations.get(index).wireCode(hj212, hj212 && Catalog.speaks2005(index, dialect2005Share));
    }

    /** Connections of the run: one per station with per-station logins, otherwise the shared ones. */
    public int links() {
        return credentials.isPresent() ? stations.size() : Math.min(connections, stations.size());
    }

    /** The MQTT settings of link {@code index}: with per-station logins, logged in as that station. */
    public MqttSettings mqttOfLink(int index) {
        if (credentials.isEmpty()) {
            return mqtt;
        }
        String code = wireCode(index);
        return mqtt.withLogin(code, credentials.get().passwordOf(code).orElseThrow());
    }

    /** How often each station samples. */
    public Duration stationInterval() {
        return Duration.ofNanos(Math.round(stations.size() * 1e9 / rate));
    }
}
