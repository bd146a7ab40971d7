package jp.junkai.source;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Objects;

import jp.junkai.schema.Entity;
import jp.junkai.schema.Field;
import jp.junkai.schema.FieldType;
import jp.junkai.schema.ReasonCode;
import jp.junkai.source.file.ReadResult;

/**
 * The flavour-independent half of the read boundary: collects the typed value or the fault of
 * each allow-listed field of one line (or one table row), then applies tombstones, the reason
 * precedence, the required-field and future-date rules and the defaults (documented on
 * {@link jp.junkai.source.file.RecordParser}). Used by the file parsers and by the {@code jdbc}
 * pull alike, so that every flavour follows the same rules. Reused record after record by one
 * reader: one instance per thread.
 */
public final class RecordChecker {

    /** {@code language} when absent (SPEC §6.4). */
    public static final String DEFAULT_LANGUAGE = "ja";
    private static final int[] NO_TOPICS = new int[0];

    private final Field[] fields;
    private final int updatedAt;
    private final int deleted;
    private final LocalDateTime timeLimit;
    private final LocalDate dateLimit;
    private final ReasonCode[] faults;
    private Object[] values;

    public RecordChecker(Entity entity, LocalDateTime pullTime) {
        this.fields = entity.fields().toArray(new Field[0]);
        this.updatedAt = entity.index(Entity.UPDATED_AT);
        this.deleted = entity.index(Entity.DELETED);
        // SPEC §6.6: one day of clock skew is tolerated.
        this.timeLimit = Objects.requireNonNull(pullTime, "pullTime").plusDays(1);
        this.dateLimit = timeLimit.toLocalDate();
        this.faults = new ReasonCode[fields.length];
        start();
    }

    public Field field(int index) {
        return fields[index];
    }

    /** Begins a new line: every field absent. */
    public void start() {
        values = new Object[fields.length];
        Arrays.fill(faults, null);
    }

    /** The field holds a good value; null means absent. A later call for the same field wins. */
    public void value(int index, Object value) {
        values[index] = value;
        faults[index] = null;
    }

    /** The field is present but faulty. */
    public void fault(int index, ReasonCode reason) {
        values[index] = null;
        faults[index] = reason;
    }

    /** Decides the line's result from what was collected since {@link #start()}. */
    public ReadResult finish() {
        if (values[0] == null && faults[0] == null) {
            return new ReadResult.Rejected(ReasonCode.MISSING_KEY, fields[0].name());
        }
        boolean tombstone = Boolean.TRUE.equals(values[deleted]);
        ReadResult rejected = tombstone ? checkTombstone() : checkRecord();
        if (rejected != null) {
            return rejected;
        }
        if (tombstone) {
            Object[] kept = new Object[fields.length];
            kept[0] = values[0];
            kept[updatedAt] = values[updatedAt];
            kept[deleted] = Boolean.TRUE;
            return new ReadResult.Parsed(kept);
        }
        applyDefaults();
        return new ReadResult.Parsed(values);
    }

    private ReadResult checkTombstone() {
        int[] looked = {0, updatedAt, deleted};
        for (int i : looked) {
            if (faults[i] != null) {
                return reject(faults[i], i);
            }
        }
        if (values[updatedAt] == null) {
            return reject(ReasonCode.MISSING_FIELD, updatedAt);
        }
        return isFuture(updatedAt) ? reject(ReasonCode.FUTURE_DATE, updatedAt) : null;
    }

    private ReadResult checkRecord() {
        for (int i = 0; i < fields.length; i++) {
            if (faults[i] != null) {
                return reject(faults[i], i);
            }
        }
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].required() && values[i] == null) {
                return reject(ReasonCode.MISSING_FIELD, i);
            }
        }
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].futureChecked() && isFuture(i)) {
                return reject(ReasonCode.FUTURE_DATE, i);
            }
        }
        return null;
    }

    private boolean isFuture(int i) {
        Object v = values[i];
        if (v instanceof LocalDateTime t) {
            return t.isAfter(timeLimit);
        }
        return v instanceof LocalDate d && d.isAfter(dateLimit);
    }

    private void applyDefaults() {
        for (int i = 0; i < fields.length; i++) {
            if (values[i] != null) {
                continue;
            }
            Field f = fields[i];
            if (f.type() == FieldType.INT) {
                values[i] = 0;
            } else if (f.type() == FieldType.BOOL) {
                values[i] = Boolean.FALSE;
            } else if (f.type() == FieldType.TOPICS) {
                values[i] = NO_TOPICS;
            } else if (f.name().equals("language")) {
                values[i] = DEFAULT_LANGUAGE;
            }
        }
    }

    private ReadResult reject(ReasonCode reason, int index) {
        return new ReadResult.Rejected(reason, fields[index].name());
    }

    /** Topic numbers 1–5 as a bit set (bit n = topic n) to sorted, duplicate-free numbers. */
    public static int[] topics(int bits) {
        int[] out = new int[Integer.bitCount(bits)];
        int k = 0;
        for (int t = 1; t <= 5; t++) {
            if ((bits & (1 << t)) != 0) {
                out[k++] = t;
            }
        }
        return out;
    }

    /** The topic bit set with topic {@code n} added, or -1 when {@code n} is not a topic number. */
    public static int addTopic(int bits, long n) {
        return n >= 1 && n <= 5 ? bits | (1 << n) : -1;
    }
}
