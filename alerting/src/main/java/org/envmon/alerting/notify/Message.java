package org.envmon.alerting.notify;

/** A rendered message: a one-line title, a markdown body (robots) and a plain-text body (e-mail). */
public record Message(String title, String markdown, String text) {}
