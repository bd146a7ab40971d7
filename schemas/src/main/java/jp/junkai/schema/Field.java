package jp.junkai.schema;

import java.util.List;
import java.util.Objects;

/**
 * One field of an entity that the pipeline is allowed to read.
 *
 * @param name            the {@code jsonl} key, also the lake column name
 * @param type            its value type
 * @param required        a record without it is quarantined as {@code missing_field} (SPEC §6.4)
 * @param values          allowed values of an {@link FieldType#ENUM} field, empty otherwise
 * @param futureChecked   a value beyond one day after the pull is {@code future_date} (SPEC §6.6)
 */
public record Field(String name, FieldType type, boolean required, List<String> values, boolean futureChecked) {

    public Field {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        values = List.copyOf(values);
        if ((type == FieldType.ENUM) != !values.isEmpty()) {
            throw new IllegalArgumentException("Cannot declare field " + name + ": enum values go with ENUM fields only");
        }
    }

    static Field required(String name, FieldType type) {
        return new Field(name, type, true, List.of(), false);
    }

    static Field optional(String name, FieldType type) {
        return new Field(name, type, false, List.of(), false);
    }

    static Field requiredEnum(String name, String... values) {
        return new Field(name, FieldType.ENUM, true, List.of(values), false);
    }

    static Field optionalEnum(String name, String... values) {
        return new Field(name, FieldType.ENUM, false, List.of(values), false);
    }

    /** The same field, checked against the future-date rule. */
    Field checkedForFuture() {
        return new Field(name, type, required, values, true);
    }
}
