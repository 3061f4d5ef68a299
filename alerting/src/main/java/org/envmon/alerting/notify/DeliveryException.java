package org.envmon.alerting.notify;

/** The receiver answered, but not with acceptance (HTTP status, robot errcode). */
public final class DeliveryException extends Exception {
    public DeliveryException(String message) {
        super(message);
    }
}
