package org.envmon.alerting.notify;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** Where deliveries are kept until they are sent or given up: the dispatcher records each outcome here. */
public interface Outbox {
    /** Deliveries neither sent nor dead, e.g. left by a stop between commit and delivery. */
    List<Delivery> unsent() throws SQLException;

    void markSent(long id, int attempts) throws SQLException;

    void markRetry(long id, int attempts, String error, Instant next) throws SQLException;

    void markDead(long id, int attempts, String error) throws SQLException;
}
