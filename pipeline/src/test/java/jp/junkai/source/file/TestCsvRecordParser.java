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

import jp.junkai.schema.CsvMapping;
import jp.junkai.schema.Entity;
import jp.junkai.schema.ReasonCode;

class TestCsvRecordParser {

    private static final Charset CP932 = Charset.forName("windows-31j");
    private static final LocalDateTime PULL = LocalDateTime.of(2024, 9, 14, 12, 0);

    private static final String VISIT_HEADER =
            "訪問番号,対象番号,職員番号,訪問日時,結果,カード処理,指導事項,相談件数,専従日,夜間承認番号,更新日時,削除フラグ,備考";
    private static final String VISIT_ROW =
            "V1,U1,P1,令和6年9月13日 21:30:00,面接,確認,3・1・3,2,はい,NA1,2024/09/13 22:00:00,0,夜間は犬に注意";
    private static final Object[] VISIT_VALUES = {"V1", "U1", "P1", LocalDateTime.of(2024, 9, 13, 21, 30), "met",
            "confirmed", new int[] {1, 3}, 2, true, "NA1", LocalDateTime.of(2024, 9, 13, 22, 0), false};

    private static RecordParser parser(Entity entity, String header) {
        return RecordParser.csv(entity, CsvMapping.csvSjis(), header.getBytes(CP932), PULL);
    }

    private static ReadResult visit(String row) {
        return parser(Entity.VISITS, VISIT_HEADER).parse((row + "\r").getBytes(CP932), 2);
    }

    /** The base row with cell {@code column} (0-based) replaced. */
    private static String visitWithCell(int column, String cell) {
        String[] cells = VISIT_ROW.split(",", -1);
        cells[column] = cell;
        return String.join(",", cells);
    }

    private static ReadResult.Rejected rejected(ReasonCode reason, String field) {
        return new ReadResult.Rejected(reason, field);
    }

    private static Object[] values(ReadResult r) {
        assertThat(r).isInstanceOf(ReadResult.Parsed.class);
        return ((ReadResult.Parsed) r).values();
    }

    @Test
    void readsJapaneseValuesEraDatesAndBooleanSpellings() {
        assertThat(values(visit(VISIT_ROW))).isEqualTo(VISIT_VALUES);
    }

    @Test
    void readsFullWidthDigitsInDatesCountsAndTopics() {
        String row = "V1,U1,P1,Ｒ０６．０９．１３　２１：３０,面接,確認,３・１,２,１,NA1,２０２４/０９/１３ ２２:００:００,０,";
        assertThat(values(visit(row))).isEqualTo(VISIT_VALUES);
    }

    @Test
    void readsColumnsByHeaderInAnyOrderAndIgnoresUnmappedOnes() {
        String header = "備考,\"結果\",訪問番号,氏名,対象番号,職員番号,訪問日時,カード処理,更新日時";
        String row = "\"犬, 猫\",不在,V2,山田太郎,U1,P1,2024/09/13 09:00,なし,2024/09/13 10:00:00";
        assertThat(values(parser(Entity.VISITS, header).parse(row.getBytes(CP932), 2))).isEqualTo(new Object[] {
                "V2", "U1", "P1", LocalDateTime.of(2024, 9, 13, 9, 0), "absent", "none", new int[0], 0, false, null,
                LocalDateTime.of(2024, 9, 13, 10, 0), false});
    }

    @Test
    void treatsBlankCellsAsAbsentWithDefaults() {
        String header = "カード番号,対象番号,様式,言語,作成方法,作成日,作成者,最終補正日,状態,保管日,世帯員数,更新日時,削除フラグ";
        String row = "C1,U1,別紙2,, ,平成31年4月30日,,,保管,令和元年5月1日,,2024/09/01 09:00:00,";
        assertThat(values(parser(Entity.CARDS, header).parse(row.getBytes(CP932), 2))).isEqualTo(new Object[] {
                "C1", "U1", "business", "ja", null, LocalDate.of(2019, 4, 30), null, null, "archived",
                LocalDate.of(2019, 5, 1), 0, LocalDateTime.of(2024, 9, 1, 9, 0), false});
    }

    @Test
    void readsQuotedCellsWithCommasAndQuotes() {
        String header = "受持区コード,警察署コード,交番コード,交番名,地域区分,更新日時,削除フラグ";
        String row = "B1,ST01,K1,\"駅前,\"\"東\"\"交番\",住宅地,R06.09.13 08:00,いいえ";
        assertThat(values(parser(Entity.BEATS, header).parse(row.getBytes(CP932), 2))).isEqualTo(new Object[] {
                "B1", "ST01", "K1", "駅前,\"東\"交番", "residential", LocalDateTime.of(2024, 9, 13, 8, 0), false});
    }

    @Test
    void readsATombstoneFromItsKeyUpdatedAtAndDeletedOnly() {
        Object[] expected = new Object[12];
        expected[0] = "V9";
        expected[10] = LocalDateTime.of(2024, 9, 14, 9, 0);
        expected[11] = true;
        assertThat(values(visit("V9,,,,,,,,,,2024/09/14 09:00:00,1,"))).isEqualTo(expected);
        assertThat(values(visit("V9,U1,,,消えた,,9,,,,2024/09/14 09:00:00,はい,"))).isEqualTo(expected);
        assertThat(visit("V9,,,,,,,,,,,1,")).isEqualTo(rejected(ReasonCode.MISSING_FIELD, "updated_at"));
    }

    @Test
    void rejectsAMissingKeyIncludingAHeaderWithoutTheKeyColumn() {
        assertThat(visit(visitWithCell(0, ""))).isEqualTo(rejected(ReasonCode.MISSING_KEY, "visit_id"));
        assertThat(visit(visitWithCell(0, "  "))).isEqualTo(rejected(ReasonCode.MISSING_KEY, "visit_id"));
        RecordParser noKey = parser(Entity.VISITS, VISIT_HEADER.replace("訪問番号", "番号"));
        assertThat(noKey.parse(VISIT_ROW.getBytes(CP932), 2)).isEqualTo(rejected(ReasonCode.MISSING_KEY, "visit_id"));
    }

    @Test
    void rejectsAMissingRequiredFieldIncludingAHeaderWithoutItsColumn() {
        assertThat(visit(visitWithCell(4, ""))).isEqualTo(rejected(ReasonCode.MISSING_FIELD, "outcome"));
        RecordParser noOutcome = parser(Entity.VISITS, VISIT_HEADER.replace("結果", "結末"));
        assertThat(noOutcome.parse(VISIT_ROW.getBytes(CP932), 2)).isEqualTo(rejected(ReasonCode.MISSING_FIELD, "outcome"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "7  | 多数   | concerns_count",
            "7  | -1     | concerns_count",
            "7  | 2.0    | concerns_count",
            "7  | 99999999999 | concerns_count",
            "8  | true   | dedicated_day",
            "8  | 有     | dedicated_day",
            "6  | 6      | topics",
            "6  | 0・1   | topics",
            "6  | 1・    | topics",
            "6  | 1/3    | topics",
            "6  | 一     | topics",
            "11 | 2      | deleted",
    })
    void rejectsCellsOfTheWrongType(int column, String cell, String field) {
        assertThat(visit(visitWithCell(column, cell))).isEqualTo(rejected(ReasonCode.BAD_TYPE, field));
    }

    @ParameterizedTest
    @ValueSource(strings = {"在宅", "met", "面 接"})
    void rejectsUnknownSpellings(String outcome) {
        assertThat(visit(visitWithCell(4, outcome))).isEqualTo(rejected(ReasonCode.UNKNOWN_ENUM, "outcome"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"平成32年1月1日 10:00", "2024/02/30 10:00", "2024/09/13", "2024-09-13T21:30:00+09:00", "不明"})
    void rejectsUnparsableTimestamps(String visitedAt) {
        assertThat(visit(visitWithCell(3, visitedAt))).isEqualTo(rejected(ReasonCode.UNPARSABLE_DATE, "visited_at"));
    }

    @Test
    void rejectsDatesBeyondOneDayAfterThePull() {
        assertThat(visit(visitWithCell(3, "2024/09/15 12:00:00"))).isInstanceOf(ReadResult.Parsed.class);
        assertThat(visit(visitWithCell(3, "令和6年9月15日 12:00:01"))).isEqualTo(rejected(ReasonCode.FUTURE_DATE, "visited_at"));
        String header = "異動番号,カード番号,対象番号,異動日,異動種別,更新日時";
        RecordParser changes = parser(Entity.CARD_CHANGES, header);
        assertThat(changes.parse("CH1,C1,U1,R06.09.15,転入,2024/09/13 10:00".getBytes(CP932), 2)).isInstanceOf(ReadResult.Parsed.class);
        assertThat(changes.parse("CH1,C1,U1,R06.09.16,転入,2024/09/13 10:00".getBytes(CP932), 2))
                .isEqualTo(rejected(ReasonCode.FUTURE_DATE, "changed_on"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "V1,U1,P1",                                              // too few columns
            "V1,U1,P1,2024/09/13 21:30,面接,確認,1,2,1,,2024/09/13 22:00,0,備考,余分", // too many
            "V1,U1,P1,2024/09/13 21:30,面接,確認,1,2,1,,2024/09/13 22:00,0,\"閉じない",  // unclosed quote
            "V1,U1,P1,2024/09/13 21:30,面接,確認,1,2,1,,2024/09/13 22:00,0,途中に\"引用",  // stray quote
            "V1,U1,P1,2024/09/13 21:30,面接,確認,1,2,1,,2024/09/13 22:00,0,\"備考\"後",    // text after a quote
    })
    void rejectsBrokenLines(String row) {
        assertThat(visit(row)).isEqualTo(rejected(ReasonCode.BROKEN_LINE, null));
    }

    @Test
    void rejectsLinesInAnotherEncoding() {
        RecordParser p = parser(Entity.VISITS, VISIT_HEADER);
        // UTF-8 Japanese mostly decodes as garbled Windows-31J: it must still be caught.
        assertThat(p.parse(VISIT_ROW.getBytes(StandardCharsets.UTF_8), 2)).isEqualTo(rejected(ReasonCode.WRONG_ENCODING, null));
        // A lead byte without its trail byte, and bytes Windows-31J never uses.
        byte[] loneLead = TestJsonlRecordParser.concat("V1,U1,P1,,,,,,,,,,".getBytes(CP932), new byte[] {(byte) 0x81});
        assertThat(p.parse(loneLead, 2)).isEqualTo(rejected(ReasonCode.WRONG_ENCODING, null));
        byte[] unused = TestJsonlRecordParser.concat("V1,U1,P1,,,,,,,,,,".getBytes(CP932), new byte[] {(byte) 0xFD});
        assertThat(p.parse(unused, 2)).isEqualTo(rejected(ReasonCode.WRONG_ENCODING, null));
        // wrong_encoding comes before broken_line
        assertThat(p.parse("V1,東京".getBytes(StandardCharsets.UTF_8), 2)).isEqualTo(rejected(ReasonCode.WRONG_ENCODING, null));
    }

    @Test
    void rejectsEveryLineUnderAFaultyHeader() {
        byte[] row = VISIT_ROW.getBytes(CP932);
        RecordParser utf8Header = RecordParser.csv(Entity.VISITS, CsvMapping.csvSjis(),
                VISIT_HEADER.getBytes(StandardCharsets.UTF_8), PULL);
        assertThat(utf8Header.parse(row, 2)).isEqualTo(rejected(ReasonCode.WRONG_ENCODING, null));
        assertThat(parser(Entity.VISITS, VISIT_HEADER + ",結果").parse((VISIT_ROW + ",x").getBytes(CP932), 2))
                .isEqualTo(rejected(ReasonCode.BROKEN_LINE, null));
        assertThat(parser(Entity.VISITS, "\"訪問番号," + VISIT_HEADER).parse(row, 2)).isEqualTo(rejected(ReasonCode.BROKEN_LINE, null));
        // Blank lines are still just skipped.
        assertThat(utf8Header.parse(new byte[0], 2)).isSameAs(ReadResult.SKIPPED);
    }

    @Test
    void ignoresAByteOrderMarkBeforeTheHeaderOnlyAndSkipsBlankLines() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        RecordParser p = RecordParser.csv(Entity.VISITS, CsvMapping.csvSjis(),
                TestJsonlRecordParser.concat(bom, (VISIT_HEADER + "\r").getBytes(CP932)), PULL);
        assertThat(values(p.parse(VISIT_ROW.getBytes(CP932), 2))).isEqualTo(VISIT_VALUES);
        // Not at the start of the file: glued files, quarantined.
        assertThat(p.parse(TestJsonlRecordParser.concat(bom, VISIT_ROW.getBytes(CP932)), 3))
                .isEqualTo(rejected(ReasonCode.BROKEN_LINE, null));
        for (String blank : new String[] {"", "\r", "  ", " \t\r"}) {
            assertThat(p.parse(blank.getBytes(CP932), 2)).isSameAs(ReadResult.SKIPPED);
        }
    }

    @Test
    void appliesTheDocumentedPrecedence() {
        // broken_line before missing_key
        assertThat(visit(",U1")).isEqualTo(rejected(ReasonCode.BROKEN_LINE, null));
        // missing_key before field faults
        assertThat(visit(visitWithCell(0, "").replace("面接", "在宅"))).isEqualTo(rejected(ReasonCode.MISSING_KEY, "visit_id"));
        // field faults in field order
        String dateThenEnum = visitWithCell(3, "不明").replace("面接", "在宅");
        assertThat(visit(dateThenEnum)).isEqualTo(rejected(ReasonCode.UNPARSABLE_DATE, "visited_at"));
        String enumThenType = visitWithCell(7, "多数").replace("面接", "在宅");
        assertThat(visit(enumThenType)).isEqualTo(rejected(ReasonCode.UNKNOWN_ENUM, "outcome"));
        // a fault before a missing field
        assertThat(visit(visitWithCell(1, "").replace(",2,はい,", ",x,はい,"))).isEqualTo(rejected(ReasonCode.BAD_TYPE, "concerns_count"));
        // a missing field before a future date
        assertThat(visit(visitWithCell(3, "2030/01/01 00:00").replace("面接", ""))).isEqualTo(rejected(ReasonCode.MISSING_FIELD, "outcome"));
    }
}
