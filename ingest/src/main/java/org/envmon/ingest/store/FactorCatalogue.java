package org.envmon.ingest.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import org.envmon.ingest.catalog.FactorLookup;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * The factor catalogue shipped with the service ({@code catalog/factors.csv}: HJ 212-2017 Appendix B,
 * the 2005 codes, the aliases loggers send), synchronised into the metric table as a repeatable
 * migration: it runs again whenever the file changes. A code the table lacks is added; a code that
 * was registered from a station's data before the catalogue knew it is completed (and keeps its id,
 * which its readings reference). Rows the catalogue already described, or an operator completed,
 * are left as they are.
 */
final class FactorCatalogue implements JavaMigration {
    static final String RESOURCE = "/catalog/factors.csv";

    /** One row of the catalogue file. */
    record Factor(
            String code,
            String code2005,
            String name,
            String nameZh,
            String unit,
            Integer decimals,
            String category,
            List<String> aliases) {}

    private final byte[] file;

    FactorCatalogue() {
        try (InputStream in = FactorCatalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the service's class path");
            }
            this.file = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    /** Pollutants whose concentration flue-gas monitors also report converted (折算, -ZsRtd, -ZsAvg …). */
    private static final Set<String> CONVERTIBLE = Set.of("air", "particulate", "voc");

    /**
     * The catalogue's factors, and for every pollutant concentration its converted value ({@code CODE-Zs}):
     * flue-gas monitors send it beside the measured one, and it is stored as a factor of its own.
     */
    List<Factor> factors() {
        List<Factor> listed = listed();
        List<Factor> all = new ArrayList<>(listed);
        for (Factor f : listed) {
            if (CONVERTIBLE.contains(f.category()) && !f.unit().isEmpty()) {
                all.add(new Factor(
                        f.code() + FactorLookup.CONVERTED_SUFFIX,
                        null,
                        f.name() + " (converted)",
                        f.nameZh() == null ? null : f.nameZh() + "折算",
                        f.unit(),
                        f.decimals(),
                        f.category(),
                        List.of()));
            }
        }
        return all;
    }

    private List<Factor> listed() {
        List<String> lines = new String(file, StandardCharsets.UTF_8)
                .lines()
                .filter(line -> !line.isBlank())
                .toList();
        List<String> header = CsvLine.split(lines.get(0));
        List<Factor> factors = new ArrayList<>(lines.size() - 1);
        for (String line : lines.subList(1, lines.size())) {
            List<String> row = CsvLine.split(line);
            if (row.size() != header.size()) {
                throw new IllegalStateException(
                        RESOURCE + ": row " + row + " has " + row.size() + " fields, the header " + header.size());
            }
            factors.add(new Factor(
                    row.get(0),
                    blankToNull(row.get(1)),
                    row.get(2),
                    blankToNull(row.get(3)),
                    row.get(4),
                    row.get(5).isBlank() ? null : Integer.valueOf(row.get(5)),
                    blankToNull(row.get(6)),
                    row.get(7).isBlank() ? List.of() : Arrays.asList(row.get(7).split("\\|"))));
        }
        return factors;
    }

    @Override
    public MigrationVersion getVersion() {
        return null;
    }

    @Override
    public String getDescription() {
        return "factor catalogue";
    }

    @Override
    public Integer getChecksum() {
        CRC32 crc = new CRC32();
        crc.update(file);
        return (int) crc.getValue();
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        try (PreparedStatement upsert = c.prepareStatement("""
                INSERT INTO metric (code, code_2005, name, name_zh, unit, decimals, category, aliases, catalogued)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, true)
                ON CONFLICT (code) DO UPDATE SET
                    code_2005 = coalesce(metric.code_2005, EXCLUDED.code_2005), name = EXCLUDED.name,
                    name_zh = EXCLUDED.name_zh, unit = EXCLUDED.unit, decimals = EXCLUDED.decimals,
                    category = EXCLUDED.category, aliases = EXCLUDED.aliases, catalogued = true
                WHERE NOT metric.catalogued
                """)) {
            for (Factor f : factors()) {
                upsert.setString(1, f.code());
                upsert.setString(2, f.code2005());
                upsert.setString(3, f.name());
                upsert.setString(4, f.nameZh());
                upsert.setString(5, f.unit());
                upsert.setObject(6, f.decimals(), Types.SMALLINT);
                upsert.setString(7, f.category());
                upsert.setArray(8, c.createArrayOf("text", f.aliases().toArray()));
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
        // Described rows keep their names, units and decimals (an operator may have set them); they gain the
        // catalogue's aliases and, where they have none, its category and Chinese name.
        try (PreparedStatement extend = c.prepareStatement("""
                UPDATE metric SET
                    aliases = ARRAY(SELECT DISTINCT a FROM unnest(aliases || ?::text[]) a ORDER BY a),
                    category = coalesce(category, ?), name_zh = coalesce(name_zh, ?)
                WHERE code = ? AND catalogued
                """)) {
            for (Factor f : factors()) {
                extend.setArray(1, c.createArrayOf("text", f.aliases().toArray()));
                extend.setString(2, f.category());
                extend.setString(3, f.nameZh());
                extend.setString(4, f.code());
                extend.addBatch();
            }
            extend.executeBatch();
        }
    }

    private static String blankToNull(String value) {
        return value.isBlank() ? null : value;
    }
}
