package org.envmon.ingest.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A new file for secrets, readable and writable by its owner only from the moment it exists (not
 * created with the umask's permissions and narrowed later). An existing file is never overwritten.
 */
final class SecretFile {
    private final Path path;

    private SecretFile(Path path) {
        this.path = path;
    }

    static SecretFile create(Path path) {
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(
                        path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(path);
            }
            return new SecretFile(path);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException(
                    path + " exists already; choose a new file (it is never overwritten)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + path + ": " + e.getMessage(), e);
        }
    }

    void write(List<String> lines) {
        try {
            Files.write(path, lines, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot write the new secrets to " + path + ": " + e.getMessage()
                            + " (the passwords were changed; run the command again for new ones)",
                    e);
        }
    }

    /** Removes the still empty file after the command changed nothing. */
    void discard() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove the unused file " + path + ": " + e.getMessage(), e);
        }
    }
}
