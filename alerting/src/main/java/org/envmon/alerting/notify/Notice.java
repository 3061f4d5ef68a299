package org.envmon.alerting.notify;

/**
 * Everything a message about one alert event says, language-neutral; stored with the notification
 * so that a retry after a restart sends the same content. Optional parts are null.
 */
public record Notice(
        long alertId,
        long notificationId,
        String event,
        String ruleId,
        String ruleName,
        String severity,
        String stationCode,
        String stationName,
        String stationKind,
        String river,
        String township,
        String metricCode,
        String metricName,
        String metricNameZh,
        String unit,
        Double value,
        String threshold,
        Integer waterClass,
        Integer targetClass,
        Double exceedance,
        String localTime,
        String zone,
        String detail,
        String link) {

    /** Stands in a link for the alert's id, which is known only once the alert is stored. */
    public static final String ALERT_ID = "{alertId}";

    /** The same notice about alert {@code alert}, sent as notification {@code notification}. */
    public Notice withIds(long alert, long notification) {
        return new Notice(
                alert,
                notification,
                event,
                ruleId,
                ruleName,
                severity,
                stationCode,
                stationName,
                stationKind,
                river,
                township,
                metricCode,
                metricName,
                metricNameZh,
                unit,
                value,
                threshold,
                waterClass,
                targetClass,
                exceedance,
                localTime,
                zone,
                detail,
                link == null ? null : link.replace(ALERT_ID, Long.toString(alert)));
    }
}
