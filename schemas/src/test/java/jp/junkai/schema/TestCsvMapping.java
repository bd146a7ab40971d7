package jp.junkai.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCsvMapping {

    private static String builtInText() throws IOException {
        try (InputStream in = CsvMapping.class.getResourceAsStream(CsvMapping.CSV_SJIS_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static CsvMapping loadText(String yaml) throws IOException {
        return CsvMapping.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    /** The built-in text with one exact snippet replaced (the snippet must be there). */
    private static String edited(String from, String to) throws IOException {
        String text = builtInText();
        assertThat(text).contains(from);
        return text.replace(from, to);
    }

    @Test
    void loadsTheBuiltInCsvSjisMapping() {
        CsvMapping m = CsvMapping.csvSjis();
        assertThat(m.name()).isEqualTo("csv-sjis.yaml");
        assertThat(m.format()).isEqualTo("csv-sjis");
        assertThat(m.encoding().name()).isEqualTo("windows-31j");
        assertThat(m.lineEnd()).isEqualTo("\r\n");
        assertThat(m.topicSeparator()).isEqualTo("・");
        assertThat(m.dateForms()).containsExactly(DateForm.WESTERN, DateForm.ERA_KANJI, DateForm.ERA_INITIAL);
        assertThat(m.timestampForms()).containsExactly(DateForm.WESTERN, DateForm.WESTERN, DateForm.WESTERN,
                DateForm.ERA_KANJI);
        assertThat(m.fullWidthShare()).isEqualTo(0.05);
        assertThat(m.trueValues()).containsExactly("1", "はい");
        assertThat(m.falseValues()).containsExactly("0", "いいえ");
        assertThat(CsvMapping.csvSjis()).isSameAs(m);
    }

    @Test
    void mapsHeadersOfEveryFieldOfEveryEntityInFieldOrder() {
        CsvMapping m = CsvMapping.csvSjis();
        for (Entity e : Entity.values()) {
            CsvMapping.EntityMapping em = m.entity(e);
            assertThat(em.headers()).hasSameSizeAs(e.fields()).doesNotHaveDuplicates();
            for (int i = 0; i < e.fields().size(); i++) {
                assertThat(em.fieldIndex(em.header(i))).isEqualTo(i);
            }
            assertThat(em.header(e.index(Entity.UPDATED_AT))).isEqualTo("更新日時");
            assertThat(em.header(e.index(Entity.DELETED))).isEqualTo("削除フラグ");
        }
        assertThat(m.entity(Entity.VISITS).headers()).containsExactly("訪問番号", "対象番号", "職員番号", "訪問日時",
                "結果", "カード処理", "指導事項", "相談件数", "専従日", "夜間承認番号", "更新日時", "削除フラグ");
        assertThat(m.entity(Entity.UNITS).fieldIndex("住所")).isEqualTo(-1);
    }

    @Test
    void spellsEnumValuesBothWays() {
        CsvMapping m = CsvMapping.csvSjis();
        CsvMapping.EntityMapping visits = m.entity(Entity.VISITS);
        int outcome = Entity.VISITS.index("outcome");
        assertThat(visits.enumValue(outcome, "面接")).isEqualTo("met");
        assertThat(visits.enumValue(outcome, "空き家")).isEqualTo("vacant");
        assertThat(visits.enumValue(outcome, "met")).isNull();
        assertThat(visits.japanese(outcome, "refused")).isEqualTo("拒否");
        assertThat(visits.japanese(outcome, "unknown")).isNull();
        int form = Entity.CARDS.index("form");
        assertThat(m.entity(Entity.CARDS).enumValue(form, "別紙1")).isEqualTo("household");
        assertThat(m.entity(Entity.CARDS).japanese(form, "business")).isEqualTo("別紙2");
        int kind = Entity.CARD_CHANGES.index("kind");
        assertThat(m.entity(Entity.CARD_CHANGES).japanese(kind, "contact_changed")).isEqualTo("連絡先変更");
        assertThat(visits.enumValue(Entity.VISITS.index("unit_id"), "面接")).isNull();
    }

    @Test
    void coversEveryEnumValueOfEveryEntity() {
        CsvMapping m = CsvMapping.csvSjis();
        for (Entity e : Entity.values()) {
            for (Field f : e.fields()) {
                if (f.type() == FieldType.ENUM) {
                    for (String v : f.values()) {
                        String ja = m.entity(e).japanese(e.index(f.name()), v);
                        assertThat(ja).as("%s.%s=%s", e.code(), f.name(), v).isNotNull();
                        assertThat(m.entity(e).enumValue(e.index(f.name()), ja)).isEqualTo(v);
                    }
                }
            }
        }
    }

    @Test
    void readsBooleanSpellings() {
        CsvMapping m = CsvMapping.csvSjis();
        assertThat(m.parseBoolean("1")).isTrue();
        assertThat(m.parseBoolean("はい")).isTrue();
        assertThat(m.parseBoolean("0")).isFalse();
        assertThat(m.parseBoolean("いいえ")).isFalse();
        assertThat(m.parseBoolean("true")).isNull();
    }

    @Test
    void loadsAMappingFileFromDisk(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("other-station.yaml");
        Files.writeString(file, builtInText().replace("受持区コード: beat_code\n      警察署コード: station_code",
                "区コード: beat_code\n      警察署コード: station_code"));
        CsvMapping m = CsvMapping.load(file);
        assertThat(m.name()).isEqualTo("other-station.yaml");
        assertThat(m.entity(Entity.BEATS).header(0)).isEqualTo("区コード");
        assertThat(m.entity(Entity.UNITS).header(1)).isEqualTo("受持区コード");
    }

    @Test
    void refusesAFieldWithoutColumn() throws IOException {
        String yaml = edited("      交番名: koban_name\n", "");
        assertThatThrownBy(() -> loadText(yaml)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot load mapping test.yaml: entity beats has no column for field koban_name");
    }

    @Test
    void refusesAFieldMappedTwice() throws IOException {
        String yaml = edited("      交番名: koban_name\n", "      交番名: koban_name\n      交番名称: koban_name\n");
        assertThatThrownBy(() -> loadText(yaml)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot load mapping test.yaml: entity beats maps field koban_name twice (交番名, 交番名称)");
    }

    @Test
    void refusesAHeaderListedTwice() throws IOException {
        String yaml = edited("      交番名: koban_name\n", "      交番名: koban_name\n      交番名: koban_code\n");
        assertThatThrownBy(() -> loadText(yaml)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot load mapping test.yaml: ")
                .hasMessageContaining("交番名");
    }

    @Test
    void refusesAnUnknownField() throws IOException {
        String yaml = edited("      交番名: koban_name\n", "      交番名: koban_name\n      氏名: name\n");
        assertThatThrownBy(() -> loadText(yaml)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot load mapping test.yaml: entity beats header 氏名 names unknown field name");
    }

    @Test
    void refusesAnEnumValueWithoutSpelling() throws IOException {
        String yaml = edited(", 農村部: rural}", "}");
        assertThatThrownBy(() -> loadText(yaml)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot load mapping test.yaml: entity beats field area_type has no spelling for value rural");
    }

    @Test
    void refusesASpellingOfAnUnknownValue() throws IOException {
        String yaml = edited("農村部: rural}", "農村部: rural, 山間部: mountain}");
        assertThatThrownBy(() -> loadText(yaml)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot load mapping test.yaml: entity beats field area_type spelling 山間部 names unknown "
                        + "value mountain (allowed: [residential, commercial, mixed, rural])");
    }

    @Test
    void refusesAnEnumFieldWithoutValues() throws IOException {
        String yaml = edited("      role: {主担当: primary, 補助: support}\n", "");
        assertThatThrownBy(() -> loadText(yaml)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot load mapping test.yaml: entity assignments has no values for enum field role");
    }

    @Test
    void refusesValuesForAFieldThatIsNoEnum() throws IOException {
        String yaml = edited("      role: {主担当: primary, 補助: support}\n",
                "      role: {主担当: primary, 補助: support}\n      beat_code: {a: b}\n");
        assertThatThrownBy(() -> loadText(yaml)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot load mapping test.yaml: entity assignments values names beat_code, which is not an enum field");
    }

    @Test
    void refusesAMissingEntity() throws IOException {
        String text = builtInText();
        String yaml = text.substring(0, text.indexOf("  inspections:"));
        assertThatThrownBy(() -> loadText(yaml)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot load mapping test.yaml: entity inspections is not mapped");
    }

    @Test
    void refusesAnUnknownEncoding() throws IOException {
        String yaml = edited("encoding: windows-31j", "encoding: sjis-9000");
        assertThatThrownBy(() -> loadText(yaml)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot load mapping test.yaml: unknown encoding sjis-9000");
    }

    @Test
    void refusesAHeaderTheEncodingCannotCarry() throws IOException {
        String yaml = edited("      交番名: koban_name\n", "      交番名€: koban_name\n");
        assertThatThrownBy(() -> loadText(yaml)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot load mapping test.yaml: entity beats header 交番名€ cannot be encoded in windows-31j");
    }

    @Test
    void refusesAnUnknownDateForm() throws IOException {
        String yaml = edited("forms: [western, era-kanji, era-initial]", "forms: [western, koki]");
        assertThatThrownBy(() -> loadText(yaml)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot load mapping test.yaml: unknown date form koki (known: [iso, western, era-kanji, era-initial])");
    }

    @Test
    void refusesADateFormListedTwiceOrAnUnknownDatesKey() throws IOException {
        assertThatThrownBy(() -> loadText(edited("forms: [western, era-kanji, era-initial]", "forms: [western, western]")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot load mapping test.yaml: dates.forms lists a form twice");
        assertThatThrownBy(() -> loadText(edited("  fullWidthShare: 0.05", "  fullWidthShare: 0.05\n  calendar: gregorian")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot load mapping test.yaml: unknown key dates.calendar");
        assertThatThrownBy(() -> loadText(edited("  timestampForms: [western, western, western, era-kanji]\n", "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot load mapping test.yaml: missing dates.timestampForms");
    }

    @Test
    void refusesUnpairedBooleans() throws IOException {
        String yaml = edited("falseValues: [\"0\", \"いいえ\"]", "falseValues: [\"0\"]");
        assertThatThrownBy(() -> loadText(yaml)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot load mapping test.yaml: booleans.trueValues and booleans.falseValues must pair up (same length)");
    }

    @Test
    void refusesATopicSeparatorWithDigits() throws IOException {
        String yaml = edited("topicSeparator: \"・\"", "topicSeparator: \"1\"");
        assertThatThrownBy(() -> loadText(yaml)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot load mapping test.yaml: topicSeparator must not contain digits, commas, quotes or line breaks");
    }

    @Test
    void refusesUnknownKeys() throws IOException {
        assertThatThrownBy(() -> loadText(edited("lineEnd: crlf", "lineEnd: crlf\nquoting: all")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot load mapping test.yaml: unknown key quoting");
        assertThatThrownBy(() -> loadText(edited("  beats:\n", "  patrols:\n    columns: {}\n  beats:\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot load mapping test.yaml: unknown entity patrols");
    }

    @Test
    void refusesSomethingThatIsNotYaml() {
        assertThatThrownBy(() -> loadText("- just\n- a list\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot load mapping test.yaml: the file is not a YAML mapping");
        assertThatThrownBy(() -> loadText("entities: {beats: [")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot load mapping test.yaml: ");
    }

    @Test
    void listsEachEntityOnce() {
        assertThat(List.of(Entity.values())).allSatisfy(e -> assertThat(CsvMapping.csvSjis().entity(e).entity()).isEqualTo(e));
    }
}
