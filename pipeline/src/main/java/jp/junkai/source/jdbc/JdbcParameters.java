package jp.junkai.source.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

import jp.junkai.schema.Entity;
import jp.junkai.schema.FieldType;
import jp.junkai.source.RawValue;

/**
 * Sets one statement parameter from a {@link jp.junkai.source.SourceRecord} value, by the type of
 * its column. Only the value types that {@code SourceRecord} documents are accepted; anything
 * else is a programming error and fails loudly rather than being stored as some text.
 */
final class JdbcParameters {

    /**
     * Personal values that are lists or maps are stored as JSON. Map keys are sorted and dates
     * are ISO text, so that the same record always gives the same column text.
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .addModule(new SimpleModule("iso-dates")
                    .addSerializer(LocalDate.class, ToStringSerializer.instance)
                    .addSerializer(LocalDateTime.class, ToStringSerializer.instance)
                    .addSerializer(LocalTime.class, ToStringSerializer.instance)
                    .addSerializer(OffsetDateTime.class, ToStringSerializer.instance)
                    .addSerializer(ZonedDateTime.class, ToStringSerializer.instance))
            .build();

    private JdbcParameters() {
    }

    static void set(PreparedStatement statement, int index, EntityTable.Column column, Object value, Entity entity)
            throws SQLException {
        if (value == null) {
            statement.setNull(index, sqlType(column));
            return;
        }
        if (value instanceof RawValue raw) {
            if (!column.holdsText()) {
                throw new IllegalArgumentException("Cannot write raw value '" + raw.text() + "' to jdbc: column "
                        + entity.code() + "." + column.name() + " is " + column.type()
                        + ", and a typed column holds no text");
            }
            statement.setString(index, raw.text());
            return;
        }
        if (column.personal()) {
            statement.setString(index, personalText(value, entity, column));
            return;
        }
        switch (column.type()) {
            case STRING, ENUM -> statement.setString(index, expect(String.class, value, entity, column));
            case TOPICS -> statement.setString(index, topicsText(expect(int[].class, value, entity, column)));
            // setObject with java.time values: no conversion through the JVM's default time zone.
            case DATE -> statement.setObject(index, expect(LocalDate.class, value, entity, column));
            case TIMESTAMP -> statement.setObject(index, expect(LocalDateTime.class, value, entity, column));
            case INT -> statement.setInt(index, expect(Integer.class, value, entity, column));
            case BOOL -> statement.setBoolean(index, expect(Boolean.class, value, entity, column));
            default -> throw new IllegalStateException("Cannot write " + column.type() + ": unknown field type");
        }
    }

    /** Topics as {@code 1,3}; an empty list is the empty text, which is not the same as null. */
    static String topicsText(int[] topics) {
        return Arrays.stream(topics).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    private static String personalText(Object value, Entity entity, EntityTable.Column column) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number || value instanceof Boolean || value instanceof LocalDate) {
            return value.toString();
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write personal field " + entity.code() + "." + column.name()
                    + " to jdbc: " + value.getClass().getName() + " does not serialise to JSON", e);
        }
    }

    private static <T> T expect(Class<T> type, Object value, Entity entity, EntityTable.Column column) {
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("Cannot write " + value.getClass().getSimpleName() + " to jdbc: column "
                    + entity.code() + "." + column.name() + " (" + column.type() + ") takes "
                    + type.getSimpleName());
        }
        return type.cast(value);
    }

    private static int sqlType(EntityTable.Column column) {
        if (column.personal()) {
            return Types.VARCHAR;
        }
        return switch (column.type()) {
            case STRING, ENUM, TOPICS -> Types.VARCHAR;
            case DATE -> Types.DATE;
            case TIMESTAMP -> Types.TIMESTAMP;
            case INT -> Types.INTEGER;
            case BOOL -> Types.BOOLEAN;
        };
    }
}
