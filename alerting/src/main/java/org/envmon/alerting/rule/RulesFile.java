package org.envmon.alerting.rule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

/** The rules file and the modification time it was last read at, so that a reload parses only a changed file. */
public final class RulesFile {
    private final Path path;
    private final RulesFileParser parser;
    private FileTime stamp;

    public RulesFile(Path path, RulesFileParser parser) {
        this.path = path;
        this.parser = parser;
    }

    /** The first read: an unreadable or invalid file throws {@link RuleException}. */
    public RuleSet load() {
        try {
            stamp = Files.getLastModifiedTime(path);
        } catch (IOException e) {
            throw new RuleException("Cannot read rules file " + path + ": " + e.getMessage(), e);
        }
        return parser.parse(path);
    }

    /**
     * The rules if the file changed since the last read, else empty. The new modification time is kept
     * even when parsing throws, so an invalid file is reported once rather than at every poll.
     */
    public Optional<RuleSet> reloadIfChanged() throws IOException {
        FileTime current = Files.getLastModifiedTime(path);
        if (current.equals(stamp)) {
            return Optional.empty();
        }
        stamp = current;
        return Optional.of(parser.parse(path));
    }
}
