package org.envmon.alerting;

import org.envmon.alerting.eval.Change;
import org.envmon.alerting.eval.Series;
import org.envmon.alerting.store.AlertStore;

/**
 * One alert change on its way to the database. The alert id in {@code write} is settled only when the
 * change is stored: a change that waited may belong to an alert its series opened while it waited.
 */
record PendingChange(Series series, AlertStore.Write write, String stationCode) {

    /** Whether the change opens a new alert (an episode) rather than changing the series' current one. */
    boolean opens() {
        return write.change().kind() == Change.Kind.PENDING;
    }

    String describe() {
        return write.change().kind().label() + " of rule '" + write.ruleId() + "' at station " + stationCode + " ("
                + write.change().at() + ")";
    }
}
