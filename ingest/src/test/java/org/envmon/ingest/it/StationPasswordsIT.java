package org.envmon.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.envmon.ingest.store.Database;
import org.envmon.ingest.store.EmbeddedDatabase;
import org.envmon.ingest.store.StationRepository;
import org.envmon.ingest.testing.TestPostgres;
import org.envmon.ingest.testing.TestService;
import org.junit.jupiter.api.Test;

/** Setting many stations' MQTT password hashes is one transaction: a code without a station changes nothing. */
class StationPasswordsIT {
    @Test
    void setMqttPasswordHashes_oneCodeUnknown_noneSetAndTheUnknownCodesReturned() throws Exception {
        try (Database database = Database.open(
                TestService.config(TestPostgres.newDatabase("station_passwords"), Map.of()),
                EmbeddedDatabase.WhenInUse.SHARE,
                Duration.ZERO)) {
            StationRepository repository = new StationRepository(database.dataSource());
            insert(database, "KNOWN1", "old-hash");
            insert(database, "KNOWN2", null);
            Map<String, String> hashes = new LinkedHashMap<>();
            hashes.put("KNOWN1", "new-hash-1");
            hashes.put("GONE1", "x");
            hashes.put("KNOWN2", "new-hash-2");
            hashes.put("GONE2", "y");

            assertThat(repository.setMqttPasswordHashes(hashes)).containsExactly("GONE1", "GONE2");
            assertThat(hashOf(database, "KNOWN1")).isEqualTo("old-hash");
            assertThat(hashOf(database, "KNOWN2")).isNull();

            hashes.remove("GONE1");
            hashes.remove("GONE2");
            assertThat(repository.setMqttPasswordHashes(hashes)).isEmpty();
            assertThat(hashOf(database, "KNOWN1")).isEqualTo("new-hash-1");
            assertThat(hashOf(database, "KNOWN2")).isEqualTo("new-hash-2");
        }
    }

    private static void insert(Database database, String code, String hash) throws Exception {
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(
                        "INSERT INTO station (code, name, kind, mqtt_password_hash) VALUES (?, ?, 'unknown', ?)")) {
            s.setString(1, code);
            s.setString(2, code);
            s.setString(3, hash);
            s.executeUpdate();
        }
    }

    private static String hashOf(Database database, String code) throws Exception {
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT mqtt_password_hash FROM station WHERE code = ?")) {
            s.setString(1, code);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
