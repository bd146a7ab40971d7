package jp.junkai.source.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import jp.junkai.schema.CsvMapping;
import jp.junkai.schema.DateForm;
import jp.junkai.schema.Entity;
import jp.junkai.source.RawValue;
import jp.junkai.source.SourceRecord;
import jp.junkai.source.format.FullWidth;
import jp.junkai.source.format.JapaneseDates;
import jp.junkai.source.sim.PersonalFields;

/**
 * Writes one csv batch as its {@link CsvMapping} describes it ({@code csv-sjis}: Windows-31J,
 * CRLF). Line 1 is the header: the mapped fields' Japanese headers in {@link Entity#fields()}
 * order, then the personal columns' ({@link PersonalFields}). Enum values in their Japanese
 * spelling (a value the mapping does not know is written as given, to be {@code unknown_enum}
 * on read); dates, timestamps and booleans in forms chosen per row from a random stream seeded
 * by (seed, station, entity, batch), some rows with full-width digits; topics joined by the
 * mapping's separator; personal values flattened to one cell each. A tombstone row fills only
 * key, {@code updated_at} and {@code deleted}.
 *
 * <p>A value with a line break, or with a character the encoding cannot carry unchanged, is
 * refused with an exception naming the column, never the value; nothing of that record is written.
 */
final class CsvBatchWriter extends FileBatchWriter {

    private final CsvMapping mapping;
    private final CsvMapping.EntityMapping columns;
    private final List<PersonalFields.Column> personal;
    private final String[] headers;
    private final byte[] lineEnd;
    private final StrictEncoder encoder;
    private final SplittableRandom random;
    private final DateForm[] forms;
    private final DateForm[] timestampForms;
    private final int updatedAt;
    private final int deleted;
    private final StringBuilder line = new StringBuilder(512);
    private final StringBuilder cell = new StringBuilder(128);
    /** Where each cell starts in {@link #line}, to name the column of an unencodable character. */
    private final int[] cellStarts;

    CsvBatchWriter(Path file, Entity entity, CsvMapping mapping, long seed, String station, String batch,
            Consumer<FileBatchWriter> onClose) throws IOException {
        super(file, entity, onClose);
        this.mapping = mapping;
        this.columns = mapping.entity(entity);
        this.personal = PersonalFields.of(entity);
        int fieldCount = entity.fields().size();
        this.headers = new String[fieldCount + personal.size()];
        for (int i = 0; i < fieldCount; i++) {
            headers[i] = columns.header(i);
        }
        for (int i = 0; i < personal.size(); i++) {
            headers[fieldCount + i] = personal.get(i).japaneseHeader();
        }
        this.lineEnd = mapping.lineEnd().getBytes(StandardCharsets.US_ASCII);
        this.encoder = new StrictEncoder(mapping.encoding());
        this.random = new SplittableRandom(mix(seed, station, entity.code(), batch));
        this.forms = mapping.dateForms().toArray(new DateForm[0]);
        this.timestampForms = mapping.timestampForms().toArray(new DateForm[0]);
        this.updatedAt = entity.index(Entity.UPDATED_AT);
        this.deleted = entity.index(Entity.DELETED);
        this.cellStarts = new int[headers.length];
        try {
            writeHeader();
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
    }

    @Override
    protected byte[] lineEnd() {
        return lineEnd;
    }

    @Override
    public int write(SourceRecord record) throws IOException {
        ensureOpen();
        if (record.entity() != entity) {
            throw new IllegalArgumentException("Cannot write a " + record.entity().code() + " record to " + file);
        }
        PersonalColumns.check(record, personal);
        // Drawn for every row, tombstones included, so one row's content never shifts another's style.
        DateForm form = forms[random.nextInt(forms.length)];
        DateForm timestampForm = timestampForms[random.nextInt(timestampForms.length)];
        boolean fullWidth = random.nextDouble() < mapping.fullWidthShare();
        int spelling = random.nextInt(mapping.trueValues().size());

        boolean tombstone = record.deleted();
        Object[] values = record.values();
        line.setLength(0);
        for (int i = 0; i < values.length; i++) {
            startCell(i);
            if (!tombstone || i == 0 || i == updatedAt || i == deleted) {
                value(i, values[i], form, timestampForm, fullWidth, spelling);
            }
        }
        Map<String, Object> p = record.personal();
        for (int i = 0; i < personal.size(); i++) {
            startCell(values.length + i);
            if (!tombstone) {
                cell.setLength(0);
                PersonalColumns.flatten(cell, p.get(personal.get(i).key()));
                text(values.length + i, cell);
            }
        }
        emitLine();
        return nextLine();
    }

    private void writeHeader() throws IOException {
        line.setLength(0);
        for (int i = 0; i < headers.length; i++) {
            startCell(i);
            text(i, headers[i]);
        }
        emitLine();
        nextLine();
    }

    private void startCell(int column) {
        if (column > 0) {
            line.append(',');
        }
        cellStarts[column] = line.length();
    }

    private void value(int index, Object v, DateForm form, DateForm timestampForm, boolean fullWidth, int spelling) {
        if (v == null) {
            return;
        }
        int start = line.length();
        if (v instanceof String s) {
            String japanese = columns.japanese(index, s);
            text(index, japanese != null ? japanese : s);
        } else if (v instanceof LocalDate d) {
            JapaneseDates.appendDate(line, d, writable(form, d), fullWidth);
        } else if (v instanceof LocalDateTime t) {
            JapaneseDates.appendDateTime(line, t, writable(timestampForm, t.toLocalDate()), fullWidth);
        } else if (v instanceof Integer || v instanceof Long) {
            line.append(((Number) v).longValue());
            if (fullWidth) {
                FullWidth.digits(line, start);
            }
        } else if (v instanceof Boolean b) {
            line.append(b ? mapping.trueValues().get(spelling) : mapping.falseValues().get(spelling));
        } else if (v instanceof int[] topics) {
            for (int k = 0; k < topics.length; k++) {
                if (k > 0) {
                    line.append(mapping.topicSeparator());
                }
                line.append(topics[k]);
            }
            if (fullWidth) {
                FullWidth.digits(line, start);
            }
        } else if (v instanceof RawValue raw) {
            text(index, raw.text());
        } else {
            throw new IllegalArgumentException("Cannot write " + entity.code() + "." + entity.fields().get(index).name()
                    + ": unsupported value type " + v.getClass().getSimpleName());
        }
    }

    /** Era forms cannot spell dates before 昭和; such a row falls back to the western form. */
    private static DateForm writable(DateForm form, LocalDate d) {
        return form == DateForm.ERA_KANJI || form == DateForm.ERA_INITIAL ? (JapaneseDates.hasEra(d) ? form
                : DateForm.WESTERN) : form;
    }

    private void text(int column, CharSequence value) {
        if (!CsvLine.appendCell(line, value.toString())) {
            throw new IllegalArgumentException("Cannot write " + entity.code() + " record to " + file + ": column "
                    + headers[column] + " holds a line break, which a csv line cannot carry");
        }
    }

    private void emitLine() throws IOException {
        int bad = encoder.encode(line);
        if (bad >= 0) {
            int column = 0;
            while (column + 1 < cellStarts.length && cellStarts[column + 1] <= bad) {
                column++;
            }
            throw new IllegalArgumentException("Cannot write " + entity.code() + " record to " + file + ": column "
                    + headers[column] + " has a character that " + mapping.encoding().name()
                    + " cannot carry unchanged");
        }
        out.write(encoder.bytes(), 0, encoder.length());
        out.write(lineEnd);
    }

    /** One 64-bit seed from the run's seed and the batch's identity (FNV-1a over the names). */
    private static long mix(long seed, String station, String entity, String batch) {
        long h = 0xcbf29ce484222325L ^ seed;
        for (String s : new String[] {station, entity, batch}) {
            for (int i = 0; i < s.length(); i++) {
                h = (h ^ s.charAt(i)) * 0x100000001b3L;
            }
            h = (h ^ 0xFF) * 0x100000001b3L; // separator: ("ab","c") differs from ("a","bc")
        }
        return h;
    }
}
