package org.envmon.simulator.transport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Per-station MQTT logins, read from the CSV that {@code envmon stations passwd --csv} prints: the header
 * {@code code,password}, then one station per line. The code is the one envmon knows the station by (its
 * MN when it speaks HJ 212). Everything after the first comma is the password, taken as it is written.
 */
public final class StationCredentials {
    static final String HEADER = "code,password";
    private static final int NAMED_AT_MOST = 10;

    private final String source;
    private final Map<String, String> passwords;

    StationCredentials(String source, Map<String, String> passwords) {
        this.source = source;
        this.passwords = Map.copyOf(passwords);
    }

    public static StationCredentials load(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader, file.toString());
        }
    }

    /** Every problem of the file in one message, each with its line number. */
    static StationCredentials parse(Reader source, String name) throws IOException {
        BufferedReader reader = new BufferedReader(source);
        Map<String, String> passwords = new HashMap<>();
        List<String> errors = new ArrayList<>();
        boolean headerSeen = false;
        int lineNo = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNo++;
            if (lineNo == 1) {
                line = line.replace("\uFEFF", "");
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (!headerSeen) {
                if (!line.trim().equals(HEADER)) {
                    throw new IllegalArgumentException(name + " line " + lineNo + ": expected the header " + HEADER
                            + " (as 'envmon stations passwd --csv' prints it)");
                }
                headerSeen = true;
                continue;
            }
            int comma = line.indexOf(',');
            String code = comma < 0 ? line.trim() : line.substring(0, comma).trim();
            String password = comma < 0 ? "" : line.substring(comma + 1);
            if (code.isEmpty() || password.isEmpty()) {
                errors.add(name + " line " + lineNo + ": expected code,password");
            } else if (passwords.putIfAbsent(code, password) != null) {
                errors.add(name + " line " + lineNo + ": station " + code + " appears twice");
            }
        }
        if (!headerSeen) {
            throw new IllegalArgumentException(name + " is empty; expected the header " + HEADER);
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", errors));
        }
        return new StationCredentials(name, passwords);
    }

    public Optional<char[]> passwordOf(String code) {
        return Optional.ofNullable(passwords.get(code)).map(String::toCharArray);
    }

    /** Fails, naming the codes, when any of {@code codes} has no password here. */
    public void requireAll(Collection<String> codes) {
        List<String> missing =
                codes.stream().filter(code -> !passwords.containsKey(code)).toList();
        if (missing.isEmpty()) {
            return;
        }
        String named = String.join(", ", missing.subList(0, Math.min(NAMED_AT_MOST, missing.size())));
        String more = missing.size() > NAMED_AT_MOST ? " and " + (missing.size() - NAMED_AT_MOST) + " more" : "";
        throw new IllegalArgumentException(missing.size() + " station(s) of the run have no password in " + source
                + ": " + named + more + " (envmon stations passwd --csv CODE... prints them)");
    }

    public int size() {
        return passwords.size();
    }
}
