package org.envmon.ingest.hj212;

/** Bytes that did not form a frame: garbage between frames, a bad length field, a frame that ends elsewhere. */
public record Hj212FramingError(String reason, byte[] raw) {}
