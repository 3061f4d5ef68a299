package org.envmon.ingest.service;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.envmon.alerting.api.AlertApi;
import org.envmon.alerting.store.AlertQueries;
import org.envmon.ingest.account.UserStore;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.console.AlertEvents;
import org.envmon.ingest.console.AuditApi;
import org.envmon.ingest.console.AuditLog;
import org.envmon.ingest.console.AuditedHandler;
import org.envmon.ingest.console.ConsoleAssets;
import org.envmon.ingest.console.MaintenanceStore;
import org.envmon.ingest.console.RejectionApi;
import org.envmon.ingest.console.ReportApi;
import org.envmon.ingest.console.ReportQueries;
import org.envmon.ingest.console.Reports;
import org.envmon.ingest.console.SessionAccess;
import org.envmon.ingest.console.SessionApi;
import org.envmon.ingest.console.Sessions;
import org.envmon.ingest.console.StationActivity;
import org.envmon.ingest.console.StationApi;
import org.envmon.ingest.console.StationQueries;
import org.envmon.ingest.console.UserApi;
import org.envmon.ingest.http.HttpEndpoint;
import org.envmon.ingest.http.HttpServerLimits;
import org.envmon.ingest.security.LoginThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The staff console on the HTTP endpoint: its pages, the login, and the API the pages and machines use. */
final class ConsoleRoutes {
    private static final Logger log = LoggerFactory.getLogger(ConsoleRoutes.class);
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(30);
    // A working day and a bit: a session lasts at most that, however busy.
    private static final Duration MAX_LIFETIME = Duration.ofHours(12);
    // About 300 bytes each: a bound no number of logins can push memory past.
    private static final int MAX_SESSIONS = 10_000;
    // Enough for one person's browsers and devices; more logins close that user's idlest session.
    private static final int MAX_SESSIONS_PER_USER = 20;
    /** How far back the activity of stations is read at start-up; later data is seen as it commits. */
    private static final Duration ACTIVITY_SEED = Duration.ofDays(1);

    private ConsoleRoutes() {}

    /** Installs the console; what it returns stops the console's event streams. */
    static AlertEvents install(
            HttpEndpoint http,
            EnvmonConfig config,
            DataSource dataSource,
            Optional<AlertApi> alertApi,
            StationActivity activity,
            Clock clock) {
        Sessions sessions = new Sessions(IDLE_TIMEOUT, MAX_LIFETIME, MAX_SESSIONS, MAX_SESSIONS_PER_USER, clock);
        UserStore users = new UserStore(dataSource);
        SessionAccess access = new SessionAccess(sessions, users);
        AuditLog audit = new AuditLog(dataSource);
        http.routeOpen(
                "/api/session",
                new SessionApi(
                        users,
                        sessions,
                        access,
                        LoginThrottle.perMinute(config.limits().failedLoginsPerMinute(), clock),
                        Math.max(1, Runtime.getRuntime().availableProcessors() / 2),
                        config.http().tls()));
        // Without a rules file nothing raises alerts, but stored ones can still be listed and acknowledged.
        http.route(
                "/api/alerts",
                new AuditedHandler(alertApi.orElseGet(() -> new AlertApi(new AlertQueries(dataSource), clock)), audit),
                access);
        StationQueries stations = new StationQueries(dataSource);
        StationApi stationApi = new StationApi(
                stations,
                new MaintenanceStore(dataSource),
                activity,
                clock,
                config.ingest().defaultTimezone());
        http.route("/api/overview", stationApi, access);
        http.route("/api/stations", stationApi, access);
        http.route(
                "/api/reports",
                new ReportApi(
                        new Reports(
                                new ReportQueries(dataSource), config.ingest().defaultTimezone()),
                        config.ingest().defaultTimezone(),
                        clock,
                        config.http().consoleLanguage()),
                access);
        http.route("/api/rejections", new RejectionApi(dataSource), access.operatorsOnly());
        http.route("/api/audit", new AuditApi(audit), access.operatorsOnly());
        http.route("/api/users", new UserApi(users, audit), access.adminsOnly());
        AlertEvents events =
                new AlertEvents(dataSource, HttpServerLimits.responseTime().minusSeconds(5));
        http.route("/api/events", events, access);
        http.serveRest(new ConsoleAssets(config.http().consoleLanguage()));
        seed(stations, activity, clock);
        return events;
    }

    /** Reads when stations last sent data, off the start-up path: the overview fills in as it finishes. */
    private static void seed(StationQueries stations, StationActivity activity, Clock clock) {
        Thread seeding = new Thread(
                () -> {
                    try {
                        activity.seed(stations.activitySince(clock.instant().minus(ACTIVITY_SEED)));
                    } catch (SQLException e) {
                        log.warn(
                                "Could not read when stations last sent data ({}); the console shows it as data"
                                        + " arrives",
                                e.getMessage());
                    }
                },
                "envmon-console-seed");
        seeding.setDaemon(true);
        seeding.start();
    }
}
