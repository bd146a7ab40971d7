package jp.junkai.source.sim;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import jp.junkai.schema.Entity;
import jp.junkai.schema.Field;
import jp.junkai.schema.FieldType;
import jp.junkai.schema.Flavour;
import jp.junkai.schema.ReasonCode;
import jp.junkai.source.RawValue;
import jp.junkai.source.SourceRecord;

/**
 * Plants bad input into a station's batches ({@code --defects RATE}): one record per planted
 * defect, each with exactly one problem so that its reason code is unambiguous, cycling through
 * every reason code the station's flavour can carry. It also re-sends good records with a newer
 * {@code updated_at}, repeats keys inside a file, and plants tombstones (SPEC §6.1–2).
 *
 * <p>It draws from its own random stream, so the clean world is the same with or without defects.
 */
final class DefectPlanter {

    /** Where planted lines go: the batch being written. */
    interface Target {
        void good(SourceRecord record) throws java.io.IOException;

        void bad(SourceRecord record, String reason) throws java.io.IOException;

        void raw(byte[] bytes, String reason) throws java.io.IOException;
    }

    /** A record with one planted problem. */
    private record Bad(SourceRecord record, ReasonCode reason) {
    }

    /** Raw bytes no writer would produce: broken syntax or the wrong encoding. */
    private record Raw(byte[] bytes, ReasonCode reason) {
    }

    private static final Charset CP932 = Charset.forName("windows-31j");

    private final double rate;
    private final Flavour flavour;
    private final String station;
    private final SplittableRandom rnd;
    private final List<ReasonCode> reasons;
    private int nextReason;
    private long serial;
    private final List<SourceRecord> pendingTombstones = new ArrayList<>();

    private long resends;
    private long tombstones;
    private long staleTombstones;
    private long repeatedKeys;
    private long exactRepeats;

    DefectPlanter(double rate, Flavour flavour, String station, long seed) {
        this.rate = rate;
        this.flavour = flavour;
        this.station = station;
        this.rnd = new SplittableRandom(seed ^ 0x5DEECE66DL ^ station.hashCode() * 31L);
        this.reasons = flavour.isFile()
                ? List.of(ReasonCode.values())
                // typed tables cannot hold broken lines, bad encodings, wrong types, bad dates or null keys
                : List.of(ReasonCode.MISSING_FIELD, ReasonCode.UNKNOWN_ENUM, ReasonCode.FUTURE_DATE,
                        ReasonCode.UNKNOWN_UNIT, ReasonCode.UNKNOWN_OFFICER);
    }

    double rate() {
        return rate;
    }

    boolean active() {
        return rate > 0;
    }

    long resends() {
        return resends;
    }

    long tombstones() {
        return tombstones;
    }

    long staleTombstones() {
        return staleTombstones;
    }

    long exactRepeats() {
        return exactRepeats;
    }

    long repeatedKeys() {
        return repeatedKeys;
    }

    /** At the start of a batch: the tombstones owed for records planted by mistake earlier. */
    void atBatchStart(Entity entity, LocalDate batchDay, Target target) throws java.io.IOException {
        if (!active()) {
            return;
        }
        for (java.util.Iterator<SourceRecord> it = pendingTombstones.iterator(); it.hasNext(); ) {
            SourceRecord t = it.next();
            if (t.entity() == entity) {
                target.good(tombstone(t, batchDay.atTime(22, 55, 1)));
                it.remove();
                tombstones++;
            }
        }
    }

    /** After each good record: maybe a bad record, a re-send, a repeated key, a mistake or a stale tombstone. */
    void afterRecord(SourceRecord r, List<SourceRecord> earlier, Target target)
            throws java.io.IOException {
        if (!active() || r.deleted()) {
            return;
        }
        Entity entity = r.entity();
        if (rnd.nextDouble() < rate) {
            Object bad = bad(entity, r);
            if (bad instanceof Bad b) {
                target.bad(b.record(), b.reason().code());
            } else if (bad instanceof Raw raw) {
                target.raw(raw.bytes(), raw.reason().code());
            }
        }
        if (rnd.nextDouble() < rate && !earlier.isEmpty()) {
            // a good record again with a newer updated_at: one more version
            SourceRecord old = earlier.get(rnd.nextInt(earlier.size()));
            LocalDateTime at = (LocalDateTime) r.get(Entity.UPDATED_AT);
            LocalDateTime was = (LocalDateTime) old.get(Entity.UPDATED_AT);
            if (!old.deleted() && at.isAfter(was)) {
                target.good(old.with(Entity.UPDATED_AT, at));
                resends++;
            }
        }
        double special = rnd.nextDouble();
        if (special < rate / 4) {
            // the same key twice in one file: the later line is the later version (SPEC §6.1)
            LocalDateTime at = (LocalDateTime) r.get(Entity.UPDATED_AT);
            target.good(r.with(Entity.UPDATED_AT, at.plusSeconds(1)));
            repeatedKeys++;
        } else if (special < rate / 2) {
            // a record entered by mistake, deleted in a later batch
            SourceRecord mistake = r.with(entity.key(), r.key() + "-M" + (++serial));
            target.good(mistake);
            pendingTombstones.add(mistake);
        } else if (special < rate * 3 / 4 && flavour.isFile()) {
            // a tombstone older than the record's current version changes nothing (SPEC §6.2)
            LocalDateTime at = (LocalDateTime) r.get(Entity.UPDATED_AT);
            target.good(tombstone(r, at.minusHours(1)));
            staleTombstones++;
        } else if (special < rate) {
            // the very same record again (an export that overlaps the last one): a duplicate
            target.good(r);
            exactRepeats++;
        }
    }

    /** Entities with tombstones still owed at the end of the run. */
    java.util.Set<Entity> entitiesOwingTombstones() {
        java.util.Set<Entity> owing = java.util.EnumSet.noneOf(Entity.class);
        pendingTombstones.forEach(t -> owing.add(t.entity()));
        return owing;
    }

    private int count(int n) {
        double expected = n * rate;
        int whole = (int) expected;
        return whole + (rnd.nextDouble() < expected - whole ? 1 : 0);
    }

    private static SourceRecord tombstone(SourceRecord r, LocalDateTime at) {
        Object[] values = new Object[r.entity().fields().size()];
        values[0] = r.key();
        values[r.entity().index(Entity.UPDATED_AT)] = at;
        values[r.entity().index(Entity.DELETED)] = Boolean.TRUE;
        return new SourceRecord(r.entity(), values, null);
    }

    private ReasonCode nextReasonFor(Entity entity) {
        for (int i = 0; i < reasons.size(); i++) {
            ReasonCode reason = reasons.get((nextReason + i) % reasons.size());
            if (applies(reason, entity)) {
                nextReason = (nextReason + i + 1) % reasons.size();
                return reason;
            }
        }
        return null;
    }

    private static boolean applies(ReasonCode reason, Entity entity) {
        return switch (reason) {
            case UNKNOWN_UNIT, UNKNOWN_OFFICER -> entity == Entity.VISITS;
            case UNKNOWN_ENUM -> entity.fields().stream().anyMatch(f -> f.type() == FieldType.ENUM);
            case BAD_TYPE -> entity.fields().stream().anyMatch(f -> isTyped(f) && !f.name().equals(Entity.DELETED));
            default -> true;
        };
    }

    private static boolean isTyped(Field f) {
        return f.type() == FieldType.INT || f.type() == FieldType.BOOL || f.type() == FieldType.TOPICS;
    }

    private Object bad(Entity entity, SourceRecord base) {
        ReasonCode reason = nextReasonFor(entity);
        if (reason == null) {
            return null;
        }
        String freshKey = base.key() + "-D" + (++serial);
        SourceRecord r = base.with(entity.key(), freshKey);
        boolean csv = flavour == Flavour.CSV_SJIS;
        return switch (reason) {
            case MISSING_KEY -> new Bad(r.with(entity.key(), null), reason);
            case MISSING_FIELD -> new Bad(r.with(pick(entity, f -> f.required() && !isEnvelopeOrKey(entity, f)), null), reason);
            case UNKNOWN_ENUM -> new Bad(r.with(pick(entity, f -> f.type() == FieldType.ENUM && f.required()),
                    new RawValue(csv ? "不明区分" : "unheard_of")), reason);
            case UNPARSABLE_DATE -> {
                boolean hasOwnDate = entity.fields().stream().anyMatch(x -> x.required()
                        && !x.name().equals(Entity.UPDATED_AT) && x.type() == FieldType.DATE);
                Field f = hasOwnDate
                        ? entity.field(pick(entity, x -> x.required() && !x.name().equals(Entity.UPDATED_AT)
                                && x.type() == FieldType.DATE))
                        : entity.field(Entity.UPDATED_AT);
                String text = f.type() == FieldType.TIMESTAMP
                        ? (csv ? "令和6年13月1日 10:00" : "2024-09-13T10:00:00") // jsonl: no offset
                        : (csv ? "令和6年2月30日" : "2024-02-30");
                yield new Bad(r.with(f.name(), new RawValue(text)), reason);
            }
            case BAD_TYPE -> {
                Field f = entity.field(pick(entity, x -> isTyped(x) && !x.name().equals(Entity.DELETED)));
                String text = f.type() == FieldType.BOOL ? (csv ? "たぶん" : "maybe") : (csv ? "多数" : "many");
                yield new Bad(r.with(f.name(), new RawValue(text)), reason);
            }
            case FUTURE_DATE -> {
                Field f = entity.field(pick(entity, x -> x.futureChecked() && x.required()));
                Object future = f.type() == FieldType.TIMESTAMP ? LocalDateTime.of(2099, 1, 1, 10, 0)
                        : LocalDate.of(2099, 1, 1);
                yield new Bad(r.with(f.name(), future), reason);
            }
            case UNKNOWN_UNIT -> new Bad(r.with("unit_id", station + "-U9" + serial), reason);
            case UNKNOWN_OFFICER -> new Bad(r.with("officer_id", station + "-P9X" + serial), reason);
            case BROKEN_LINE -> new Raw(csv
                    ? (freshKey + ",途中で切れた行").getBytes(CP932)
                    : ("{\"" + entity.key() + "\": \"" + freshKey + "\", \"" + entity.fields().get(1).name() + "\": ")
                            .getBytes(StandardCharsets.UTF_8), reason);
            case WRONG_ENCODING -> new Raw(wrongEncoding(entity, freshKey, csv), reason);
        };
    }

    private static boolean isEnvelopeOrKey(Entity entity, Field f) {
        return f.name().equals(entity.key()) || f.name().equals(Entity.UPDATED_AT) || f.name().equals(Entity.DELETED);
    }

    private String pick(Entity entity, java.util.function.Predicate<Field> filter) {
        List<Field> candidates = entity.fields().stream().filter(filter).toList();
        if (candidates.isEmpty()) {
            throw new IllegalStateException("Cannot plant a defect in " + entity.code() + ": no suitable field");
        }
        return candidates.get(rnd.nextInt(candidates.size())).name();
    }

    /**
     * A line in the wrong encoding: for jsonl, Japanese text in CP932 (invalid UTF-8); for csv, a
     * double-byte sequence whose lead byte CP932 leaves unassigned.
     */
    private static byte[] wrongEncoding(Entity entity, String key, boolean csv) {
        if (!csv) {
            return ("{\"" + entity.key() + "\": \"" + key + "\", \"notes\": \"文字化け\"}").getBytes(CP932);
        }
        byte[] head = (key + ",").getBytes(CP932);
        int columns = entity.fields().size() + PersonalFields.of(entity).size();
        byte[] line = new byte[head.length + 2 + columns - 2];
        System.arraycopy(head, 0, line, 0, head.length);
        line[head.length] = (byte) 0x85;
        line[head.length + 1] = (byte) 0x40;
        for (int i = head.length + 2; i < line.length; i++) {
            line[i] = ',';
        }
        return line;
    }

}
