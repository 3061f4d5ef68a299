package org.envmon.alerting.notify;

/** One channel that delivers a notice; throws when the receiver did not accept it. */
public interface Notifier {
    void send(Notice notice) throws Exception;
}
