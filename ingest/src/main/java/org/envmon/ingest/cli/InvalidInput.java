package org.envmon.ingest.cli;

/** Input a command cannot take, with a message that names the field and the expected form (exit code 2). */
final class InvalidInput extends RuntimeException {
    InvalidInput(String message) {
        super(message);
    }
}
