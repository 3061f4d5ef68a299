package org.envmon.ingest.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.envmon.ingest.catalog.StationProfile;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.config.EnvmonConfig.UnknownStationPolicy;

/** Settings that are valid one by one but will refuse data together; said once at start, as warnings. */
final class StartupChecks {
    /** Station codes named in a warning at most; the rest are counted. */
    private static final int NAMED = 10;

    /** Descriptors kept for everything but client connections: database pool, spool, logs, jars. */
    static final int RESERVED_FILE_DESCRIPTORS = 256;

    private StartupChecks() {}

    /**
     * A warning when the process may open fewer files than limits.maxConnections needs: beyond the
     * operating system's limit new connections fail at accept, whatever the configured limit says.
     *
     * @param maxFileDescriptors the process's limit, or a negative number when the platform does not tell
     */
    static List<String> fileDescriptors(int maxConnections, long maxFileDescriptors) {
        long needed = (long) maxConnections + RESERVED_FILE_DESCRIPTORS;
        if (maxFileDescriptors < 0 || maxFileDescriptors >= needed) {
            return List.of();
        }
        return List.of("This process may open " + maxFileDescriptors + " files, fewer than limits.maxConnections ("
                + maxConnections + ") plus " + RESERVED_FILE_DESCRIPTORS + " for the database and files: connections"
                + " beyond about " + Math.max(0, maxFileDescriptors - RESERVED_FILE_DESCRIPTORS) + " will fail."
                + " Raise the limit (ulimit -n " + needed + ", or LimitNOFILE= in a systemd unit) or lower"
                + " limits.maxConnections.");
    }

    static List<String> hj212Passwords(EnvmonConfig config, Map<String, StationProfile> activeStations) {
        EnvmonConfig.Hj212Config hj212 = config.hj212();
        boolean listening = hj212.port().isPresent() || hj212.tlsPort().isPresent();
        if (!listening || !hj212.requirePassword()) {
            return List.of();
        }
        List<String> warnings = new ArrayList<>();
        TreeSet<String> withoutPassword = new TreeSet<>();
        activeStations.forEach((code, profile) -> {
            if (profile.hj212Password().isEmpty()) {
                withoutPassword.add(code);
            }
        });
        if (!withoutPassword.isEmpty()) {
            List<String> named = withoutPassword.stream().limit(NAMED).toList();
            String more = withoutPassword.size() > NAMED ? " and " + (withoutPassword.size() - NAMED) + " more" : "";
            warnings.add(withoutPassword.size() + " active station(s) have no HJ 212 password, so their frames over"
                    + " HJ 212 TCP are refused (hj212.requirePassword): " + String.join(", ", named) + more
                    + ". Set one with 'envmon stations add --code CODE --hj212-password PW', or a client certificate"
                    + " login (tls.clientCertificateLogin).");
        }
        if (config.ingest().unknownStations() == UnknownStationPolicy.REGISTER) {
            warnings.add("ingest.unknownStations=register with hj212.requirePassword: a station registered from its"
                    + " first HJ 212 TCP frame has no password, so its frames are refused until one is set.");
        }
        return warnings;
    }
}
