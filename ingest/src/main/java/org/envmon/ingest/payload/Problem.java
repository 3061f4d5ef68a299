package org.envmon.ingest.payload;

/** A part of a payload that cannot be stored: the reason, a human explanation, and the offending bytes. */
public record Problem(RejectReason reason, String detail, byte[] raw) {}
