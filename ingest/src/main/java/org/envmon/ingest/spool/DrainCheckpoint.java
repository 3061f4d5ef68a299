package org.envmon.ingest.spool;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** The drain position of a spool generation, kept in the database next to the drained rows. */
final class DrainCheckpoint {
    /** Segment number and the offset just past the last record already in the database. */
    record Position(long segment, long offset) {
        boolean covers(long otherSegment, long end) {
            return otherSegment < segment || otherSegment == segment && end <= offset;
        }
    }

    private DrainCheckpoint() {}

    static Optional<Position> read(DataSource dataSource, UUID generation) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s =
                        c.prepareStatement("SELECT segment, position FROM spool_checkpoint WHERE generation = ?")) {
            s.setObject(1, generation);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Position(rs.getLong(1), rs.getLong(2))) : Optional.empty();
            }
        }
    }

    /** Inside the drain transaction. */
    static void write(Connection c, UUID generation, Position position) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO spool_checkpoint (generation, segment, position) VALUES (?, ?, ?)
                ON CONFLICT (generation) DO UPDATE SET segment = EXCLUDED.segment, position = EXCLUDED.position,
                    updated_at = now()""")) {
            s.setObject(1, generation);
            s.setLong(2, position.segment());
            s.setLong(3, position.offset());
            s.executeUpdate();
        }
    }

    /** A drained generation is never seen again; its row is only history. */
    static void forget(DataSource dataSource, UUID generation) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("DELETE FROM spool_checkpoint WHERE generation = ?")) {
            s.setObject(1, generation);
            s.executeUpdate();
        }
    }
}
