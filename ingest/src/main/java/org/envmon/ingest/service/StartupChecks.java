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

    private StartupChecks() {}

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
