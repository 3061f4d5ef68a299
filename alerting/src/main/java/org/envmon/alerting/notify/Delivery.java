package org.envmon.alerting.notify;

/** An outbox row to deliver: the notice, the notifier to send it through and the tries made so far. */
public record Delivery(long id, String notifier, Notice notice, int attempts) {}
