package org.envmon.ingest.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exempts a command's own output from the build's forbidden-API check, which otherwise refuses
 * System.out and System.err: printing for the user is what a command line does.
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.TYPE})
public @interface SuppressForbidden {
    /** Why the exemption is right here. */
    String reason();
}
