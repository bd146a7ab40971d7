package jp.junkai.ingest.jdbc;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import jp.junkai.schema.Entity;
import jp.junkai.source.SourceRecord;
import jp.junkai.source.StationOutput.BatchWriter;
import jp.junkai.source.file.ReadResult;
import jp.junkai.source.jdbc.JdbcStationOutput;
import jp.junkai.source.jdbc.SqlDialect;

/** Hand-written station records, station tables filled through {@link JdbcStationOutput}, and reading helpers. */
final class PullFixtures {

    static final String STATION = "S003";
    static final LocalDateTime T0 = LocalDateTime.of(2024, 4, 1, 9, 0);
    /** Later than every ordinary record of the tests. */
    static final LocalDateTime PULL = LocalDateTime.of(2024, 6, 1, 12, 0);
    static final String VISIT_NOTE = "CANARY-VISIT-NOTE 留守宅 山田様";

    /** One row as the sink received it. */
    record Row(long number, String key, LocalDateTime updatedAt, ReadResult result) {

        ReadResult.Parsed parsed() {
            if (result instanceof ReadResult.Parsed p) {
                return p;
            }
            throw new AssertionError("row " + number + " (" + key + ") is " + result);
        }

        Object get(Entity entity, String field) {
            return parsed().values()[entity.index(field)];
        }

        /** Key and updated_at: what tells one row version from another. */
        String identity() {
            return key + "@" + updatedAt;
        }
    }

    private PullFixtures() {
    }

    static String table(Entity entity) {
        return JdbcStationOutput.tablePrefix(STATION) + entity.code();
    }

    static JdbcPull pull(String url, Entity entity) {
        return new JdbcPull(url, null, null, table(entity), entity);
    }

    /** Writes records as one committed batch of the station. */
    static void write(String url, Entity entity, List<SourceRecord> records) throws IOException {
        try (JdbcStationOutput out = new JdbcStationOutput(url, STATION);
             BatchWriter w = out.openBatch(entity, "b" + System.nanoTime())) {
            for (SourceRecord r : records) {
                w.write(r);
            }
        }
    }

    static void write(String url, SourceRecord... records) throws IOException {
        write(url, records[0].entity(), List.of(records));
    }

    /** Runs statements on the station's database directly (what no station output would write). */
    static void execute(String url, String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String one : sql) {
                s.execute(one);
            }
        }
    }

    static String quote(String url, String identifier) {
        return SqlDialect.forUrl(url).quote(identifier);
    }

    static List<Row> read(JdbcPull pull, Slice slice, LocalDateTime pullTime, AtomicReference<PullResult> result)
            throws IOException {
        List<Row> rows = new ArrayList<>();
        PullResult r = pull.read(slice, pullTime, new RowSink() {
            @Override
            public void accept(long rowNumber, ReadResult res) {
                throw new AssertionError("the pull must call the sink with the row's identity");
            }

            @Override
            public void accept(long rowNumber, String key, LocalDateTime updatedAt, ReadResult res) {
                rows.add(new Row(rowNumber, key, updatedAt, res));
            }
        });
        if (result != null) {
            result.set(r);
        }
        return rows;
    }

    static List<Row> read(JdbcPull pull, Watermark from, AtomicReference<PullResult> result) throws IOException {
        return read(pull, Slice.all(from), PULL, result);
    }

    static List<String> keys(List<Row> rows) {
        return rows.stream().map(Row::key).toList();
    }

    // ---- records --------------------------------------------------------------------------

    static SourceRecord record(Entity entity, Map<String, Object> personal, Object... namesAndValues) {
        Object[] values = new Object[entity.fields().size()];
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values[entity.index((String) namesAndValues[i])] = namesAndValues[i + 1];
        }
        return new SourceRecord(entity, values, personal);
    }

    /** A good visit with a personal note. */
    static SourceRecord visit(String id, LocalDateTime updatedAt) {
        return record(Entity.VISITS, Map.of("notes", VISIT_NOTE + " " + id),
                "visit_id", id, "unit_id", "U-" + id, "officer_id", "O1", "visited_at", T0.minusHours(1),
                "outcome", "met", "card_action", "none", "updated_at", updatedAt);
    }

    static SourceRecord tombstone(Entity entity, String key, LocalDateTime updatedAt) {
        return record(entity, Map.of(), entity.key(), key, "updated_at", updatedAt, "deleted", true);
    }

    static SourceRecord unit(String id, LocalDateTime updatedAt) {
        return record(Entity.UNITS, Map.of("address", "カナリア町9丁目 " + id, "occupant_name", "金成屋 花子",
                        "phone", "090-4649-0001"),
                "unit_id", id, "beat_code", "B01", "unit_kind", "household", "registered_on", LocalDate.of(2020, 1, 1),
                "updated_at", updatedAt);
    }
}
