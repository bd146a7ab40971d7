package jp.junkai.source.file;

import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import jp.junkai.schema.Entity;
import jp.junkai.schema.Field;
import jp.junkai.schema.ReasonCode;
import jp.junkai.source.RecordChecker;
import jp.junkai.source.format.JapanTime;
import jp.junkai.source.format.JapaneseDates;

/**
 * Reads {@code jsonl} lines: one UTF-8 JSON object per line with the SPEC's English keys
 * (rules and precedence on {@link RecordParser}). JSON types are strict: a code must be a
 * string, a count an integer, a boolean {@code true}/{@code false}, topics an array of integers;
 * {@code "3"} for a count is {@code bad_type}. Dates may be in any form {@link JapaneseDates}
 * knows ({@code YYYY-MM-DD} is the contract); timestamps must carry an offset. A key that
 * appears twice in one object: the later one counts. Streams the tokens with Jackson and
 * skips every key outside the allow-list without converting it.
 */
final class JsonlRecordParser implements RecordParser {

    /** Thread-safe and reusable; parsers built from a byte array need no stream. */
    private static final JsonFactory JSON = new JsonFactory();

    private final RecordChecker checker;
    private final Map<String, Integer> indexByKey = new HashMap<>();

    JsonlRecordParser(Entity entity, LocalDateTime pullTime) {
        this.checker = new RecordChecker(entity, pullTime);
        for (int i = 0; i < entity.fields().size(); i++) {
            indexByKey.put(entity.fields().get(i).name(), i);
        }
    }

    @Override
    public ReadResult parse(byte[] buffer, int offset, int length, long lineNumber) {
        int from = Lines.contentStart(buffer, offset, length, lineNumber);
        if (from < 0) {
            return new ReadResult.Rejected(ReasonCode.BROKEN_LINE, null);
        }
        int end = Lines.dropCarriageReturn(buffer, from, offset + length);
        if (Lines.isBlank(buffer, from, end)) {
            return ReadResult.SKIPPED;
        }
        if (!Utf8.isValid(buffer, from, end - from)) {
            return new ReadResult.Rejected(ReasonCode.WRONG_ENCODING, null);
        }
        checker.start();
        try (JsonParser p = JSON.createParser(buffer, from, end - from)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return broken();
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                Integer index = indexByKey.get(p.currentName());
                JsonToken valueToken = p.nextToken();
                if (index == null) {
                    // Not allow-listed (personal data, noise): skipped unread, whatever its shape.
                    p.skipChildren();
                } else {
                    read(index, valueToken, p);
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                return broken();
            }
        } catch (IOException e) {
            // Jackson's message quotes the input: never pass it on.
            return broken();
        }
        return checker.finish();
    }

    private void read(int index, JsonToken t, JsonParser p) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            checker.value(index, null);
            return;
        }
        Field field = checker.field(index);
        switch (field.type()) {
            case STRING -> {
                if (t == JsonToken.VALUE_STRING) {
                    String s = p.getText();
                    checker.value(index, s.isBlank() ? null : s);
                } else {
                    badType(index, p);
                }
            }
            case ENUM -> {
                if (t == JsonToken.VALUE_STRING) {
                    String s = p.getText();
                    if (s.isBlank()) {
                        checker.value(index, null);
                    } else {
                        int at = field.values().indexOf(s);
                        if (at < 0) {
                            checker.fault(index, ReasonCode.UNKNOWN_ENUM);
                        } else {
                            checker.value(index, field.values().get(at));
                        }
                    }
                } else {
                    badType(index, p);
                }
            }
            case DATE -> {
                if (t == JsonToken.VALUE_STRING) {
                    String s = p.getText();
                    LocalDate d = s.isBlank() ? null : JapaneseDates.parseDate(s);
                    if (d == null && !s.isBlank()) {
                        checker.fault(index, ReasonCode.UNPARSABLE_DATE);
                    } else {
                        checker.value(index, d);
                    }
                } else {
                    badType(index, p);
                }
            }
            case TIMESTAMP -> {
                if (t == JsonToken.VALUE_STRING) {
                    String s = p.getText();
                    LocalDateTime time = s.isBlank() ? null : JapanTime.parseOffset(s);
                    if (time == null && !s.isBlank()) {
                        checker.fault(index, ReasonCode.UNPARSABLE_DATE);
                    } else {
                        checker.value(index, time);
                    }
                } else {
                    badType(index, p);
                }
            }
            case INT -> {
                if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT
                        && p.getIntValue() >= 0) {
                    checker.value(index, p.getIntValue());
                } else {
                    badType(index, p);
                }
            }
            case BOOL -> {
                if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                    checker.value(index, t == JsonToken.VALUE_TRUE);
                } else {
                    badType(index, p);
                }
            }
            case TOPICS -> readTopics(index, t, p);
        }
    }

    private void readTopics(int index, JsonToken t, JsonParser p) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            badType(index, p);
            return;
        }
        int bits = 0;
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
            if (bits >= 0 && e == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
                bits = RecordChecker.addTopic(bits, p.getIntValue());
            } else {
                // Keep consuming to the end of the array so the object stays in step.
                bits = -1;
                p.skipChildren();
            }
        }
        if (bits < 0) {
            checker.fault(index, ReasonCode.BAD_TYPE);
        } else {
            checker.value(index, RecordChecker.topics(bits));
        }
    }

    private void badType(int index, JsonParser p) throws IOException {
        p.skipChildren();
        checker.fault(index, ReasonCode.BAD_TYPE);
    }

    private static ReadResult broken() {
        return new ReadResult.Rejected(ReasonCode.BROKEN_LINE, null);
    }
}
