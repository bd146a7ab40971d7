package jp.junkai.source.file;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jp.junkai.schema.Entity;
import jp.junkai.schema.FieldType;
import jp.junkai.source.SourceRecord;

/**
 * Hand-written station records of every entity, each with the exact values a reader must give
 * back: realistic codes, Japanese text, nulls, defaults, tombstones and personal data.
 */
final class Samples {

    /** A record to write and the allow-listed values expected back from reading it. */
    record Sample(SourceRecord record, Object[] expected) {
    }

    /** Personal texts planted below; none of them may ever come back from a reader. */
    static final List<String> PERSONAL_TEXTS = List.of("山田太郎", "東京都千代田区霞が関2-1-1", "090-1234-5678",
            "鈴木花子", "1980-04-01", "品川500あ1234", "夜間は犬に注意", "高橋一郎", "佐藤", "03-3581-4321");

    private static final LocalDateTime T1 = LocalDateTime.of(2024, 9, 13, 22, 15, 30);
    private static final LocalDateTime T2 = LocalDateTime.of(2024, 9, 14, 8, 0, 0);
    private static final LocalDate D1 = LocalDate.of(2024, 9, 13);

    private Samples() {
    }

    static List<Sample> of(Entity entity) {
        return switch (entity) {
            case BEATS -> List.of(
                    same(entity, "B0101", "ST01", "K01", "駅前交番", "residential", T1, false),
                    sample(rec(entity, "B0102", "ST01", "K01", null, "rural", T2, null),
                            "B0102", "ST01", "K01", null, "rural", T2, false),
                    tombstone(entity, "B0103", T2));
            case OFFICERS -> List.of(
                    sample(rec(entity, "P00017", "ST01", "K01", "community", T1, false, "name", "山田太郎"),
                            "P00017", "ST01", "K01", "community", T1, false),
                    sample(rec(entity, "P00018", "ST01", null, "other", T2, null, "name", "鈴木花子"),
                            "P00018", "ST01", null, "other", T2, false),
                    tombstone(entity, "P00019", T1));
            case ASSIGNMENTS -> List.of(
                    same(entity, "A1", "P00017", "B0101", "primary", LocalDate.of(2019, 4, 30),
                            LocalDate.of(2019, 5, 1), T1, false),
                    same(entity, "A2", "P00018", "B0101", "support", LocalDate.of(1989, 1, 8), null, T2, false),
                    tombstone(entity, "A3", T1));
            case UNITS -> List.of(
                    sample(rec(entity, "U000123", "B0101", "household", "apartment", LocalDate.of(2019, 5, 1),
                                    null, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31), "長期入院", true, false,
                                    T1, false,
                                    "address", "東京都千代田区霞が関2-1-1", "occupant_name", "高橋一郎",
                                    "phone", "090-1234-5678"),
                            "U000123", "B0101", "household", "apartment", LocalDate.of(2019, 5, 1), null,
                            LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31), "長期入院", true, false, T1, false),
                    sample(rec(entity, "U000124", "B0102", "business", null, LocalDate.of(1989, 1, 7),
                                    LocalDate.of(2030, 3, 31), null, null, null, null, null, T2, false,
                                    "address", "東京都港区1-1"),
                            "U000124", "B0102", "business", null, LocalDate.of(1989, 1, 7), LocalDate.of(2030, 3, 31),
                            null, null, null, false, false, T2, false),
                    tombstone(entity, "U000125", T2));
            case CARDS -> List.of(
                    sample(rec(entity, "C77", "U000123", "household", "vi", "resident", D1, "P00017",
                                    LocalDate.of(2024, 9, 1), "active", null, 3, T1, false,
                                    "members", List.of(member("鈴木花子", "1980-04-01"), member("佐藤", "2001-12-24")),
                                    "emergency_contact", map("name", "高橋一郎", "phone", "03-3581-4321"),
                                    "vehicles", List.of("品川500あ1234"),
                                    "notes", "夜間は犬に注意, \"要配慮\""),
                            "C77", "U000123", "household", "vi", "resident", D1, "P00017", LocalDate.of(2024, 9, 1),
                            "active", null, 3, T1, false),
                    sample(rec(entity, "C78", "U000124", "business", null, null, D1, null, null, "archived",
                                    LocalDate.of(2024, 9, 14), null, T2, false),
                            "C78", "U000124", "business", "ja", null, D1, null, null, "archived",
                            LocalDate.of(2024, 9, 14), 0, T2, false),
                    tombstone(entity, "C79", T2));
            case CARD_CHANGES -> List.of(
                    same(entity, "CH1", "C77", "U000123", D1, "member_added", T1, false),
                    same(entity, "CH2", "C77", "U000123", D1, "contact_changed", T2, false),
                    tombstone(entity, "CH3", T1));
            case VISITS -> List.of(
                    sample(rec(entity, "V9001", "U000123", "P00017", LocalDateTime.of(2024, 9, 13, 21, 30, 0), "met",
                                    "confirmed", new int[] {1, 3, 5}, 2, true, "NA12", T1, false,
                                    "notes", "夜間は犬に注意"),
                            "V9001", "U000123", "P00017", LocalDateTime.of(2024, 9, 13, 21, 30, 0), "met",
                            "confirmed", new int[] {1, 3, 5}, 2, true, "NA12", T1, false),
                    sample(rec(entity, "V9002", "U000124", "P00018", LocalDateTime.of(2019, 4, 30, 23, 59, 59),
                                    "absent", "none", null, null, null, null, T2, false),
                            "V9002", "U000124", "P00018", LocalDateTime.of(2019, 4, 30, 23, 59, 59), "absent",
                            "none", new int[0], 0, false, null, T2, false),
                    same(entity, "V9003", "U000124", "P00018", LocalDateTime.of(2024, 1, 5, 0, 0, 0), "refused",
                            "created", new int[] {2}, 0, false, null, T2, false),
                    tombstone(entity, "V9004", T2));
            case NIGHT_APPROVALS -> List.of(
                    same(entity, "NA12", "P00017", "P00001", D1, T1, false),
                    sample(rec(entity, "NA13", "P00018", null, D1, T1, null),
                            "NA13", "P00018", null, D1, T1, false),
                    tombstone(entity, "NA14", T1));
            case INSPECTIONS -> List.of(
                    same(entity, "IN5", "K01", D1, "P00001", 120, 4, T1, false),
                    sample(rec(entity, "IN6", "K01", D1, null, null, null, T2, false),
                            "IN6", "K01", D1, null, 0, 0, T2, false),
                    tombstone(entity, "IN7", T2));
        };
    }

    /** A record whose values come back unchanged. */
    private static Sample same(Entity entity, Object... values) {
        return new Sample(new SourceRecord(entity, values, Map.of()), values.clone());
    }

    private static Sample sample(SourceRecord record, Object... expected) {
        return new Sample(record, expected);
    }

    /** A tombstone that, like a real station system, still carries stale attributes and personal data. */
    private static Sample tombstone(Entity entity, String key, LocalDateTime updatedAt) {
        Object[] values = new Object[entity.fields().size()];
        values[0] = key;
        for (int i = 1; i < values.length; i++) {
            if (entity.fields().get(i).type() == FieldType.STRING) {
                values[i] = "古い値";
            }
        }
        values[entity.index(Entity.UPDATED_AT)] = updatedAt;
        values[entity.index(Entity.DELETED)] = true;
        Map<String, Object> personal = entity == Entity.OFFICERS ? Map.of("name", "佐藤") : Map.of();
        Object[] expected = new Object[values.length];
        expected[0] = key;
        expected[entity.index(Entity.UPDATED_AT)] = updatedAt;
        expected[entity.index(Entity.DELETED)] = true;
        return new Sample(new SourceRecord(entity, values, personal), expected);
    }

    /** Values in field order, then personal key/value pairs. */
    private static SourceRecord rec(Entity entity, Object... valuesThenPersonal) {
        int n = entity.fields().size();
        Object[] values = Arrays.copyOf(valuesThenPersonal, n);
        Map<String, Object> personal = new LinkedHashMap<>();
        for (int i = n; i < valuesThenPersonal.length; i += 2) {
            personal.put((String) valuesThenPersonal[i], valuesThenPersonal[i + 1]);
        }
        return new SourceRecord(entity, values, personal);
    }

    private static Map<String, Object> member(String name, String birth) {
        return map("name", name, "birth_date", birth);
    }

    private static Map<String, Object> map(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }
}
