package org.envmon.simulator.load;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.envmon.simulator.catalog.Station;
import org.envmon.simulator.encode.Hj212Command;
import org.envmon.simulator.episode.Episode;
import org.envmon.simulator.episode.Fault;
import org.envmon.simulator.transport.MqttSettings;

/**
 * Everything a run needs, validated once. {@code rate} is messages per second over all stations, issued
 * round-robin, so each station samples every {@code stations / rate} seconds; {@code duration} empty
 * runs until stopped.
 *
 * @param mqtt            the MQTT target and options (when {@code transport} is MQTT)
 * @param tcpTarget       {@code tcp://host:port} of the HJ 212 listener (when {@code transport} is HJ212_TCP)
 * @param connections     connections the stations share (stations are spread round-robin)
 * @param maxInFlight     unacknowledged messages allowed per connection
 * @param dialect2005Share share of HJ 212 stations (0-1) whose loggers speak HJ/T 212-2005
 * @param episodeRate     scale of random episode rates (0 = scripted episodes only)
 * @param faultRate       scale of random fault rates (0 = scripted faults only)
 */
public record RunPlan(List<Station> stations, double rate, Optional<Duration> duration, PayloadFormat format,
                      TransportKind transport, MqttSettings mqtt, Optional<URI> tcpTarget, int connections,
                      int maxInFlight, long seed, ZoneId zone, Hj212Command command, boolean answer,
                      double dialect2005Share, String password, double episodeRate, double faultRate,
                      Map<String, List<Episode>> scriptedEpisodes, Map<String, List<Fault>> scriptedFaults,
                      Duration progressInterval, Duration drainTimeout) {
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
        double interval = stations.size() / rate;
        if (format == PayloadFormat.HJ212 && interval < 1) {
            throw new IllegalArgumentException("HJ 212 DataTime has whole seconds: each station can send at most "
                    + "once a second, so --rate must not exceed --stations (" + stations.size() + ")");
        }
        if (format == PayloadFormat.HJ212 && command != Hj212Command.REAL_TIME
                && interval < command.interval().toSeconds()) {
            throw new IllegalArgumentException("CN " + command.code() + " covers " + command.interval()
                    + " per upload: --rate must not exceed --stations / " + command.interval().toSeconds());
        }
        if (interval < 0.001) {
            throw new IllegalArgumentException("JSON times have milliseconds: --rate must not exceed 1000 x --stations");
        }
    }

    /** How often each station samples. */
    public Duration stationInterval() {
        return Duration.ofNanos(Math.round(stations.size() * 1e9 / rate));
    }
}
