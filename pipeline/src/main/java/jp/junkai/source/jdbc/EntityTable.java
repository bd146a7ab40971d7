package jp.junkai.source.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jp.junkai.schema.Entity;
import jp.junkai.schema.Field;
import jp.junkai.schema.FieldType;
import jp.junkai.source.SourceRecord;
import jp.junkai.source.sim.PersonalFields;

/**
 * The table of one entity in a station's schema: its columns, its DDL and the two statements
 * that write it. Columns are the entity's fields in {@link Entity#fields()} order (the key is the
 * primary key, {@code deleted} defaults to false), then one text column per personal field.
 */
final class EntityTable {

    /** One column: an entity field of its {@code type}, or a personal field ({@code type} null, text). */
    record Column(String name, FieldType type) {

        boolean personal() {
            return type == null;
        }

        /** Whether a {@link jp.junkai.source.RawValue} can be stored as it is. */
        boolean holdsText() {
            return type == null || type == FieldType.STRING || type == FieldType.ENUM || type == FieldType.TOPICS;
        }
    }

    private final SqlDialect dialect;
    private final String table;
    private final Entity entity;
    private final List<Column> columns;
    private final int personalStart;
    private final Set<String> personalNames;
    private final int updatedAtIndex;

    EntityTable(SqlDialect dialect, String tablePrefix, Entity entity) {
        this.dialect = dialect;
        this.table = tablePrefix + entity.code();
        this.entity = entity;
        List<Column> all = new ArrayList<>();
        for (Field f : entity.fields()) {
            all.add(new Column(f.name(), f.type()));
        }
        personalStart = all.size();
        for (PersonalFields.Column p : PersonalFields.of(entity)) {
            if (entity.hasField(p.key())) {
                throw new IllegalStateException("Cannot lay out table " + entity.code() + ": personal field "
                        + p.key() + " has the name of an allow-listed field");
            }
            all.add(new Column(p.key(), null));
        }
        columns = Collections.unmodifiableList(all);
        personalNames = all.subList(personalStart, all.size()).stream().map(Column::name)
                .collect(Collectors.toUnmodifiableSet());
        updatedAtIndex = entity.index(Entity.UPDATED_AT);
    }

    Entity entity() {
        return entity;
    }

    List<Column> columns() {
        return columns;
    }

    String qualifiedName() {
        return dialect.quote(table);
    }

    /** The statements that create the table and its pull index, each a no-op when it exists. */
    List<String> createStatements() {
        StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(qualifiedName()).append(" (");
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            ddl.append(i == 0 ? "" : ", ").append(dialect.quote(c.name())).append(' ');
            if (i == 0) {
                ddl.append(dialect.keyType()).append(" NOT NULL PRIMARY KEY");
            } else if (c.personal()) {
                ddl.append(dialect.textType());
            } else if (c.name().equals(Entity.DELETED)) {
                ddl.append(dialect.columnType(FieldType.BOOL)).append(" NOT NULL DEFAULT FALSE");
            } else {
                // No NOT NULL on attributes: a station system does hold records with required fields
                // missing, and the pipeline must see them to quarantine them.
                ddl.append(dialect.columnType(c.type()));
            }
        }
        ddl.append(")").append(dialect.tableOptions());
        // Incremental pulls read "updated_at > last seen, ordered by (updated_at, key)".
        String index = dialect.createIndex(null, table, table + "_pull",
                List.of(Entity.UPDATED_AT, entity.key()));
        return List.of(ddl.toString(), index);
    }

    /** Inserts a whole row, or replaces every column of the row with the same key. */
    String upsertSql() {
        List<String> names = columns.stream().map(Column::name).toList();
        return dialect.upsert(null, table, names, entity.key(), names.subList(1, names.size()));
    }

    /** Marks a row deleted with the tombstone's {@code updated_at}, keeping its other columns. */
    String tombstoneSql() {
        List<String> names = List.of(entity.key(), Entity.UPDATED_AT, Entity.DELETED);
        return dialect.upsert(null, table, names, entity.key(), names.subList(1, names.size()));
    }

    /** Sets the parameters of {@link #upsertSql()} from a live record (one that is not a tombstone). */
    void bindUpsert(PreparedStatement statement, SourceRecord record) throws SQLException {
        Object[] values = record.values();
        for (int i = 0; i < personalStart; i++) {
            Column c = columns.get(i);
            // A re-sent record brings a deleted row back: the station system holds it again.
            Object value = c.name().equals(Entity.DELETED) ? Boolean.FALSE : values[i];
            JdbcParameters.set(statement, i + 1, c, value, entity);
        }
        Map<String, Object> personal = record.personal();
        for (String key : personal.keySet()) {
            if (!personalNames.contains(key)) {
                throw new IllegalArgumentException("Cannot write " + entity.code() + " record " + record.key()
                        + " to jdbc: personal field " + key + " has no column (see PersonalFields)");
            }
        }
        for (int i = personalStart; i < columns.size(); i++) {
            Column c = columns.get(i);
            JdbcParameters.set(statement, i + 1, c, personal.get(c.name()), entity);
        }
    }

    /** Sets the parameters of {@link #tombstoneSql()}. */
    void bindTombstone(PreparedStatement statement, SourceRecord record) throws SQLException {
        JdbcParameters.set(statement, 1, columns.get(0), record.values()[0], entity);
        JdbcParameters.set(statement, 2, columns.get(updatedAtIndex), record.values()[updatedAtIndex], entity);
        statement.setBoolean(3, true);
    }
}
