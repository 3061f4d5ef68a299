package org.envmon.alerting;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import org.envmon.alerting.notify.Templates;

/**
 * Validated settings of the alert engine (the service maps its configuration onto them).
 * {@code queueMaxReadings} bounds the committed readings waiting for evaluation. Messages link to
 * the alert's page in the console at {@code consoleUrl}, else to Grafana at {@code grafanaUrl}.
 */
public record AlertingSettings(
        Path rulesFile,
        Templates.Language language,
        Optional<String> grafanaUrl,
        Optional<String> consoleUrl,
        int queueMaxReadings,
        Duration reloadInterval,
        Duration notifyTimeout,
        int notifyAttempts,
        Duration notifyBackoff,
        int flapChanges,
        Duration flapWindow,
        ZoneId defaultZone) {}
