package jp.junkai.source.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import jp.junkai.schema.Entity;
import jp.junkai.schema.ReasonCode;

class TestJsonlRecordParser {

    /** Pull time: records up to 2024-09-15T12:00 (timestamps) / 2024-09-15 (dates) are not in the future. */
    private static final LocalDateTime PULL = LocalDateTime.of(2024, 9, 14, 12, 0);

    private static final String VISIT = "{\"visit_id\":\"V1\",\"unit_id\":\"U1\",\"officer_id\":\"P1\","
            + "\"visited_at\":\"2024-09-13T21:30:00+09:00\",\"outcome\":\"met\",\"card_action\":\"confirmed\","
            + "\"topics\":[3,1,3],\"concerns_count\":2,\"dedicated_day\":true,\"night_approval_id\":\"NA1\","
            + "\"updated_at\":\"2024-09-13T22:00:00+09:00\",\"deleted\":false,\"notes\":\"夜間は犬に注意\"}";

    private static ReadResult parse(Entity entity, String line) {
        return RecordParser.jsonl(entity, PULL).parse(line.getBytes(StandardCharsets.UTF_8), 2);
    }

    private static ReadResult visit(String line) {
        return parse(Entity.VISITS, line);
    }

    /** The base visit with one "key":value pair replaced (the pair text must occur in it). */
    private static String visitWith(String pair, String replacement) {
        assertThat(VISIT).contains(pair);
        return VISIT.replace(pair, replacement);
    }

    private static ReadResult.Rejected rejected(ReasonCode reason, String field) {
        return new ReadResult.Rejected(reason, field);
    }

    @Test
    void readsTypedAllowListedValues() {
        assertThat(visit(VISIT)).isInstanceOfSatisfying(ReadResult.Parsed.class, p ->
                assertThat(p.values()).isEqualTo(new Object[] {"V1", "U1", "P1", LocalDateTime.of(2024, 9, 13, 21, 30),
                        "met", "confirmed", new int[] {1, 3}, 2, true, "NA1", LocalDateTime.of(2024, 9, 13, 22, 0), false}));
    }

    @Test
    void fillsDefaultsForAbsentNullAndEmptyOptionalFields() {
        ReadResult card = parse(Entity.CARDS, "{\"card_id\":\"C1\",\"unit_id\":\"U1\",\"form\":\"business\","
                + "\"language\":null,\"method\":\"\",\"created_on\":\"2024-09-01\",\"status\":\" \","
                + "\"updated_at\":\"2024-09-01T09:00:00+09:00\"}");
        assertThat(card).isInstanceOfSatisfying(ReadResult.Parsed.class, p ->
                assertThat(p.values()).isEqualTo(new Object[] {"C1", "U1", "business", "ja", null,
                        LocalDate.of(2024, 9, 1), null, null, null, null, 0, LocalDateTime.of(2024, 9, 1, 9, 0), false}));
        ReadResult visit = visit("{\"visit_id\":\"V1\",\"unit_id\":\"U1\",\"officer_id\":\"P1\","
                + "\"visited_at\":\"2024-09-13T21:30:00+09:00\",\"outcome\":\"absent\",\"card_action\":\"none\","
                + "\"topics\":null,\"updated_at\":\"2024-09-13T22:00:00+09:00\"}");
        assertThat(visit).isInstanceOfSatisfying(ReadResult.Parsed.class, p ->
                assertThat(p.values()).isEqualTo(new Object[] {"V1", "U1", "P1", LocalDateTime.of(2024, 9, 13, 21, 30),
                        "absent", "none", new int[0], 0, false, null, LocalDateTime.of(2024, 9, 13, 22, 0), false}));
    }

    @Test
    void ignoresKeysOutsideTheAllowListWhateverTheirShape() {
        String line = visitWith("\"notes\":\"夜間は犬に注意\"",
                "\"notes\":{\"a\":[1,{\"b\":null}],\"visit_id\":\"X\"},\"name\":12,\"topics_extra\":\"不正\"");
        assertThat(((ReadResult.Parsed) visit(line)).values()).isEqualTo(((ReadResult.Parsed) visit(VISIT)).values());
    }

    @Test
    void takesTheLaterOfTwoEqualKeys() {
        String line = visitWith("\"outcome\":\"met\"", "\"outcome\":\"bogus\",\"outcome\":\"refused\"");
        assertThat(((ReadResult.Parsed) visit(line)).values()[4]).isEqualTo("refused");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "2024-09-13T12:30:00Z      | 2024-09-13T21:30",
            "2024-09-13T07:30:00-05:00 | 2024-09-13T21:30",
            "2024-09-13T21:30+09:00    | 2024-09-13T21:30",
    })
    void convertsAnyOffsetToJapanTime(String visitedAt, LocalDateTime expected) {
        String line = visitWith("2024-09-13T21:30:00+09:00", visitedAt);
        assertThat(((ReadResult.Parsed) visit(line)).values()[3]).isEqualTo(expected);
    }

    @Test
    void acceptsDatesInEveryKnownForm() {
        String base = "{\"change_id\":\"CH1\",\"card_id\":\"C1\",\"unit_id\":\"U1\",\"changed_on\":\"%s\","
                + "\"kind\":\"move_in\",\"updated_at\":\"2024-09-13T22:00:00+09:00\"}";
        for (String d : new String[] {"2024-09-13", "2024/09/13", "令和6年9月13日", "R06.09.13"}) {
            assertThat(((ReadResult.Parsed) parse(Entity.CARD_CHANGES, base.formatted(d))).values()[3])
                    .isEqualTo(LocalDate.of(2024, 9, 13));
        }
    }

    @Test
    void rejectsAMissingKey() {
        assertThat(visit(visitWith("\"visit_id\":\"V1\",", ""))).isEqualTo(rejected(ReasonCode.MISSING_KEY, "visit_id"));
        assertThat(visit(visitWith("\"visit_id\":\"V1\"", "\"visit_id\":null"))).isEqualTo(rejected(ReasonCode.MISSING_KEY, "visit_id"));
        assertThat(visit(visitWith("\"visit_id\":\"V1\"", "\"visit_id\":\"\""))).isEqualTo(rejected(ReasonCode.MISSING_KEY, "visit_id"));
    }

    @Test
    void rejectsAMissingRequiredField() {
        assertThat(visit(visitWith("\"outcome\":\"met\",", ""))).isEqualTo(rejected(ReasonCode.MISSING_FIELD, "outcome"));
        assertThat(visit(visitWith("\"unit_id\":\"U1\"", "\"unit_id\":null"))).isEqualTo(rejected(ReasonCode.MISSING_FIELD, "unit_id"));
        assertThat(visit(visitWith("\"updated_at\":\"2024-09-13T22:00:00+09:00\",", "")))
                .isEqualTo(rejected(ReasonCode.MISSING_FIELD, "updated_at"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "\"visit_id\":\"V1\"          | \"visit_id\":1                 | visit_id",
            "\"unit_id\":\"U1\"           | \"unit_id\":[\"U1\"]           | unit_id",
            "\"concerns_count\":2         | \"concerns_count\":\"2\"       | concerns_count",
            "\"concerns_count\":2         | \"concerns_count\":-1          | concerns_count",
            "\"concerns_count\":2         | \"concerns_count\":2.0         | concerns_count",
            "\"concerns_count\":2         | \"concerns_count\":3000000000  | concerns_count",
            "\"dedicated_day\":true       | \"dedicated_day\":\"true\"     | dedicated_day",
            "\"dedicated_day\":true       | \"dedicated_day\":1            | dedicated_day",
            "\"topics\":[3,1,3]           | \"topics\":[0]                 | topics",
            "\"topics\":[3,1,3]           | \"topics\":[1,6]               | topics",
            "\"topics\":[3,1,3]           | \"topics\":[\"1\"]             | topics",
            "\"topics\":[3,1,3]           | \"topics\":[1.0]               | topics",
            "\"topics\":[3,1,3]           | \"topics\":[[1]]               | topics",
            "\"topics\":[3,1,3]           | \"topics\":3                   | topics",
            "\"topics\":[3,1,3]           | \"topics\":[null]              | topics",
            "\"outcome\":\"met\"          | \"outcome\":1                  | outcome",
            "\"visited_at\":\"2024-09-13T21:30:00+09:00\" | \"visited_at\":20240913 | visited_at",
            "\"deleted\":false            | \"deleted\":\"no\"             | deleted",
    })
    void rejectsAPresentFieldOfTheWrongType(String pair, String replacement, String field) {
        assertThat(visit(visitWith(pair, replacement))).isEqualTo(rejected(ReasonCode.BAD_TYPE, field));
    }

    @ParameterizedTest
    @ValueSource(strings = {"visited", "MET", "面接", " met"})
    void rejectsAnEnumValueOutsideItsList(String outcome) {
        assertThat(visit(visitWith("\"outcome\":\"met\"", "\"outcome\":\"" + outcome + "\"")))
                .isEqualTo(rejected(ReasonCode.UNKNOWN_ENUM, "outcome"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-09-13T21:30:00", "2024-09-13", "2024-09-31T21:30:00+09:00", "不明", "2024/09/13 21:30:00"})
    void rejectsATimestampWithoutOffsetOrUnparsable(String visitedAt) {
        assertThat(visit(visitWith("2024-09-13T21:30:00+09:00", visitedAt)))
                .isEqualTo(rejected(ReasonCode.UNPARSABLE_DATE, "visited_at"));
    }

    @Test
    void rejectsAnUnparsableDate() {
        String line = "{\"approval_id\":\"NA1\",\"officer_id\":\"P1\",\"approved_date\":\"平成32年1月1日\","
                + "\"updated_at\":\"2024-09-13T22:00:00+09:00\"}";
        assertThat(parse(Entity.NIGHT_APPROVALS, line)).isEqualTo(rejected(ReasonCode.UNPARSABLE_DATE, "approved_date"));
    }

    @Test
    void rejectsDatesBeyondOneDayAfterThePull() {
        // The pull is 2024-09-14 12:00: up to 2024-09-15 12:00 is clock skew, later is the future.
        assertThat(visit(visitWith("2024-09-13T21:30:00+09:00", "2024-09-15T12:00:00+09:00"))).isInstanceOf(ReadResult.Parsed.class);
        assertThat(visit(visitWith("2024-09-13T21:30:00+09:00", "2024-09-15T12:00:01+09:00")))
                .isEqualTo(rejected(ReasonCode.FUTURE_DATE, "visited_at"));
        assertThat(visit(visitWith("2024-09-13T21:30:00+09:00", "2024-09-15T03:00:01Z")))
                .isEqualTo(rejected(ReasonCode.FUTURE_DATE, "visited_at"));
        assertThat(visit(visitWith("2024-09-13T22:00:00+09:00", "2025-01-01T00:00:00+09:00")))
                .isEqualTo(rejected(ReasonCode.FUTURE_DATE, "updated_at"));
        String unit = "{\"unit_id\":\"U1\",\"beat_code\":\"B1\",\"unit_kind\":\"household\",\"registered_on\":\"%s\","
                + "\"closed_on\":\"2031-03-31\",\"exempt_to\":\"2030-01-01\",\"updated_at\":\"2024-09-13T22:00:00+09:00\"}";
        assertThat(parse(Entity.UNITS, unit.formatted("2024-09-15"))).isInstanceOf(ReadResult.Parsed.class);
        assertThat(parse(Entity.UNITS, unit.formatted("2024-09-16"))).isEqualTo(rejected(ReasonCode.FUTURE_DATE, "registered_on"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"visit_id\":\"V1\"", "[1,2]", "\"V1\"", "null", "not json", "{} {}",
            "{\"visit_id\":\"V1\"} x", "{\"visit_id\":\"V1\",}", "{'visit_id':'V1'}", "{\"notes\":tru}"})
    void rejectsALineThatIsNotOneJsonObject(String line) {
        assertThat(visit(line)).isEqualTo(rejected(ReasonCode.BROKEN_LINE, null));
    }

    @Test
    void rejectsBytesThatAreNotUtf8() {
        Charset cp932 = Charset.forName("windows-31j");
        assertThat(RecordParser.jsonl(Entity.VISITS, PULL).parse(VISIT.getBytes(cp932), 1))
                .isEqualTo(rejected(ReasonCode.WRONG_ENCODING, null));
        byte[][] bad = {
                {'{', '"', 'a', '"', ':', '"', (byte) 0xFF, '"', '}'},            // never in UTF-8
                {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'}, // overlong '/'
                {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'}, // a surrogate
                {'{', '"', 'a', '"', ':', '"', (byte) 0xE6, (byte) 0x9D, '"', '}'}, // truncated sequence
        };
        for (byte[] line : bad) {
            assertThat(RecordParser.jsonl(Entity.VISITS, PULL).parse(line, 3)).isEqualTo(rejected(ReasonCode.WRONG_ENCODING, null));
        }
    }

    @Test
    void skipsBlankLines() {
        RecordParser p = RecordParser.jsonl(Entity.VISITS, PULL);
        for (String blank : new String[] {"", " ", "\t  ", "\r", "  \r"}) {
            assertThat(p.parse(blank.getBytes(StandardCharsets.UTF_8), 5)).isSameAs(ReadResult.SKIPPED);
        }
    }

    @Test
    void ignoresAByteOrderMarkAtTheStartOfTheFileOnly() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] line = concat(bom, VISIT.getBytes(StandardCharsets.UTF_8));
        RecordParser p = RecordParser.jsonl(Entity.VISITS, PULL);
        assertThat(p.parse(line, 1)).isInstanceOf(ReadResult.Parsed.class);
        assertThat(p.parse(bom, 1)).isSameAs(ReadResult.SKIPPED);
        // Later in the file it is a sign of glued files, not something to skip silently.
        assertThat(p.parse(line, 2)).isEqualTo(rejected(ReasonCode.BROKEN_LINE, null));
        byte[] inside = VISIT.replace(",\"unit_id\"", ",\uFEFF\"unit_id\"").getBytes(StandardCharsets.UTF_8);
        assertThat(p.parse(inside, 1)).isEqualTo(rejected(ReasonCode.BROKEN_LINE, null));
    }

    @Test
    void acceptsCrlfLineEndsAndALineInsideABuffer() {
        byte[] buffer = ("xx" + VISIT + "\r\nyy").getBytes(StandardCharsets.UTF_8);
        int length = VISIT.getBytes(StandardCharsets.UTF_8).length + 1;
        assertThat(RecordParser.jsonl(Entity.VISITS, PULL).parse(buffer, 2, length, 7)).isInstanceOf(ReadResult.Parsed.class);
    }

    @Test
    void readsATombstoneFromItsKeyUpdatedAtAndDeletedOnly() {
        String tombstone = "{\"visit_id\":\"V1\",\"updated_at\":\"2024-09-13T22:00:00+09:00\",\"deleted\":true}";
        Object[] expected = new Object[12];
        expected[0] = "V1";
        expected[10] = LocalDateTime.of(2024, 9, 13, 22, 0);
        expected[11] = true;
        assertThat(((ReadResult.Parsed) visit(tombstone)).values()).isEqualTo(expected);
        // Stale or broken attributes of a tombstone are not looked at.
        String stale = "{\"visit_id\":\"V1\",\"outcome\":\"gone\",\"topics\":[9],\"unit_id\":7,"
                + "\"updated_at\":\"2024-09-13T22:00:00+09:00\",\"deleted\":true}";
        assertThat(((ReadResult.Parsed) visit(stale)).values()).isEqualTo(expected);
        assertThat(visit("{\"visit_id\":\"V1\",\"deleted\":true}")).isEqualTo(rejected(ReasonCode.MISSING_FIELD, "updated_at"));
        assertThat(visit("{\"visit_id\":\"V1\",\"updated_at\":\"2024-09-13T22:00:00\",\"deleted\":true}"))
                .isEqualTo(rejected(ReasonCode.UNPARSABLE_DATE, "updated_at"));
        assertThat(visit("{\"visit_id\":\"V1\",\"updated_at\":\"2030-01-01T00:00:00+09:00\",\"deleted\":true}"))
                .isEqualTo(rejected(ReasonCode.FUTURE_DATE, "updated_at"));
        assertThat(visit("{\"updated_at\":\"2024-09-13T22:00:00+09:00\",\"deleted\":true}"))
                .isEqualTo(rejected(ReasonCode.MISSING_KEY, "visit_id"));
        // Only a well-formed true makes a tombstone.
        assertThat(visit("{\"visit_id\":\"V1\",\"updated_at\":\"2024-09-13T22:00:00+09:00\",\"deleted\":\"true\"}"))
                .isEqualTo(rejected(ReasonCode.BAD_TYPE, "deleted"));
    }

    @Test
    void appliesTheDocumentedPrecedence() {
        // wrong_encoding before broken_line
        byte[] brokenCp932 = "{\"visit_id\":\"面接\"".getBytes(Charset.forName("windows-31j"));
        assertThat(RecordParser.jsonl(Entity.VISITS, PULL).parse(brokenCp932, 2)).isEqualTo(rejected(ReasonCode.WRONG_ENCODING, null));
        // missing_key before a bad type
        assertThat(visit(visitWith("\"visit_id\":\"V1\",", "").replace("\"concerns_count\":2", "\"concerns_count\":\"x\"")))
                .isEqualTo(rejected(ReasonCode.MISSING_KEY, "visit_id"));
        // field faults in field order: outcome (4th) before topics (7th), whichever the reason
        String twoFaults = visitWith("\"outcome\":\"met\"", "\"outcome\":\"visited\"").replace("[3,1,3]", "[7]");
        assertThat(visit(twoFaults)).isEqualTo(rejected(ReasonCode.UNKNOWN_ENUM, "outcome"));
        String dateThenEnum = visitWith("\"outcome\":\"met\"", "\"outcome\":\"visited\"")
                .replace("2024-09-13T21:30:00+09:00", "2024-09-13T21:30:00");
        assertThat(visit(dateThenEnum)).isEqualTo(rejected(ReasonCode.UNPARSABLE_DATE, "visited_at"));
        // a fault before a missing field, even when the missing field comes first
        String missingThenFault = visitWith("\"unit_id\":\"U1\",", "").replace("\"dedicated_day\":true", "\"dedicated_day\":1");
        assertThat(visit(missingThenFault)).isEqualTo(rejected(ReasonCode.BAD_TYPE, "dedicated_day"));
        // a missing field before a future date
        String missingAndFuture = visitWith("\"outcome\":\"met\",", "").replace("2024-09-13T21:30:00+09:00", "2030-01-01T00:00:00+09:00");
        assertThat(visit(missingAndFuture)).isEqualTo(rejected(ReasonCode.MISSING_FIELD, "outcome"));
    }

    @Test
    void neverCarriesTheOffendingValue() {
        ReadResult r = visit(visitWith("\"outcome\":\"met\"", "\"outcome\":\"山田太郎\""));
        assertThat(r.toString()).doesNotContain("山田太郎").contains("UNKNOWN_ENUM", "outcome");
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
