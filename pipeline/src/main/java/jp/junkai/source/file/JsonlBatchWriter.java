package jp.junkai.source.file;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;

import jp.junkai.schema.DateForm;
import jp.junkai.schema.Entity;
import jp.junkai.source.RawValue;
import jp.junkai.source.SourceRecord;
import jp.junkai.source.format.JapanTime;
import jp.junkai.source.format.JapaneseDates;
import jp.junkai.source.sim.PersonalFields;

/**
 * Writes one {@code jsonl} batch: UTF-8, one JSON object per {@code \n}-ended line, the
 * allow-listed keys in {@link Entity#fields()} order then the entity's personal keys
 * ({@link PersonalFields}) that the record holds. Dates {@code YYYY-MM-DD}, timestamps with
 * {@code +09:00}, topics an array of numbers, nulls as {@code null}, a {@link RawValue} as a
 * string. A tombstone carries only its key, {@code updated_at} and {@code "deleted": true}.
 * Streams through one Jackson generator; nothing per record but the strings it is given.
 */
final class JsonlBatchWriter extends FileBatchWriter {

    private static final byte[] LF = {'\n'};

    private static final JsonFactory JSON = new JsonFactoryBuilder()
            // Lines are ended by hand; Jackson's default puts a space between root values.
            .rootValueSeparator((String) null)
            // Flushing the generator must only move bytes into our buffer, not to the disk.
            .disable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private final JsonGenerator json;
    private final SerializableString[] fieldNames;
    private final List<PersonalFields.Column> personal;
    private final SerializableString[] personalNames;
    private final int updatedAt;
    private final int deleted;
    private final StringBuilder text = new StringBuilder(40);
    private char[] chars = new char[40];

    JsonlBatchWriter(Path file, Entity entity, Consumer<FileBatchWriter> onClose) throws IOException {
        super(file, entity, onClose);
        this.json = JSON.createGenerator(out);
        this.fieldNames = entity.fields().stream().map(f -> new SerializedString(f.name()))
                .toArray(SerializableString[]::new);
        this.personal = PersonalFields.of(entity);
        this.personalNames = personal.stream().map(c -> new SerializedString(c.key()))
                .toArray(SerializableString[]::new);
        this.updatedAt = entity.index(Entity.UPDATED_AT);
        this.deleted = entity.index(Entity.DELETED);
    }

    @Override
    protected byte[] lineEnd() {
        return LF;
    }

    @Override
    protected void drain() throws IOException {
        json.flush();
    }

    @Override
    public int write(SourceRecord record) throws IOException {
        ensureOpen();
        if (record.entity() != entity) {
            throw new IllegalArgumentException("Cannot write a " + record.entity().code() + " record to " + file);
        }
        PersonalColumns.check(record, personal);
        Object[] values = record.values();
        json.writeStartObject();
        if (record.deleted()) {
            field(0, values[0]);
            field(updatedAt, values[updatedAt]);
            json.writeFieldName(fieldNames[deleted]);
            json.writeBoolean(true);
        } else {
            for (int i = 0; i < values.length; i++) {
                field(i, values[i]);
            }
            Map<String, Object> p = record.personal();
            for (int i = 0; i < personalNames.length; i++) {
                String key = personal.get(i).key();
                if (p.containsKey(key)) {
                    json.writeFieldName(personalNames[i]);
                    personalValue(key, p.get(key));
                }
            }
        }
        json.writeEndObject();
        json.writeRaw('\n');
        return nextLine();
    }

    private void field(int index, Object v) throws IOException {
        json.writeFieldName(fieldNames[index]);
        if (v == null) {
            json.writeNull();
        } else if (v instanceof String s) {
            json.writeString(s);
        } else if (v instanceof LocalDate d) {
            text.setLength(0);
            JapaneseDates.appendDate(text, d, DateForm.ISO, false);
            writeText();
        } else if (v instanceof LocalDateTime t) {
            text.setLength(0);
            JapanTime.appendIso(text, t);
            writeText();
        } else if (v instanceof Integer n) {
            json.writeNumber(n);
        } else if (v instanceof Long n) {
            json.writeNumber(n);
        } else if (v instanceof Boolean b) {
            json.writeBoolean(b);
        } else if (v instanceof int[] topics) {
            json.writeArray(topics, 0, topics.length);
        } else if (v instanceof RawValue raw) {
            json.writeString(raw.text());
        } else {
            throw new IllegalArgumentException("Cannot write " + entity.code() + "." + entity.fields().get(index).name()
                    + ": unsupported value type " + v.getClass().getSimpleName());
        }
    }

    /** Personal values as the station system holds them: nested JSON. */
    private void personalValue(String key, Object v) throws IOException {
        if (v == null) {
            json.writeNull();
        } else if (v instanceof String s) {
            json.writeString(s);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            json.writeNumber(((Number) v).longValue());
        } else if (v instanceof Double || v instanceof Float) {
            json.writeNumber(((Number) v).doubleValue());
        } else if (v instanceof BigDecimal n) {
            json.writeNumber(n);
        } else if (v instanceof BigInteger n) {
            json.writeNumber(n);
        } else if (v instanceof Boolean b) {
            json.writeBoolean(b);
        } else if (v instanceof LocalDate d) {
            json.writeString(d.toString());
        } else if (v instanceof LocalDateTime t) {
            text.setLength(0);
            JapanTime.appendIso(text, t);
            writeText();
        } else if (v instanceof List<?> list) {
            json.writeStartArray();
            for (Object item : list) {
                personalValue(key, item);
            }
            json.writeEndArray();
        } else if (v instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> e : PersonalColumns.sorted(map)) {
                json.writeFieldName(String.valueOf(e.getKey()));
                personalValue(key, e.getValue());
            }
            json.writeEndObject();
        } else {
            throw new IllegalArgumentException("Cannot write personal " + entity.code() + "." + key
                    + ": unsupported value type " + v.getClass().getSimpleName());
        }
    }

    private void writeText() throws IOException {
        int n = text.length();
        if (chars.length < n) {
            chars = new char[n * 2];
        }
        text.getChars(0, n, chars, 0);
        json.writeString(chars, 0, n);
    }
}
