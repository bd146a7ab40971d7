package jp.junkai.source.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.junkai.schema.CsvMapping;
import jp.junkai.schema.Entity;
import jp.junkai.schema.Flavour;
import jp.junkai.source.RawValue;
import jp.junkai.source.SourceRecord;
import jp.junkai.source.StationOutput;

class TestFileStationOutput {

    private static final Charset CP932 = Charset.forName("windows-31j");

    @TempDir
    Path inbox;

    /** One western date form, no full-width rows, one boolean spelling: every byte is predictable. */
    private static CsvMapping plainMapping() throws IOException {
        return TestRoundTrip.variant(
                "forms: [western, era-kanji, era-initial]", "forms: [western]",
                "timestampForms: [western, western, western, era-kanji]", "timestampForms: [western]",
                "fullWidthShare: 0.05", "fullWidthShare: 0.0",
                "trueValues: [\"1\", \"はい\"]", "trueValues: [\"1\"]",
                "falseValues: [\"0\", \"いいえ\"]", "falseValues: [\"0\"]");
    }

    private static SourceRecord visit(String id, String notes) {
        Map<String, Object> personal = new LinkedHashMap<>();
        personal.put("notes", notes);
        return new SourceRecord(Entity.VISITS, new Object[] {id, "U000123", "P00017",
                LocalDateTime.of(2024, 9, 13, 21, 30), "met", "confirmed", new int[] {1, 3}, 2, true, null,
                LocalDateTime.of(2024, 9, 13, 22, 0, 5), false}, personal);
    }

    private static SourceRecord visitTombstone(String id) {
        Object[] v = new Object[Entity.VISITS.fields().size()];
        v[0] = id;
        v[Entity.VISITS.index("unit_id")] = "U000123";
        v[Entity.VISITS.index(Entity.UPDATED_AT)] = LocalDateTime.of(2024, 9, 14, 9, 0);
        v[Entity.VISITS.index(Entity.DELETED)] = true;
        return new SourceRecord(Entity.VISITS, v, Map.of("notes", "消す"));
    }

    @Test
    void writesBatchesUnderStationAndEntityWithTheMarkerOnlyAfterClose() throws IOException {
        Path data = inbox.resolve("ST01/visits/20240914T0600.jsonl");
        Path marker = inbox.resolve("ST01/visits/20240914T0600.jsonl.done");
        try (FileStationOutput out = new FileStationOutput(inbox, "ST01", Flavour.JSONL)) {
            StationOutput.BatchWriter batch = out.openBatch(Entity.VISITS, "20240914T0600");
            batch.write(visit("V1", "犬"));
            assertThat(data).exists();
            assertThat(marker).doesNotExist();
            batch.close(true);
        }
        assertThat(FileStationOutput.dataFile(inbox, "ST01", Entity.VISITS, "20240914T0600", Flavour.JSONL))
                .isEqualTo(data);
        assertThat(FileStationOutput.markerFile(data)).isEqualTo(marker);
        assertThat(marker).exists().isEmptyFile();
        assertThat(Files.readString(data)).endsWith("}\n");
    }

    @Test
    void leavesAnUnfinishedBatchWithoutMarker() throws IOException {
        try (FileStationOutput out = new FileStationOutput(inbox, "ST01", Flavour.CSV_SJIS, CsvMapping.csvSjis(), 1L)) {
            StationOutput.BatchWriter batch = out.openBatch(Entity.VISITS, "b1");
            batch.write(visit("V1", "犬"));
            batch.close(false);
            out.openBatch(Entity.VISITS, "b2").write(visit("V2", "猫"));
            // b2 is still open when the station output closes: it stays unfinished too.
        }
        assertThat(inbox.resolve("ST01/visits/b1.csv")).exists();
        assertThat(inbox.resolve("ST01/visits/b1.csv.done")).doesNotExist();
        assertThat(inbox.resolve("ST01/visits/b2.csv")).exists();
        assertThat(inbox.resolve("ST01/visits/b2.csv.done")).doesNotExist();
    }

    @Test
    void rewritesAnUnfinishedBatchButRefusesAPublishedOne() throws IOException {
        try (FileStationOutput out = new FileStationOutput(inbox, "ST01", Flavour.JSONL)) {
            StationOutput.BatchWriter first = out.openBatch(Entity.VISITS, "b1");
            first.write(visit("V1", "犬"));
            first.write(visit("V2", "犬"));
            first.close(false);
            try (StationOutput.BatchWriter again = out.openBatch(Entity.VISITS, "b1")) {
                assertThat(again.write(visit("V3", "犬"))).isEqualTo(1);
            }
            assertThat(Files.readAllLines(inbox.resolve("ST01/visits/b1.jsonl"))).hasSize(1);
            assertThatThrownBy(() -> out.openBatch(Entity.VISITS, "b1")).isInstanceOf(IOException.class)
                    .hasMessageEndingWith("b1.jsonl: it is already complete (its marker exists)");
        }
    }

    @Test
    void refusesBatchNamesThatAreNotPlainFileNames() throws IOException {
        try (FileStationOutput out = new FileStationOutput(inbox, "ST01", Flavour.JSONL)) {
            assertThatThrownBy(() -> out.openBatch(Entity.VISITS, "../escape"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Cannot use batch name ../escape: it must be a plain file name");
        }
        assertThatThrownBy(() -> new FileStationOutput(inbox, "ST01", Flavour.JDBC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot write station ST01 to files: flavour jdbc is not a file flavour");
        assertThatThrownBy(() -> new FileStationOutput(inbox, "ST01", Flavour.CSV_SJIS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot write station ST01 as csv-sjis: no CsvMapping given");
    }

    @Test
    void writesJsonlKeysInFieldOrderThenPersonalKeys() throws IOException {
        Path file;
        try (FileStationOutput out = new FileStationOutput(inbox, "ST01", Flavour.JSONL);
             StationOutput.BatchWriter batch = out.openBatch(Entity.VISITS, "b1")) {
            assertThat(batch.write(visit("V1", "夜間は犬に注意\n\"玄関\""))).isEqualTo(1);
            assertThat(batch.write(visitTombstone("V2"))).isEqualTo(2);
            file = inbox.resolve("ST01/visits/b1.jsonl");
        }
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(
                "{\"visit_id\":\"V1\",\"unit_id\":\"U000123\",\"officer_id\":\"P00017\","
                        + "\"visited_at\":\"2024-09-13T21:30:00+09:00\",\"outcome\":\"met\",\"card_action\":\"confirmed\","
                        + "\"topics\":[1,3],\"concerns_count\":2,\"dedicated_day\":true,\"night_approval_id\":null,"
                        + "\"updated_at\":\"2024-09-13T22:00:05+09:00\",\"deleted\":false,"
                        + "\"notes\":\"夜間は犬に注意\\n\\\"玄関\\\"\"}\n"
                        + "{\"visit_id\":\"V2\",\"updated_at\":\"2024-09-14T09:00:00+09:00\",\"deleted\":true}\n");
    }

    @Test
    void writesNestedPersonalJsonWithMapKeysInOrder() throws IOException {
        Map<String, Object> personal = new LinkedHashMap<>();
        personal.put("members", List.of(Map.of("name", "鈴木花子", "birth_date", LocalDate.of(1980, 4, 1), "age", 44)));
        personal.put("vehicles", List.of());
        SourceRecord card = new SourceRecord(Entity.CARDS, new Object[] {"C1", "U1", "household", null, null,
                LocalDate.of(2024, 9, 13), null, null, null, null, null, LocalDateTime.of(2024, 9, 13, 9, 0), null},
                personal);
        try (FileStationOutput out = new FileStationOutput(inbox, "ST01", Flavour.JSONL);
             StationOutput.BatchWriter batch = out.openBatch(Entity.CARDS, "b1")) {
            batch.write(card);
        }
        assertThat(Files.readString(inbox.resolve("ST01/cards/b1.jsonl"))).isEqualTo(
                "{\"card_id\":\"C1\",\"unit_id\":\"U1\",\"form\":\"household\",\"language\":null,\"method\":null,"
                        + "\"created_on\":\"2024-09-13\",\"created_by\":null,\"last_corrected_on\":null,\"status\":null,"
                        + "\"archived_on\":null,\"members_count\":null,\"updated_at\":\"2024-09-13T09:00:00+09:00\","
                        + "\"deleted\":null,"
                        + "\"members\":[{\"age\":44,\"birth_date\":\"1980-04-01\",\"name\":\"鈴木花子\"}],\"vehicles\":[]}\n");
    }

    @Test
    void writesRawValuesVerbatimInBothFlavours() throws IOException {
        SourceRecord planted = visit("V1", "x").with("visited_at", new RawValue("2024-13-45"))
                .with("concerns_count", new RawValue("many"));
        try (FileStationOutput j = new FileStationOutput(inbox, "J", Flavour.JSONL);
             FileStationOutput c = new FileStationOutput(inbox, "C", Flavour.CSV_SJIS, plainMapping(), 1L)) {
            try (StationOutput.BatchWriter b = j.openBatch(Entity.VISITS, "b")) {
                b.write(planted);
            }
            try (StationOutput.BatchWriter b = c.openBatch(Entity.VISITS, "b")) {
                b.write(planted);
            }
        }
        assertThat(Files.readString(inbox.resolve("J/visits/b.jsonl")))
                .contains("\"visited_at\":\"2024-13-45\"").contains("\"concerns_count\":\"many\"");
        assertThat(BatchFiles.csvText(inbox.resolve("C/visits/b.csv")))
                .contains(",2024-13-45,面接,確認,1・3,many,");
    }

    @Test
    void writesCsvSjisAsWindows31jWithCrlfAndJapaneseHeaders() throws IOException {
        Path file = inbox.resolve("ST02/visits/b1.csv");
        try (FileStationOutput out = new FileStationOutput(inbox, "ST02", Flavour.CSV_SJIS, plainMapping(), 9L);
             StationOutput.BatchWriter batch = out.openBatch(Entity.VISITS, "b1")) {
            assertThat(batch.write(visit("V1", "夜間は犬に注意, \"玄関\""))).isEqualTo(2);
            assertThat(batch.write(visitTombstone("V2"))).isEqualTo(3);
        }
        String expected = "訪問番号,対象番号,職員番号,訪問日時,結果,カード処理,指導事項,相談件数,専従日,夜間承認番号,更新日時,削除フラグ,備考\r\n"
                + "V1,U000123,P00017,2024/09/13 21:30:00,面接,確認,1・3,2,1,,2024/09/13 22:00:05,0,"
                + "\"夜間は犬に注意, \"\"玄関\"\"\"\r\n"
                + "V2,,,,,,,,,,2024/09/14 09:00:00,1,\r\n";
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).isEqualTo(expected.getBytes(CP932));
        assertThat(new String(bytes, CP932)).isEqualTo(expected);
        // 訪問番号 in Windows-31J is 96 4B 96 E2 94 D4 8D 86, not the UTF-8 bytes.
        assertThat(HexFormat.of().formatHex(bytes, 0, 8)).isEqualTo("964b96e294d48d86");
    }

    @Test
    void refusesCharactersWindows31jCannotCarryAndNamesOnlyTheColumn() throws IOException {
        Path file = inbox.resolve("ST02/visits/b1.csv");
        try (FileStationOutput out = new FileStationOutput(inbox, "ST02", Flavour.CSV_SJIS, plainMapping(), 9L);
             StationOutput.BatchWriter batch = out.openBatch(Entity.VISITS, "b1")) {
            for (String bad : new String[] {"𠮷野家の前", "€5", "〜", "¥100"}) {
                assertThatThrownBy(() -> batch.write(visit("V1", bad)))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("Cannot write visits record to " + file
                                + ": column 備考 has a character that windows-31j cannot carry unchanged")
                        .message().doesNotContain(bad);
            }
            assertThatThrownBy(() -> batch.write(visit("V1", "x").with("unit_id", "U€")))
                    .hasMessageContaining("column 対象番号 has a character");
            assertThatThrownBy(() -> batch.write(visit("V1", "一行目\r\n二行目")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Cannot write visits record to " + file
                            + ": column 備考 holds a line break, which a csv line cannot carry");
            // Nothing of the refused records reached the file: the next record is line 2.
            assertThat(batch.write(visit("V2", "～と－は大丈夫"))).isEqualTo(2);
        }
        assertThat(BatchFiles.csvText(file).lines()).hasSize(2);
    }

    @Test
    void writesRawLinesAsGivenAndCountsThem() throws IOException {
        byte[] utf8 = "V9,東京".getBytes(StandardCharsets.UTF_8);
        try (FileStationOutput out = new FileStationOutput(inbox, "ST02", Flavour.CSV_SJIS, plainMapping(), 9L);
             StationOutput.BatchWriter batch = out.openBatch(Entity.VISITS, "b1")) {
            assertThat(batch.write(visit("V1", "a"))).isEqualTo(2);
            assertThat(batch.writeRawLine(utf8)).isEqualTo(3);
            assertThat(batch.write(visit("V2", "b"))).isEqualTo(4);
        }
        try (FileStationOutput out = new FileStationOutput(inbox, "ST01", Flavour.JSONL);
             StationOutput.BatchWriter batch = out.openBatch(Entity.VISITS, "b1")) {
            assertThat(batch.write(visit("V1", "a"))).isEqualTo(1);
            assertThat(batch.writeRawLine("{\"visit_id\":".getBytes(StandardCharsets.UTF_8))).isEqualTo(2);
            assertThat(batch.write(visit("V2", "b"))).isEqualTo(3);
        }
        byte[] csv = Files.readAllBytes(inbox.resolve("ST02/visits/b1.csv"));
        assertThat(indexOf(csv, concat("\r\n".getBytes(), utf8, "\r\nV2,".getBytes()))).isPositive();
        List<String> jsonl = Files.readAllLines(inbox.resolve("ST01/visits/b1.jsonl"));
        assertThat(jsonl).hasSize(3);
        assertThat(jsonl.get(1)).isEqualTo("{\"visit_id\":");
        assertThat(jsonl.get(2)).startsWith("{\"visit_id\":\"V2\"");
    }

    @Test
    void writesTheSameBytesForTheSameSeedAndOthersForAnother() throws IOException {
        byte[] a = csvBatch("A", 2024L);
        byte[] b = csvBatch("B", 2024L);
        byte[] c = csvBatch("C", 2025L);
        assertThat(a).isEqualTo(b);
        assertThat(c).isNotEqualTo(a);
        String text = new String(a, CP932);
        // 200 rows: timestamps mostly western, sometimes era; two boolean spellings; some full-width.
        assertThat(text).contains("2024/09/13 21:30:00", "令和6年9月13日 21:30:00", ",1,", ",はい,",
                "２０２４/０９/１３ ２１:３０:００");
        assertThat(text.split("2024/09/13 21:30:00", -1).length - 1).isGreaterThan(100);
    }

    private byte[] csvBatch(String station, long seed) throws IOException {
        // The same station code for all; a separate inbox per run.
        Path root = inbox.resolve(station);
        try (FileStationOutput out = new FileStationOutput(root, "ST02", Flavour.CSV_SJIS, CsvMapping.csvSjis(), seed);
             StationOutput.BatchWriter batch = out.openBatch(Entity.VISITS, "20240914T0600")) {
            for (int i = 0; i < 200; i++) {
                batch.write(visit("V" + i, "備考" + i));
            }
        }
        return Files.readAllBytes(root.resolve("ST02/visits/20240914T0600.csv"));
    }

    @Test
    void refusesAWriteAfterClose() throws IOException {
        try (FileStationOutput out = new FileStationOutput(inbox, "ST01", Flavour.JSONL)) {
            StationOutput.BatchWriter batch = out.openBatch(Entity.VISITS, "b1");
            batch.close(true);
            batch.close(true); // a second close changes nothing
            assertThatThrownBy(() -> batch.write(visit("V1", "a"))).isInstanceOf(IllegalStateException.class)
                    .hasMessageEndingWith("b1.jsonl: it is closed");
        }
    }

    @Test
    void refusesRecordsOfAnotherEntityAndUndeclaredPersonalKeys() throws IOException {
        try (FileStationOutput out = new FileStationOutput(inbox, "ST01", Flavour.JSONL);
             StationOutput.BatchWriter batch = out.openBatch(Entity.UNITS, "b1")) {
            assertThatThrownBy(() -> batch.write(visit("V1", "a"))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("Cannot write a visits record to ");
        }
        try (FileStationOutput out = new FileStationOutput(inbox, "ST01", Flavour.JSONL);
             StationOutput.BatchWriter batch = out.openBatch(Entity.VISITS, "b2")) {
            SourceRecord v = visit("V1", "a");
            SourceRecord extra = new SourceRecord(Entity.VISITS, v.values(), Map.of("notes", "a", "birthday", "1990"));
            assertThatThrownBy(() -> batch.write(extra)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Cannot write visits record: personal key birthday is not declared in PersonalFields");
        }
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
