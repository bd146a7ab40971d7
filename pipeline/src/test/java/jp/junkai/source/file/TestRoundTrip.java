package jp.junkai.source.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import jp.junkai.schema.CsvMapping;
import jp.junkai.schema.Entity;
import jp.junkai.schema.Flavour;
import jp.junkai.source.StationOutput;

/** Write → read for every entity in both file flavours gives back exactly the allow-listed values. */
class TestRoundTrip {

    @TempDir
    Path inbox;

    @ParameterizedTest
    @EnumSource(Entity.class)
    void jsonlGivesBackTheAllowListedValuesAndNothingPersonal(Entity entity) throws IOException {
        Path file = write(new FileStationOutput(inbox, "ST01", Flavour.JSONL), "ST01", Flavour.JSONL, entity);
        assertSent(BatchFiles.utf8Text(file), entity);
        assertRoundTrip(entity, BatchFiles.read(file, entity, Flavour.JSONL, null, BatchFiles.LATE_PULL));
    }

    @ParameterizedTest
    @EnumSource(Entity.class)
    void csvSjisGivesBackTheAllowListedValuesAndNothingPersonal(Entity entity) throws IOException {
        CsvMapping mapping = CsvMapping.csvSjis();
        Path file = write(new FileStationOutput(inbox, "ST02", Flavour.CSV_SJIS, mapping, 42L), "ST02", Flavour.CSV_SJIS,
                entity);
        assertSent(BatchFiles.csvText(file), entity);
        assertRoundTrip(entity, BatchFiles.read(file, entity, Flavour.CSV_SJIS, mapping, BatchFiles.LATE_PULL));
    }

    /** Every date form, full-width digits in every row, the other boolean spelling: still the same values. */
    @ParameterizedTest
    @EnumSource(Entity.class)
    void csvSjisRoundTripsInEveryStyle(Entity entity) throws IOException {
        String[] variants = {
                "forms: [era-kanji]", "forms: [era-initial]", "forms: [western]", "forms: [iso]"};
        for (String forms : variants) {
            for (String share : new String[] {"fullWidthShare: 0.0", "fullWidthShare: 1.0"}) {
                CsvMapping mapping = variant(
                        "forms: [western, era-kanji, era-initial]", forms,
                        "timestampForms: [western, western, western, era-kanji]",
                        forms.replace("forms:", "timestampForms:"),
                        "fullWidthShare: 0.05", share,
                        "trueValues: [\"1\", \"はい\"]", "trueValues: [\"はい\", \"1\"]",
                        "falseValues: [\"0\", \"いいえ\"]", "falseValues: [\"いいえ\", \"0\"]");
                String station = "S" + Math.abs((forms + share).hashCode());
                Path file = write(new FileStationOutput(inbox, station, Flavour.CSV_SJIS, mapping, 7L), station,
                        Flavour.CSV_SJIS, entity);
                assertRoundTrip(entity, BatchFiles.read(file, entity, Flavour.CSV_SJIS, mapping, BatchFiles.LATE_PULL));
            }
        }
    }

    private static final String BATCH = "20240914T0000";

    /** Writes the entity's samples as one complete batch; returns the data file. */
    private Path write(FileStationOutput out, String station, Flavour flavour, Entity entity) throws IOException {
        try (out; StationOutput.BatchWriter batch = out.openBatch(entity, BATCH)) {
            for (Samples.Sample s : Samples.of(entity)) {
                batch.write(s.record());
            }
        }
        return FileStationOutput.dataFile(inbox, station, entity, BATCH, flavour);
    }

    private static void assertRoundTrip(Entity entity, Map<Long, ReadResult> results) {
        List<Object[]> values = BatchFiles.parsed(results);
        List<Samples.Sample> samples = Samples.of(entity);
        assertThat(values).hasSize(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            assertThat(values.get(i)).as("%s record %d", entity.code(), i).isEqualTo(samples.get(i).expected());
            for (Object v : values.get(i)) {
                String text = v instanceof int[] a ? Arrays.toString(a) : String.valueOf(v);
                assertThat(Samples.PERSONAL_TEXTS).noneMatch(text::contains);
            }
        }
    }

    /** The personal texts the entity's samples send (the part before any comma, which csv quotes). */
    private static String[] personalTextsOf(Entity entity) {
        List<String> texts = new ArrayList<>();
        for (Samples.Sample s : Samples.of(entity)) {
            if (!s.record().deleted()) {
                collect(s.record().personal(), texts);
            }
        }
        return texts.toArray(new String[0]);
    }

    private static void collect(Object v, List<String> into) {
        if (v instanceof String str) {
            into.add(str.contains(",") ? str.substring(0, str.indexOf(',')) : str);
        } else if (v instanceof Map<?, ?> m) {
            m.values().forEach(x -> collect(x, into));
        } else if (v instanceof List<?> l) {
            l.forEach(x -> collect(x, into));
        }
    }

    /** The file holds the personal data, so reading it back without any proves the allow-list works. */
    private static void assertSent(String fileText, Entity entity) {
        for (String text : personalTextsOf(entity)) {
            assertThat(fileText).contains(text);
        }
    }

    /** The built-in mapping with pairs of (exact snippet, replacement) applied. */
    static CsvMapping variant(String... fromTo) throws IOException {
        String text;
        try (InputStream in = CsvMapping.class.getResourceAsStream(CsvMapping.CSV_SJIS_RESOURCE)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (int i = 0; i < fromTo.length; i += 2) {
            if (!text.contains(fromTo[i])) {
                throw new IllegalArgumentException("no " + fromTo[i] + " in the built-in mapping");
            }
            text = text.replace(fromTo[i], fromTo[i + 1]);
        }
        return CsvMapping.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "variant.yaml");
    }
}
