package jp.junkai.source;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

import jp.junkai.schema.Entity;

/**
 * One record as a station system holds it, before any reading: the allow-listed values in
 * {@link Entity#fields()} order plus the personal data the station system also keeps.
 *
 * <p>Value types: {@code String}, {@code LocalDate}, {@code LocalDateTime} (Japan local time),
 * {@code Integer}, {@code Boolean}, {@code int[]} (topics), or a {@link RawValue} that a writer
 * puts out verbatim (bad input planted by the simulator). Personal values are strings, numbers,
 * lists and maps; each flavour writes them its own way.
 */
public record SourceRecord(Entity entity, Object[] values, Map<String, Object> personal) {

    public SourceRecord {
        Objects.requireNonNull(entity, "entity");
        if (values.length != entity.fields().size()) {
            throw new IllegalArgumentException("Cannot build " + entity.code() + " record: expected "
                    + entity.fields().size() + " values, got " + values.length);
        }
        personal = personal == null ? Map.of() : personal;
    }

    public Object get(String field) {
        return values[entity.index(field)];
    }

    public String key() {
        Object v = values[0];
        return v == null ? null : v.toString();
    }

    public boolean deleted() {
        return Boolean.TRUE.equals(values[entity.index(Entity.DELETED)]);
    }

    /** A copy with one value replaced (the simulator's defects and re-sends). */
    public SourceRecord with(String field, Object value) {
        Object[] copy = values.clone();
        copy[entity.index(field)] = value;
        return new SourceRecord(entity, copy, personal);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourceRecord r && r.entity == entity && Arrays.deepEquals(r.values, values)
                && r.personal.equals(personal);
    }

    @Override
    public int hashCode() {
        return Objects.hash(entity, Arrays.deepHashCode(values), personal);
    }

    @Override
    public String toString() {
        return entity.code() + Arrays.deepToString(values);
    }
}
