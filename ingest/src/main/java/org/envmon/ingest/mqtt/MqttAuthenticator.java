package org.envmon.ingest.mqtt;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.envmon.ingest.catalog.StationProfile;
import org.envmon.ingest.catalog.StationResolver;
import org.envmon.ingest.payload.RejectReason;
import org.envmon.ingest.payload.TopicScheme;
import org.envmon.ingest.security.LoginThrottle;
import org.envmon.ingest.security.PasswordHash;

/**
 * Checks MQTT credentials: user name = station code, password against the station's stored hash
 * from the in-memory station directory. The key derivation costs hundreds of milliseconds by
 * design, so it runs on {@code kdfExecutor}, never on an event loop; a full executor answers "busy"
 * instead of queueing without bound. When the directory cannot confirm a login (a station added or
 * given a new secret since the last refresh), the hashing thread re-reads that station from the
 * database once before refusing, so a secret works as soon as {@code stations passwd} printed it.
 * With {@code tls.clientCertificateLogin}, a verified client certificate whose CN is a station code
 * stands in for the password.
 */
final class MqttAuthenticator {
    /** Hashed in place of a missing station's hash, so an unknown name costs as long as a wrong password. */
    private static final String DECOY = "pbkdf2-sha256$" + PasswordHash.DEFAULT_ITERATIONS
            + "$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    private final StationResolver stations;
    private final boolean allowAnonymous;
    private final boolean certificateLogin;
    private final LoginThrottle throttle;
    private final Executor kdfExecutor;

    /** @param certificateLogin a client certificate's CN naming a station logs in as it (tls.clientCertificateLogin) */
    MqttAuthenticator(
            StationResolver stations,
            boolean allowAnonymous,
            boolean certificateLogin,
            LoginThrottle throttle,
            Executor kdfExecutor) {
        this.stations = stations;
        this.allowAnonymous = allowAnonymous;
        this.certificateLogin = certificateLogin;
        this.throttle = throttle;
        this.kdfExecutor = kdfExecutor;
    }

    /**
     * @param address         the client's source address, for counting failed logins
     * @param userName        null = the CONNECT carried none
     * @param password        null = no password
     * @param certificateName the CN of the client certificate the TLS listener verified, if any
     */
    CompletableFuture<AuthResult> check(
            String address, String userName, byte[] password, Optional<String> certificateName) {
        if (userName != null && !TopicScheme.isValidStationCode(userName)) {
            // Not a station code, so no password can match: refused without hashing, and without a
            // throttle entry that an endless supply of long names could grow.
            return CompletableFuture.completedFuture(new AuthResult.Denied(
                    RejectReason.BAD_CREDENTIALS,
                    "bad user name or password: the user name is not a station code (1–64 letters, digits, '_', '.',"
                            + " '-')"));
        }
        if (userName != null && throttle.isBlocked(address, userName)) {
            return CompletableFuture.completedFuture(new AuthResult.Denied(
                    RejectReason.AUTH_THROTTLED,
                    "too many failed logins for '" + userName + "' from " + address + "; refused unchecked"));
        }
        if (certificateLogin && certificateName.isPresent()) {
            String station = certificateName.get();
            if (userName != null && !userName.equals(station)) {
                return CompletableFuture.completedFuture(new AuthResult.Denied(
                        RejectReason.BAD_CREDENTIALS,
                        "user name '" + userName + "' is not the station of the client certificate (CN '" + station
                                + "')"));
            }
            return onKdfExecutor(() -> certificateHolder(station), () -> {});
        }
        if (userName == null) {
            return CompletableFuture.completedFuture(
                    allowAnonymous
                            ? new AuthResult.Granted(Optional.empty())
                            : new AuthResult.Denied(
                                    RejectReason.ANONYMOUS_REFUSED,
                                    "CONNECT without user name; anonymous access is off (mqtt.allowAnonymous)"));
        }
        Optional<String> hash = stations.known(userName).flatMap(StationProfile::mqttPasswordHash);
        byte[] secret = password == null ? new byte[0] : password;
        LoginThrottle.Verdict ifWrong = throttle.attempt(address, userName);
        return onKdfExecutor(
                () -> settled(address, userName, ifWrong, verify(userName, hash, secret)),
                () -> throttle.succeeded(address, userName));
    }

    /** A right password gives its attempt back; the wrong one that blocks the address says so. */
    private AuthResult settled(String address, String userName, LoginThrottle.Verdict ifWrong, AuthResult result) {
        if (!(result instanceof AuthResult.Denied denied)) {
            throttle.succeeded(address, userName);
            return result;
        }
        return switch (ifWrong) {
            case COUNTED -> denied;
            case USER_BLOCKED ->
                new AuthResult.Denied(
                        denied.reason(),
                        denied.detail() + "; too many failed logins:" + " '" + userName + "' from " + address
                                + " is refused unchecked for up to a minute");
            case ADDRESS_BLOCKED ->
                new AuthResult.Denied(
                        denied.reason(),
                        denied.detail() + "; too many failed" + " logins: every login from " + address
                                + " is refused unchecked for up to a minute");
        };
    }

    /** @param ifBusy undoes what the caller did for a check that will not run */
    private CompletableFuture<AuthResult> onKdfExecutor(Supplier<AuthResult> check, Runnable ifBusy) {
        try {
            return CompletableFuture.supplyAsync(check, kdfExecutor);
        } catch (RejectedExecutionException e) {
            ifBusy.run();
            return CompletableFuture.completedFuture(
                    new AuthResult.Denied(RejectReason.AUTH_BUSY, "too many logins being checked at once; try again"));
        }
    }

    /** The certificate proves who the client is; the station must still exist and be active. */
    private AuthResult certificateHolder(String station) {
        if (stations.known(station).isPresent() || stations.refresh(station).isPresent()) {
            return new AuthResult.Granted(Optional.of(station));
        }
        return new AuthResult.Denied(
                RejectReason.BAD_CREDENTIALS, "client certificate CN '" + station + "' names no active station");
    }

    private AuthResult verify(String userName, Optional<String> hash, byte[] password) {
        boolean matches = PasswordHash.matches(hash.orElse(DECOY), password);
        if (matches && hash.isPresent()) {
            return new AuthResult.Granted(Optional.of(userName));
        }
        Optional<StationProfile> current = stations.refresh(userName);
        Optional<String> currentHash = current.flatMap(StationProfile::mqttPasswordHash);
        if (currentHash.isPresent() && !currentHash.equals(hash)) {
            if (PasswordHash.matches(currentHash.get(), password)) {
                return new AuthResult.Granted(Optional.of(userName));
            }
        }
        // The client gets one answer for every case (no probing for station codes); the operator's
        // quarantine row says which it was.
        String why = stations.known(userName).isEmpty()
                ? "no active station with this code"
                : hash.isEmpty() ? "station has no MQTT password yet (envmon stations passwd CODE)" : "wrong password";
        return new AuthResult.Denied(
                RejectReason.BAD_CREDENTIALS, "bad user name or password for '" + userName + "': " + why);
    }
}
