package org.envmon.alerting.rule;

/** The rules file is unreadable or invalid; the message names the rule and field. */
public final class RuleException extends RuntimeException {
    public RuleException(String message) {
        super(message);
    }

    public RuleException(String message, Throwable cause) {
        super(message, cause);
    }
}
