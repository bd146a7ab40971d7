package jp.junkai.ingest.jdbc;

import static jp.junkai.ingest.jdbc.PullFixtures.PULL;
import static jp.junkai.ingest.jdbc.PullFixtures.STATION;
import static jp.junkai.ingest.jdbc.PullFixtures.T0;
import static jp.junkai.ingest.jdbc.PullFixtures.VISIT_NOTE;
import static jp.junkai.ingest.jdbc.PullFixtures.execute;
import static jp.junkai.ingest.jdbc.PullFixtures.keys;
import static jp.junkai.ingest.jdbc.PullFixtures.pull;
import static jp.junkai.ingest.jdbc.PullFixtures.quote;
import static jp.junkai.ingest.jdbc.PullFixtures.read;
import static jp.junkai.ingest.jdbc.PullFixtures.record;
import static jp.junkai.ingest.jdbc.PullFixtures.table;
import static jp.junkai.ingest.jdbc.PullFixtures.tombstone;
import static jp.junkai.ingest.jdbc.PullFixtures.unit;
import static jp.junkai.ingest.jdbc.PullFixtures.visit;
import static jp.junkai.ingest.jdbc.PullFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import jp.junkai.ingest.jdbc.PullFixtures.Row;
import jp.junkai.schema.Entity;
import jp.junkai.schema.ReasonCode;
import jp.junkai.source.RawValue;
import jp.junkai.source.file.ReadResult;
import jp.junkai.source.sim.Canaries;
import jp.junkai.source.sim.PersonalFields;
import jp.junkai.testing.TestDatabases;

/** Every case on the real PostgreSQL and the real MariaDB, tables filled by {@code JdbcStationOutput}. */
class TestJdbcPull {

    @RegisterExtension
    final TestDatabases databases = new TestDatabases();

    private String url(String vendor) {
        return vendor.equals("postgres") ? databases.postgres() : databases.mariaDb();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void fullPullReadsTypedValuesAndDefaultsInOrder(String vendor) throws Exception {
        String url = url(vendor);
        LocalDateTime lateNight = LocalDateTime.of(2024, 3, 31, 23, 59, 59, 500_000_000);
        write(url, Entity.VISITS, List.of(
                visit("V2", T0).with("topics", new RawValue("3, 1,3")).with("concerns_count", 2)
                        .with("dedicated_day", true).with("night_approval_id", "N1").with("visited_at", lateNight),
                visit("V1", T0),
                visit("V3", T0.plusSeconds(1)).with("topics", new int[0]),
                visit("V0", T0.minusDays(1)).with("topics", new int[] {5})));
        write(url, Entity.CARDS, List.of(
                record(Entity.CARDS, Map.of(), "card_id", "C1", "unit_id", "U1", "form", "household",
                        "created_on", LocalDate.of(2024, 2, 29), "updated_at", T0),
                record(Entity.CARDS, Map.of(), "card_id", "C2", "unit_id", "U2", "form", "business", "language", "en",
                        "method", "officer", "created_on", LocalDate.of(2024, 1, 1), "status", "archived",
                        "archived_on", LocalDate.of(2099, 12, 31), "members_count", 4, "updated_at", T0)));
        write(url, Entity.UNITS, List.of(unit("U1", T0).with("foreign_resident", true)
                .with("closed_on", LocalDate.of(2030, 1, 1))));

        AtomicReference<PullResult> result = new AtomicReference<>();
        List<Row> visits = read(pull(url, Entity.VISITS), Watermark.START, result);

        // (updated_at, key) order; rows numbered from 1.
        assertThat(keys(visits)).containsExactly("V0", "V1", "V2", "V3");
        assertThat(visits).extracting(Row::number).containsExactly(1L, 2L, 3L, 4L);
        assertThat(visits).extracting(Row::updatedAt).containsExactly(T0.minusDays(1), T0, T0, T0.plusSeconds(1));
        assertThat(result.get()).isEqualTo(new PullResult(4, 0, 0, new Watermark(T0.plusSeconds(1), "V3")));
        Row v2 = visits.get(2);
        assertThat(v2.parsed().values()).hasSize(Entity.VISITS.fields().size());
        assertThat(v2.get(Entity.VISITS, "visited_at")).isEqualTo(lateNight);
        assertThat(v2.get(Entity.VISITS, "updated_at")).isEqualTo(T0);
        assertThat((int[]) v2.get(Entity.VISITS, "topics")).containsExactly(1, 3);
        assertThat(v2.get(Entity.VISITS, "concerns_count")).isEqualTo(2);
        assertThat(v2.get(Entity.VISITS, "dedicated_day")).isEqualTo(true);
        assertThat(v2.get(Entity.VISITS, "night_approval_id")).isEqualTo("N1");
        assertThat(v2.get(Entity.VISITS, "outcome")).isEqualTo("met");
        assertThat(v2.get(Entity.VISITS, "deleted")).isEqualTo(false);
        // Absent optional fields get the SPEC §6.4 defaults; others stay null.
        Row v1 = visits.get(1);
        assertThat((int[]) v1.get(Entity.VISITS, "topics")).isEmpty();
        assertThat(v1.get(Entity.VISITS, "concerns_count")).isEqualTo(0);
        assertThat(v1.get(Entity.VISITS, "dedicated_day")).isEqualTo(false);
        assertThat(v1.get(Entity.VISITS, "night_approval_id")).isNull();
        assertThat((int[]) visits.get(3).get(Entity.VISITS, "topics")).isEmpty();
        assertThat((int[]) visits.get(0).get(Entity.VISITS, "topics")).containsExactly(5);

        List<Row> cards = read(pull(url, Entity.CARDS), Watermark.START, null);
        assertThat(cards.get(0).get(Entity.CARDS, "language")).isEqualTo("ja");
        assertThat(cards.get(0).get(Entity.CARDS, "members_count")).isEqualTo(0);
        assertThat(cards.get(0).get(Entity.CARDS, "created_on")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(cards.get(0).get(Entity.CARDS, "method")).isNull();
        assertThat(cards.get(1).get(Entity.CARDS, "language")).isEqualTo("en");
        assertThat(cards.get(1).get(Entity.CARDS, "members_count")).isEqualTo(4);
        // Fields that may look ahead are not future-checked.
        assertThat(cards.get(1).get(Entity.CARDS, "archived_on")).isEqualTo(LocalDate.of(2099, 12, 31));

        Row u1 = read(pull(url, Entity.UNITS), Watermark.START, null).get(0);
        assertThat(u1.get(Entity.UNITS, "foreign_resident")).isEqualTo(true);
        assertThat(u1.get(Entity.UNITS, "elderly_only")).isEqualTo(false);
        assertThat(u1.get(Entity.UNITS, "closed_on")).isEqualTo(LocalDate.of(2030, 1, 1));
        assertThat(u1.get(Entity.UNITS, "dwelling")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void incrementalPullReadsOnlyNewerRowsAndAReSentRowWithItsNewTime(String vendor) throws Exception {
        String url = url(vendor);
        JdbcPull pull = pull(url, Entity.VISITS);
        write(url, Entity.VISITS, List.of(visit("V1", T0), visit("V2", T0.plusMinutes(1)), visit("V3", T0.plusMinutes(2))));
        AtomicReference<PullResult> first = new AtomicReference<>();
        assertThat(keys(read(pull, Watermark.START, first))).containsExactly("V1", "V2", "V3");
        Watermark w1 = PullResult.next(Watermark.START, List.of(first.get()));
        assertThat(w1).isEqualTo(new Watermark(T0.plusMinutes(2), "V3"));

        // A new row, and V1 sent again with changes: the station system's upsert gives it a new updated_at.
        write(url, Entity.VISITS, List.of(visit("V4", T0.plusMinutes(3)),
                visit("V1", T0.plusMinutes(5)).with("outcome", "absent")));
        AtomicReference<PullResult> second = new AtomicReference<>();
        List<Row> rows = read(pull, w1, second);
        assertThat(keys(rows)).containsExactly("V4", "V1");
        assertThat(rows.get(1).get(Entity.VISITS, "outcome")).isEqualTo("absent");
        assertThat(rows.get(1).updatedAt()).isEqualTo(T0.plusMinutes(5));
        assertThat(rows).extracting(Row::number).containsExactly(1L, 2L);
        Watermark w2 = PullResult.next(w1, List.of(second.get()));
        assertThat(w2).isEqualTo(new Watermark(T0.plusMinutes(5), "V1"));

        // Nothing new: nothing read, the watermark stays, and there is nothing to plan.
        AtomicReference<PullResult> third = new AtomicReference<>();
        assertThat(read(pull, w2, third)).isEmpty();
        assertThat(third.get()).isEqualTo(new PullResult(0, 0, 0, null));
        assertThat(PullResult.next(w2, List.of(third.get()))).isEqualTo(w2);
        assertThat(pull.plan(w2, 4)).isEmpty();
        assertThat(pull.plan(w1, 4)).containsExactly(new Slice(0, w1, w2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void rowsWithEqualUpdatedAtAcrossTheWatermarkAndSliceEdgesAreReadOnce(String vendor) throws Exception {
        String url = url(vendor);
        JdbcPull pull = pull(url, Entity.VISITS);
        // Five rows at T0; the pull takes them all and stops at (T0, K04).
        write(url, Entity.VISITS, List.of(visit("K00", T0), visit("K03", T0), visit("K01", T0), visit("K04", T0),
                visit("K02", T0), visit("A99", T0.minusSeconds(1))));
        AtomicReference<PullResult> first = new AtomicReference<>();
        assertThat(keys(read(pull, Watermark.START, first))).containsExactly("A99", "K00", "K01", "K02", "K03", "K04");
        Watermark w = first.get().highest();
        assertThat(w).isEqualTo(new Watermark(T0, "K04"));

        // More rows at the very same updated_at arrive, on both sides of the watermark's key in time order.
        write(url, Entity.VISITS, List.of(visit("K05", T0), visit("K07", T0), visit("K06", T0),
                visit("K08", T0.plusSeconds(1)), visit("A00", T0.plusSeconds(1))));
        List<Row> second = read(pull, w, null);
        assertThat(keys(second)).containsExactly("K05", "K06", "K07", "A00", "K08");

        // Slice edges inside a run of equal updated_at: 11 rows, 4 slices, split by key.
        List<Row> full = read(pull, Watermark.START, null);
        assertThat(full).hasSize(11);
        List<Slice> slices = pull.plan(Watermark.START, 4, 1);
        assertThat(slices).hasSize(4);
        assertThat(slices).extracting(Slice::index).containsExactly(0, 1, 2, 3);
        assertThat(slices.get(0).after()).isEqualTo(Watermark.START);
        for (int i = 1; i < slices.size(); i++) {
            assertThat(slices.get(i).after()).isEqualTo(slices.get(i - 1).through());
        }
        assertThat(slices.get(3).through()).isEqualTo(new Watermark(T0.plusSeconds(1), "K08"));
        // 11 rows in 4: edges after rows 2, 5, 8: (T0, K00), (T0, K03), (T0, K06): all inside the run at T0.
        assertThat(slices).extracting(Slice::through).startsWith(new Watermark(T0, "K00"),
                new Watermark(T0, "K03"), new Watermark(T0, "K06"));
        List<String> union = new ArrayList<>();
        List<PullResult> results = new ArrayList<>();
        for (Slice s : slices) {
            AtomicReference<PullResult> r = new AtomicReference<>();
            List<Row> rows = read(pull, s, PULL, r);
            assertThat(rows).extracting(Row::number).first().isEqualTo(1L);
            union.addAll(keys(rows));
            results.add(r.get());
        }
        assertThat(union).containsExactlyElementsOf(keys(full));
        assertThat(PullResult.next(Watermark.START, results)).isEqualTo(slices.get(3).through());

        // Planned from a watermark inside the run, too.
        List<Slice> fromW = pull.plan(w, 2, 1);
        assertThat(fromW).hasSize(2);
        List<String> rest = new ArrayList<>();
        for (Slice s : fromW) {
            rest.addAll(keys(read(pull, s, PULL, null)));
        }
        assertThat(rest).containsExactly("K05", "K06", "K07", "A00", "K08");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void softDeleteIsATombstoneWithKeyUpdatedAtAndDeletedOnly(String vendor) throws Exception {
        String url = url(vendor);
        JdbcPull pull = pull(url, Entity.VISITS);
        write(url, Entity.VISITS, List.of(visit("V1", T0), visit("V2", T0),
                visit("V3", T0).with("outcome", new RawValue("maybe"))));
        Watermark w = read(pull, Watermark.START, null).stream().map(r -> new Watermark(r.updatedAt(), r.key()))
                .reduce((a, b) -> b).orElseThrow();
        write(url, Entity.VISITS, List.of(tombstone(Entity.VISITS, "V1", T0.plusHours(1)),
                tombstone(Entity.VISITS, "V3", T0.plusHours(1)), tombstone(Entity.VISITS, "V9", T0.plusHours(2))));

        AtomicReference<PullResult> result = new AtomicReference<>();
        List<Row> rows = read(pull, w, result);
        assertThat(keys(rows)).containsExactly("V1", "V3", "V9");
        for (Row row : rows) {
            Object[] values = row.parsed().values();
            Object[] expected = new Object[Entity.VISITS.fields().size()];
            expected[0] = row.key();
            expected[Entity.VISITS.index("updated_at")] = row.updatedAt();
            expected[Entity.VISITS.index("deleted")] = true;
            // The table keeps the row's other columns (even V3's bad outcome); the tombstone does not carry them.
            assertThat(values).containsExactly(expected);
        }
        assertThat(rows.get(2).updatedAt()).isEqualTo(T0.plusHours(2));
        assertThat(result.get()).isEqualTo(new PullResult(3, 0, 0, new Watermark(T0.plusHours(2), "V9")));

        // Sent again after the delete: the record is back, as an ordinary row.
        write(url, visit("V1", T0.plusHours(3)).with("outcome", "absent"));
        List<Row> back = read(pull, result.get().highest(), null);
        assertThat(back.get(0).get(Entity.VISITS, "deleted")).isEqualTo(false);
        assertThat(back.get(0).get(Entity.VISITS, "outcome")).isEqualTo("absent");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void everyReasonCodeATypedTableCanHoldIsFoundAndRejectedRowsMoveTheWatermark(String vendor) throws Exception {
        String url = url(vendor);
        JdbcPull pull = pull(url, Entity.VISITS);
        LocalDateTime t = T0;
        write(url, Entity.VISITS, List.of(
                visit("", t.plusSeconds(1)),
                visit("\t", t.plusSeconds(2)),
                visit("E01", t.plusSeconds(3)).with("outcome", null),
                visit("E02", t.plusSeconds(4)).with("unit_id", "  "),
                visit("E03", t.plusSeconds(5)).with("outcome", "maybe"),
                visit("E04", t.plusSeconds(6)).with("card_action", new RawValue("作成")),
                visit("E05", t.plusSeconds(7)).with("topics", new RawValue("1,x")),
                visit("E06", t.plusSeconds(8)).with("topics", new RawValue("6")),
                visit("E07", t.plusSeconds(9)).with("topics", new RawValue("1,,2")),
                visit("E08", t.plusSeconds(10)).with("concerns_count", -1),
                visit("E09", t.plusSeconds(11)).with("visited_at", PULL.plusDays(1).plusMinutes(1)),
                visit("E10", t.plusSeconds(12)),
                visit("E11", t.plusSeconds(13)),
                // Several faults: the first in field order wins, before missing fields.
                visit("E12", t.plusSeconds(14)).with("unit_id", null).with("outcome", "maybe").with("concerns_count", -5),
                visit("OK1", t.plusSeconds(15)).with("visited_at", PULL.plusDays(1)),
                visit("E13", LocalDateTime.of(2099, 1, 1, 10, 0))));
        // Dates no calendar has: a MariaDB zero date, PostgreSQL's infinity (written as a station system could).
        String table = quote(url, table(Entity.VISITS));
        if (vendor.equals("mariadb")) {
            execute(url, "SET SESSION sql_mode = ''",
                    "UPDATE " + table + " SET visited_at = '0000-00-00 00:00:00' WHERE visit_id = 'E10'");
            execute(url, "SET SESSION sql_mode = ''",
                    "UPDATE " + table + " SET visited_at = '2024-00-10 00:00:00' WHERE visit_id = 'E11'");
        } else {
            execute(url, "UPDATE " + table + " SET visited_at = 'infinity' WHERE visit_id = 'E10'",
                    "UPDATE " + table + " SET visited_at = '-infinity' WHERE visit_id = 'E11'");
        }

        AtomicReference<PullResult> result = new AtomicReference<>();
        List<Row> rows = read(pull, Watermark.START, result);
        Map<String, String> reasons = new LinkedHashMap<>();
        for (Row row : rows) {
            reasons.put(String.valueOf(row.key()) + "@" + row.number(), row.result() instanceof ReadResult.Rejected r
                    ? r.reason().code() + ":" + r.field() : "ok");
        }
        assertThat(reasons).containsExactly(
                Map.entry("null@1", "missing_key:visit_id"),
                Map.entry("null@2", "missing_key:visit_id"),
                Map.entry("E01@3", "missing_field:outcome"),
                Map.entry("E02@4", "missing_field:unit_id"),
                Map.entry("E03@5", "unknown_enum:outcome"),
                Map.entry("E04@6", "unknown_enum:card_action"),
                Map.entry("E05@7", "bad_type:topics"),
                Map.entry("E06@8", "bad_type:topics"),
                Map.entry("E07@9", "bad_type:topics"),
                Map.entry("E08@10", "bad_type:concerns_count"),
                Map.entry("E09@11", "future_date:visited_at"),
                Map.entry("E10@12", "unparsable_date:visited_at"),
                Map.entry("E11@13", "unparsable_date:visited_at"),
                Map.entry("E12@14", "unknown_enum:outcome"),
                Map.entry("OK1@15", "ok"),
                Map.entry("E13@16", "future_date:updated_at"));
        Set<String> codes = new HashSet<>();
        rows.forEach(r -> {
            if (r.result() instanceof ReadResult.Rejected rej) {
                codes.add(rej.reason().code());
            }
        });
        // Everything but what only files have (broken_line, wrong_encoding) and what ingest decides
        // after the read (unknown_unit, unknown_officer).
        assertThat(codes).containsExactlyInAnyOrder("missing_key", "missing_field", "unknown_enum", "bad_type",
                "future_date", "unparsable_date");
        assertThat(ReasonCode.values()).hasSize(codes.size() + 4);

        // Rejected rows move the watermark (they are quarantined, not read forever); the row dated
        // 2099 does not, or it would hide every row the station writes until then.
        assertThat(result.get()).isEqualTo(new PullResult(16, 15, 1, new Watermark(t.plusSeconds(15), "OK1")));
        write(url, visit("N01", T0.plusDays(1)));
        List<Row> next = read(pull, result.get().highest(), null);
        assertThat(keys(next)).containsExactly("N01", "E13");
        assertThat(next.get(1).identity()).isEqualTo(rows.get(15).identity());
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void personalColumnsAreNeverRead(String vendor) throws Exception {
        String url = url(vendor);
        Map<String, Object> member = new LinkedHashMap<>();
        member.put("name", Canaries.MEMBER_NAME);
        member.put("birth_date", Canaries.BIRTH_DATE);
        member.put("workplace", Canaries.WORKPLACE);
        write(url, record(Entity.CARDS, Map.of("members", List.of(member), "emergency_contact", Canaries.EMERGENCY_CONTACT,
                        "vehicles", List.of(Canaries.VEHICLE), "notes", Canaries.CARD_NOTE),
                "card_id", "C1", "unit_id", "U1", "form", "household", "created_on", LocalDate.of(2024, 1, 5),
                "updated_at", T0));
        write(url, record(Entity.OFFICERS, Map.of("name", Canaries.OFFICER_NAME), "officer_id", "O1",
                "station_code", STATION, "department", "community", "updated_at", T0));
        write(url, record(Entity.UNITS, Map.of("address", Canaries.ADDRESS, "occupant_name", Canaries.OCCUPANT_NAME,
                        "phone", Canaries.PHONE), "unit_id", "U1", "beat_code", "B01", "unit_kind", "household",
                "registered_on", LocalDate.of(2020, 1, 1), "updated_at", T0));
        write(url, visit("V1", T0).with("officer_id", "O1"),
                record(Entity.VISITS, Map.of("notes", Canaries.VISIT_NOTE), "visit_id", "V2", "updated_at", T0));

        for (Entity entity : List.of(Entity.CARDS, Entity.OFFICERS, Entity.UNITS, Entity.VISITS)) {
            JdbcPull pull = pull(url, entity);
            Slice bounded = new Slice(1, new Watermark(T0.minusDays(1), "X"), new Watermark(T0, "Z"));
            List<String> statements = List.of(pull.readSql(Slice.all(Watermark.START)), pull.readSql(bounded),
                    pull.nullRowsSql(), pull.countSql(Watermark.START), pull.countSql(bounded.after()),
                    pull.nullCountSql(), pull.edgeSql(bounded.after(), false, 7), pull.edgeSql(Watermark.START, true, 0));
            for (String sql : statements) {
                assertThat(sql).doesNotContain("*");
                for (PersonalFields.Column personal : PersonalFields.of(entity)) {
                    assertThat(sql).as(sql).doesNotContain(quote(url, personal.key()));
                }
            }
            for (var f : entity.fields()) {
                assertThat(pull.readSql(bounded)).contains(quote(url, f.name()));
            }
            List<Row> rows = read(pull, Watermark.START, null);
            assertThat(rows).isNotEmpty();
            for (Row row : rows) {
                String text = row + " " + row.key() + " " + (row.result() instanceof ReadResult.Parsed p
                        ? Arrays.deepToString(p.values()) : row.result().toString());
                for (String canary : Canaries.ALL) {
                    assertThat(text).doesNotContain(canary);
                }
                assertThat(text).doesNotContain(VISIT_NOTE);
            }
        }

        // The proof from the database's side: a user who may read only the allow-listed columns pulls everything.
        String user = "junkai_pull_" + Long.toHexString(System.nanoTime());
        String table = table(Entity.VISITS);
        String columns = String.join(", ", Entity.VISITS.fields().stream().map(f -> quote(url, f.name())).toList());
        boolean maria = vendor.equals("mariadb");
        String account = maria ? "'" + user + "'@'%'" : user;
        execute(url, maria ? "CREATE USER " + account : "CREATE ROLE " + user + " LOGIN",
                "GRANT SELECT (" + columns + ") ON " + quote(url, table) + " TO " + account);
        try {
            String restricted = url.replaceAll("user=[^&]*", "user=" + user).replaceAll("password=[^&]*&?", "");
            JdbcPull pull = new JdbcPull(restricted, null, maria ? "" : null, table, Entity.VISITS);
            AtomicReference<PullResult> result = new AtomicReference<>();
            assertThat(keys(read(pull, Watermark.START, result))).containsExactly("V1", "V2");
            assertThat(pull.plan(Watermark.START, 2, 1)).hasSize(2);
            // The same user cannot read a personal column: the grant really restricts.
            assertThatThrownBy(() -> execute(restricted + (maria ? "&password=" : ""),
                    "SELECT " + quote(url, "notes") + " FROM " + quote(url, table)))
                    .hasMessageContaining("denied");
        } finally {
            execute(url, maria ? "DROP USER " + account
                    : "REVOKE ALL ON " + quote(url, table) + " FROM " + user, maria ? "SELECT 1" : "DROP ROLE " + user);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void rowsDatedAfterThePullTimeAreDeliveredButReadAgainUntilTheirTimeHasCome(String vendor) throws Exception {
        String url = url(vendor);
        JdbcPull pull = pull(url, Entity.VISITS);
        write(url, Entity.VISITS, List.of(visit("A", PULL.minusHours(1)), visit("B", PULL),
                // A station clock two hours ahead: a valid row (within a day), dated after the pull.
                visit("C", PULL.plusHours(2)),
                // A clock years ahead: future_date.
                visit("D", LocalDateTime.of(2099, 1, 1, 0, 0))));
        AtomicReference<PullResult> first = new AtomicReference<>();
        List<Row> rows = read(pull, Slice.all(Watermark.START), PULL, first);
        assertThat(keys(rows)).containsExactly("A", "B", "C", "D");
        assertThat(rows.get(2).result()).isInstanceOf(ReadResult.Parsed.class);
        assertThat(rows.get(3).result()).isEqualTo(new ReadResult.Rejected(ReasonCode.FUTURE_DATE, "updated_at"));
        assertThat(first.get()).isEqualTo(new PullResult(4, 1, 2, new Watermark(PULL, "B")));

        // A row with a correct clock, written after the pull, dated between the pull and C: had C
        // moved the watermark, it would be lost.
        write(url, visit("E", PULL.plusMinutes(30)));
        LocalDateTime later = PULL.plusHours(3);
        AtomicReference<PullResult> second = new AtomicReference<>();
        List<Row> again = read(pull, Slice.all(first.get().highest()), later, second);
        assertThat(keys(again)).containsExactly("E", "C", "D");
        assertThat(again.get(1).identity()).isEqualTo(rows.get(2).identity());
        assertThat(second.get()).isEqualTo(new PullResult(3, 1, 1, new Watermark(PULL.plusHours(2), "C")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void rowsWithoutUpdatedAtAreRejectedByAPullFromStart(String vendor) throws Exception {
        String url = url(vendor);
        JdbcPull pull = pull(url, Entity.VISITS);
        write(url, Entity.VISITS, List.of(visit("V1", T0), visit("V2", T0), visit("V3", T0.plusMinutes(1))));
        execute(url, "UPDATE " + quote(url, table(Entity.VISITS)) + " SET updated_at = NULL WHERE visit_id = 'V2'");

        AtomicReference<PullResult> result = new AtomicReference<>();
        List<Row> rows = read(pull, Watermark.START, result);
        assertThat(keys(rows)).containsExactly("V2", "V1", "V3");
        assertThat(rows.get(0).result()).isEqualTo(new ReadResult.Rejected(ReasonCode.MISSING_FIELD, "updated_at"));
        assertThat(rows.get(0).updatedAt()).isNull();
        assertThat(result.get()).isEqualTo(new PullResult(3, 1, 1, new Watermark(T0.plusMinutes(1), "V3")));
        assertThat(pull.plan(Watermark.START, 4, 1)).hasSize(2).first()
                .satisfies(s -> assertThat(s.after()).isEqualTo(Watermark.START));
        assertThat(read(pull, result.get().highest(), null)).isEmpty();

        // A table that holds only such rows still plans a slice from START.
        execute(url, "UPDATE " + quote(url, table(Entity.VISITS)) + " SET updated_at = NULL");
        assertThat(pull.plan(Watermark.START, 4)).containsExactly(Slice.all(Watermark.START));
        assertThat(keys(read(pull, Watermark.START, null))).containsExactly("V1", "V2", "V3");
        assertThat(pull.plan(new Watermark(T0, "V1"), 4)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void unreachableDatabaseOrMissingTableIsAnIOExceptionWithoutCredentials(String vendor) throws Exception {
        String secret = "S3cret-Pw-4649";
        String other = "An0ther-Pw-5581";
        String dead = vendor.equals("postgres")
                ? "jdbc:postgresql://127.0.0.1:1/station?user=reader&password=" + secret + "&connectTimeout=2"
                : "jdbc:mariadb://127.0.0.1:1/station?user=reader&password=" + secret + "&connectTimeout=2000";
        String scheme = vendor.equals("postgres") ? "jdbc:postgresql" : "jdbc:mariadb";
        for (String password : new String[] {null, other}) {
            JdbcPull pull = new JdbcPull(dead, "reader", password, "s003_visits", Entity.VISITS);
            for (ThrowingCall call : List.<ThrowingCall>of(() -> pull.plan(Watermark.START, 4),
                    () -> pull.read(Slice.all(Watermark.START), PULL, (n, r) -> { }))) {
                assertThatThrownBy(call::run).isInstanceOf(IOException.class)
                        .hasMessageStartingWith("Cannot pull visits of station S003 from " + scheme + "://127.0.0.1:1/station: ")
                        .satisfies(e -> assertNoSecret(e, secret, other));
            }
        }

        String url = url(vendor);
        JdbcPull missing = new JdbcPull("S999", url, null, null, "s999_visits", Entity.VISITS);
        String plain = url.substring(0, url.indexOf('?'));
        assertThatThrownBy(() -> missing.plan(Watermark.START, 1)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("Cannot pull visits of station S999 from " + plain + ": ")
                .hasMessageContaining("s999_visits").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> missing.read(Slice.all(new Watermark(T0, "V1")), PULL, (n, r) -> { }))
                .isInstanceOf(IOException.class).hasMessageStartingWith("Cannot pull visits of station S999 from " + plain)
                .hasMessageNotContaining("user=");

        if (vendor.equals("mariadb")) {
            // A server that refuses the password: its message must not carry it either.
            String wrong = url.replace("password=", "password=" + secret);
            JdbcPull refused = new JdbcPull(wrong, null, null, "s003_visits", Entity.VISITS);
            assertThatThrownBy(() -> refused.plan(Watermark.START, 1)).isInstanceOf(IOException.class)
                    .hasMessageContaining("Access denied").satisfies(e -> assertNoSecret(e, secret, other));
            JdbcPull refusedExplicit = new JdbcPull(url.replaceAll("[?&]password=[^&]*", ""), null, other,
                    "s003_visits", Entity.VISITS);
            assertThatThrownBy(() -> refusedExplicit.plan(Watermark.START, 1)).isInstanceOf(IOException.class)
                    .hasMessageContaining("Access denied").satisfies(e -> assertNoSecret(e, secret, other));
        }
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }

    private static void assertNoSecret(Throwable e, String... secrets) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (String secret : secrets) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
                assertThat(t.toString()).doesNotContain(secret);
            }
            for (Throwable s : t.getSuppressed()) {
                assertNoSecret(s, secrets);
            }
        }
    }
}
