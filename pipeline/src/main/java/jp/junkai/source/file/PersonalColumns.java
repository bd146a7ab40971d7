package jp.junkai.source.file;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jp.junkai.source.SourceRecord;
import jp.junkai.source.sim.PersonalFields;

/**
 * The personal data a simulated station writes beside the allow-listed fields: which keys a
 * record may hold, a stable order for nested maps (so output is byte-deterministic whatever map
 * the simulator used), and the one-string-per-column form of {@code csv-sjis}.
 */
final class PersonalColumns {

    /** Joins list items in a csv cell. */
    static final String LIST_SEPARATOR = "／";
    /** Joins the {@code key:value} pairs of a map in a csv cell. */
    static final String PAIR_SEPARATOR = "、";

    private PersonalColumns() {
    }

    /** Refuses personal keys the entity does not declare: they would be written nowhere, silently. */
    static void check(SourceRecord record, List<PersonalFields.Column> columns) {
        Map<String, Object> personal = record.personal();
        if (personal.isEmpty()) {
            return;
        }
        int known = 0;
        for (PersonalFields.Column c : columns) {
            if (personal.containsKey(c.key())) {
                known++;
            }
        }
        if (known == personal.size()) {
            return;
        }
        for (String key : personal.keySet()) {
            if (columns.stream().noneMatch(c -> c.key().equals(key))) {
                throw new IllegalArgumentException("Cannot write " + record.entity().code() + " record: personal key "
                        + key + " is not declared in PersonalFields");
            }
        }
    }

    /** A map's entries ordered by key text. */
    static List<Map.Entry<?, ?>> sorted(Map<?, ?> map) {
        List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
        entries.sort((a, b) -> String.valueOf(a.getKey()).compareTo(String.valueOf(b.getKey())));
        return entries;
    }

    /** Appends a personal value as one cell's text: lists joined by {@value #LIST_SEPARATOR}, maps as {@code key:value} pairs. */
    static void flatten(StringBuilder sb, Object v) {
        if (v == null) {
            return;
        }
        if (v instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(LIST_SEPARATOR);
                }
                flatten(sb, list.get(i));
            }
        } else if (v instanceof Map<?, ?> map) {
            boolean first = true;
            for (Map.Entry<?, ?> e : sorted(map)) {
                if (!first) {
                    sb.append(PAIR_SEPARATOR);
                }
                first = false;
                sb.append(e.getKey()).append(':');
                flatten(sb, e.getValue());
            }
        } else if (v instanceof LocalDate || v instanceof LocalDateTime) {
            sb.append(v);
        } else if (v instanceof String || v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else {
            throw new IllegalArgumentException("Cannot flatten a personal value of type " + v.getClass().getSimpleName());
        }
    }
}
