package jp.junkai.source.sim;

import java.util.List;
import java.util.Map;

import jp.junkai.schema.Entity;

/**
 * The personal data a real station system keeps beside the allow-listed fields, and that the
 * simulator therefore sends too: keys of {@link jp.junkai.source.SourceRecord#personal()} in
 * the order file flavours write them, with the Japanese column header used by {@code csv-sjis}.
 * Nothing here may ever reach the lake.
 */
public final class PersonalFields {

    /** A personal field: its {@code jsonl} key / column name and its {@code csv-sjis} header. */
    public record Column(String key, String japaneseHeader) {
    }

    private static final Map<Entity, List<Column>> BY_ENTITY = Map.of(
            Entity.OFFICERS, List.of(new Column("name", "氏名")),
            Entity.UNITS, List.of(new Column("address", "住所"), new Column("occupant_name", "居住者氏名"),
                    new Column("phone", "電話番号")),
            Entity.CARDS, List.of(new Column("members", "世帯員"), new Column("emergency_contact", "緊急連絡先"),
                    new Column("vehicles", "車両"), new Column("notes", "備考")),
            Entity.VISITS, List.of(new Column("notes", "備考")));

    private PersonalFields() {
    }

    /** The personal columns of an entity, in write order; empty when it has none. */
    public static List<Column> of(Entity entity) {
        return BY_ENTITY.getOrDefault(entity, List.of());
    }
}
