package jp.junkai.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * A declarative description of one CSV station export format: which Japanese column header
 * carries which allow-listed field, how enum values and booleans are spelled, how topics are
 * joined, the encoding, line end and the date forms its station system writes. A new station
 * format is a new mapping file ({@code mappings/*.yaml}), not new code.
 *
 * <p>The mapping is also the csv allow-list: a reader takes the columns named here and nothing
 * else, so personal columns (氏名, 住所, 備考, …) are never mapped and never read.
 *
 * <p>Loading validates the file: every field of {@link Entity#fields()} mapped by exactly one
 * column, every enum value of every enum field spelled, every spelling encodable. Failures are
 * {@link IllegalArgumentException}s reading {@code Cannot load mapping <file>: <why>}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class CsvMapping {

    /** Resource path of the built-in {@code csv-sjis} mapping. */
    public static final String CSV_SJIS_RESOURCE = "/jp/junkai/schema/mappings/csv-sjis.yaml";

    private static final Set<String> TOP_LEVEL_KEYS =
            Set.of("format", "encoding", "lineEnd", "booleans", "topicSeparator", "dates", "entities");

    private final String name;
    private final String format;
    private final Charset encoding;
    private final String lineEnd;
    private final List<String> trueValues;
    private final List<String> falseValues;
    private final Map<String, Boolean> booleanBySpelling;
    private final String topicSeparator;
    private final List<DateForm> dateForms;
    private final List<DateForm> timestampForms;
    private final double fullWidthShare;
    private final Map<Entity, EntityMapping> entities;

    private CsvMapping(Loader l) {
        this.name = l.name;
        this.format = l.format;
        this.encoding = l.encoding;
        this.lineEnd = l.lineEnd;
        this.trueValues = List.copyOf(l.trueValues);
        this.falseValues = List.copyOf(l.falseValues);
        Map<String, Boolean> spellings = new HashMap<>();
        trueValues.forEach(s -> spellings.put(s, Boolean.TRUE));
        falseValues.forEach(s -> spellings.put(s, Boolean.FALSE));
        this.booleanBySpelling = Map.copyOf(spellings);
        this.topicSeparator = l.topicSeparator;
        this.dateForms = List.copyOf(l.dateForms);
        this.timestampForms = List.copyOf(l.timestampForms);
        this.fullWidthShare = l.fullWidthShare;
        this.entities = new EnumMap<>(l.entities);
    }

    /** The built-in {@code csv-sjis} mapping (SPEC §1), loaded once. */
    public static CsvMapping csvSjis() {
        return BuiltIn.CSV_SJIS;
    }

    /** Loads and validates a mapping file. */
    public static CsvMapping load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, file.getFileName().toString());
        }
    }

    /**
     * Loads and validates a mapping from a stream.
     *
     * @param name the file name used in error messages
     */
    public static CsvMapping load(InputStream in, String name) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        JsonNode root;
        try {
            root = yaml.readTree(in);
        } catch (IOException e) {
            // Jackson's message names the offending key and line (e.g. a header listed twice).
            throw new IllegalArgumentException("Cannot load mapping " + name + ": " + firstLine(e.getMessage()), e);
        }
        return new CsvMapping(new Loader(name).load(root));
    }

    /** The file name the mapping was loaded from. */
    public String name() {
        return name;
    }

    /** The flavour code the mapping describes, e.g. {@code csv-sjis}. */
    public String format() {
        return format;
    }

    public Charset encoding() {
        return encoding;
    }

    /** {@code "\r\n"} or {@code "\n"}. */
    public String lineEnd() {
        return lineEnd;
    }

    /** The spellings of {@code true}, paired by position with {@link #falseValues()}. */
    public List<String> trueValues() {
        return trueValues;
    }

    /** The spellings of {@code false}, paired by position with {@link #trueValues()}. */
    public List<String> falseValues() {
        return falseValues;
    }

    /** The boolean a spelling stands for, or null when the spelling is not one of this mapping's. */
    public Boolean parseBoolean(String spelling) {
        return booleanBySpelling.get(spelling);
    }

    /** The separator between topic numbers in one cell, e.g. {@code ・}. */
    public String topicSeparator() {
        return topicSeparator;
    }

    /** The date forms a writer of this format uses; readers accept every {@link DateForm}. */
    public List<DateForm> dateForms() {
        return dateForms;
    }

    /**
     * The date forms a writer of this format uses in timestamps, picked per row; a form listed
     * several times is picked more often (e.g. mostly western, sometimes era).
     */
    public List<DateForm> timestampForms() {
        return timestampForms;
    }

    /** The share (0–1) of rows a writer of this format spells with full-width digits. */
    public double fullWidthShare() {
        return fullWidthShare;
    }

    public EntityMapping entity(Entity entity) {
        return entities.get(entity);
    }

    /** The columns and values of one entity. Field positions are those of {@link Entity#fields()}. */
    public static final class EntityMapping {

        private final Entity entity;
        private final String[] headers;
        private final Map<String, Integer> fieldByHeader;
        private final List<Map<String, String>> valueByJapanese;
        private final List<Map<String, String>> japaneseByValue;

        private EntityMapping(Entity entity, String[] headers, List<Map<String, String>> valueByJapanese) {
            this.entity = entity;
            this.headers = headers;
            Map<String, Integer> byHeader = new HashMap<>();
            for (int i = 0; i < headers.length; i++) {
                byHeader.put(headers[i], i);
            }
            this.fieldByHeader = Map.copyOf(byHeader);
            List<Map<String, String>> toJa = new ArrayList<>();
            List<Map<String, String>> toValue = new ArrayList<>();
            for (Map<String, String> spellings : valueByJapanese) {
                if (spellings == null) {
                    toJa.add(null);
                    toValue.add(null);
                    continue;
                }
                // A value may have several spellings; writers use the first one listed.
                Map<String, String> ja = new LinkedHashMap<>();
                spellings.forEach((japanese, value) -> ja.putIfAbsent(value, japanese));
                toJa.add(Map.copyOf(ja));
                toValue.add(Map.copyOf(spellings));
            }
            this.valueByJapanese = toValue;
            this.japaneseByValue = toJa;
        }

        public Entity entity() {
            return entity;
        }

        /** The column header of the field at {@code fieldIndex}. */
        public String header(int fieldIndex) {
            return headers[fieldIndex];
        }

        /** The column headers in {@link Entity#fields()} order. */
        public List<String> headers() {
            return List.of(headers);
        }

        /** The field position a header maps to, or -1 for a column the mapping does not name. */
        public int fieldIndex(String header) {
            Integer i = fieldByHeader.get(header);
            return i == null ? -1 : i;
        }

        /** The enum value a Japanese spelling stands for, or null when it is not a known spelling. */
        public String enumValue(int fieldIndex, String japanese) {
            Map<String, String> m = valueByJapanese.get(fieldIndex);
            return m == null ? null : m.get(japanese);
        }

        /** The Japanese spelling of an enum value, or null when the value is not in the field's list. */
        public String japanese(int fieldIndex, String value) {
            Map<String, String> m = japaneseByValue.get(fieldIndex);
            return m == null ? null : m.get(value);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable YAML";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** Reads the YAML tree into fields, failing with the first problem found. */
    private static final class Loader {
        private final String name;
        private String format;
        private Charset encoding;
        private CharsetEncoder encoder;
        private String lineEnd;
        private List<String> trueValues;
        private List<String> falseValues;
        private String topicSeparator;
        private final List<DateForm> dateForms = new ArrayList<>();
        private final List<DateForm> timestampForms = new ArrayList<>();
        private double fullWidthShare;
        private final Map<Entity, EntityMapping> entities = new EnumMap<>(Entity.class);

        Loader(String name) {
            this.name = name;
        }

        Loader load(JsonNode root) {
            if (root == null || !root.isObject()) {
                throw fail("the file is not a YAML mapping");
            }
            for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!TOP_LEVEL_KEYS.contains(key)) {
                    throw fail("unknown key " + key);
                }
            }
            format = text(root, "format", "format");
            String encodingName = text(root, "encoding", "encoding");
            try {
                encoding = Charset.forName(encodingName);
            } catch (IllegalArgumentException e) {
                throw fail("unknown encoding " + encodingName);
            }
            if (!encoding.canEncode()) {
                throw fail("encoding " + encodingName + " cannot be written");
            }
            encoder = encoding.newEncoder();
            String le = text(root, "lineEnd", "lineEnd");
            lineEnd = switch (le) {
                case "crlf" -> "\r\n";
                case "lf" -> "\n";
                default -> throw fail("lineEnd must be crlf or lf, not " + le);
            };
            loadBooleans(child(root, "booleans", "booleans"));
            topicSeparator = text(root, "topicSeparator", "topicSeparator");
            if (topicSeparator.chars().anyMatch(Character::isDigit) || !cellSafe(topicSeparator)) {
                throw fail("topicSeparator must not contain digits, commas, quotes or line breaks");
            }
            encodable(topicSeparator, "topicSeparator");
            loadDates(child(root, "dates", "dates"));
            loadEntities(child(root, "entities", "entities"));
            return this;
        }

        private void loadBooleans(JsonNode node) {
            trueValues = strings(child(node, "trueValues", "booleans.trueValues"), "booleans.trueValues");
            falseValues = strings(child(node, "falseValues", "booleans.falseValues"), "booleans.falseValues");
            if (trueValues.size() != falseValues.size()) {
                throw fail("booleans.trueValues and booleans.falseValues must pair up (same length)");
            }
            Set<String> seen = new HashSet<>();
            for (String s : concat(trueValues, falseValues)) {
                if (!seen.add(s)) {
                    throw fail("boolean spelling " + s + " is listed twice");
                }
                encodable(s, "boolean spelling " + s);
            }
        }

        private void loadDates(JsonNode node) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!Set.of("forms", "timestampForms", "fullWidthShare").contains(key)) {
                    throw fail("unknown key dates." + key);
                }
            }
            dateForms.addAll(forms(node, "forms"));
            if (dateForms.size() != Set.copyOf(dateForms).size()) {
                throw fail("dates.forms lists a form twice");
            }
            // Repeats are allowed here: they weight the pick.
            timestampForms.addAll(forms(node, "timestampForms"));
            JsonNode share = child(node, "fullWidthShare", "dates.fullWidthShare");
            if (!share.isNumber() || share.asDouble() < 0 || share.asDouble() > 1) {
                throw fail("dates.fullWidthShare must be a number from 0 to 1");
            }
            fullWidthShare = share.asDouble();
        }

        private List<DateForm> forms(JsonNode dates, String key) {
            List<DateForm> forms = new ArrayList<>();
            for (String code : strings(child(dates, key, "dates." + key), "dates." + key)) {
                forms.add(DateForm.byCode(code).orElseThrow(() -> fail("unknown date form " + code + " (known: "
                        + Arrays.stream(DateForm.values()).map(DateForm::code).toList() + ")")));
            }
            return forms;
        }

        private void loadEntities(JsonNode node) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String code = it.next();
                if (Entity.byCode(code).isEmpty()) {
                    throw fail("unknown entity " + code);
                }
            }
            for (Entity entity : Entity.values()) {
                JsonNode e = node.get(entity.code());
                if (e == null || !e.isObject()) {
                    throw fail("entity " + entity.code() + " is not mapped");
                }
                entities.put(entity, loadEntity(entity, e));
            }
        }

        private EntityMapping loadEntity(Entity entity, JsonNode node) {
            String where = "entity " + entity.code();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!key.equals("columns") && !key.equals("values")) {
                    throw fail(where + " has unknown key " + key);
                }
            }
            List<Field> fields = entity.fields();
            String[] headers = new String[fields.size()];
            JsonNode columns = child(node, "columns", where + " columns");
            if (!columns.isObject()) {
                throw fail(where + " columns must map headers to field names");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = columns.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> column = it.next();
                String header = column.getKey();
                if (header.isBlank() || !cellSafe(header)) {
                    throw fail(where + " has a blank header or one with commas, quotes or line breaks");
                }
                encodable(header, where + " header " + header);
                String fieldName = scalar(column.getValue(), where + " header " + header);
                if (!entity.hasField(fieldName)) {
                    throw fail(where + " header " + header + " names unknown field " + fieldName);
                }
                int i = entity.index(fieldName);
                if (headers[i] != null) {
                    throw fail(where + " maps field " + fieldName + " twice (" + headers[i] + ", " + header + ")");
                }
                headers[i] = header;
            }
            for (int i = 0; i < headers.length; i++) {
                if (headers[i] == null) {
                    throw fail(where + " has no column for field " + fields.get(i).name());
                }
            }
            return new EntityMapping(entity, headers, loadValues(entity, node.get("values"), where));
        }

        private List<Map<String, String>> loadValues(Entity entity, JsonNode values, String where) {
            List<Map<String, String>> byField = new ArrayList<>();
            entity.fields().forEach(f -> byField.add(null));
            if (values != null && !values.isNull()) {
                if (!values.isObject()) {
                    throw fail(where + " values must map enum fields to spellings");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String fieldName = e.getKey();
                    if (!entity.hasField(fieldName) || entity.field(fieldName).type() != FieldType.ENUM) {
                        throw fail(where + " values names " + fieldName + ", which is not an enum field");
                    }
                    byField.set(entity.index(fieldName), spellings(entity.field(fieldName), e.getValue(), where));
                }
            }
            for (Field f : entity.fields()) {
                if (f.type() == FieldType.ENUM && byField.get(entity.index(f.name())) == null) {
                    throw fail(where + " has no values for enum field " + f.name());
                }
            }
            return byField;
        }

        private Map<String, String> spellings(Field field, JsonNode node, String where) {
            String at = where + " field " + field.name();
            if (!node.isObject()) {
                throw fail(at + " values must map Japanese spellings to enum values");
            }
            Map<String, String> byJapanese = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String japanese = e.getKey();
                String value = scalar(e.getValue(), at + " spelling " + japanese);
                if (japanese.isBlank() || !cellSafe(japanese)) {
                    throw fail(at + " has a blank spelling or one with commas, quotes or line breaks");
                }
                if (!field.values().contains(value)) {
                    throw fail(at + " spelling " + japanese + " names unknown value " + value
                            + " (allowed: " + field.values() + ")");
                }
                encodable(japanese, at + " spelling " + japanese);
                byJapanese.put(japanese, value);
            }
            for (String value : field.values()) {
                if (!byJapanese.containsValue(value)) {
                    throw fail(at + " has no spelling for value " + value);
                }
            }
            return byJapanese;
        }

        private void encodable(String text, String what) {
            if (!encoder.canEncode(text)) {
                throw fail(what + " cannot be encoded in " + encoding.name());
            }
        }

        private JsonNode child(JsonNode parent, String key, String where) {
            JsonNode n = parent.get(key);
            if (n == null || n.isNull()) {
                throw fail("missing " + where);
            }
            return n;
        }

        private String text(JsonNode parent, String key, String where) {
            return scalar(child(parent, key, where), where);
        }

        private String scalar(JsonNode n, String where) {
            if (n == null || !n.isValueNode() || n.isNull() || n.asText().isEmpty()) {
                throw fail(where + " must be a non-empty text");
            }
            return n.asText();
        }

        private List<String> strings(JsonNode n, String where) {
            if (!n.isArray() || n.isEmpty()) {
                throw fail(where + " must be a non-empty list");
            }
            List<String> out = new ArrayList<>();
            for (JsonNode item : n) {
                out.add(scalar(item, where));
            }
            return out;
        }

        private static boolean cellSafe(String s) {
            return s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\r') < 0 && s.indexOf('\n') < 0;
        }

        private static List<String> concat(List<String> a, List<String> b) {
            List<String> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        }

        private IllegalArgumentException fail(String why) {
            return new IllegalArgumentException("Cannot load mapping " + name + ": " + why);
        }
    }

    /** Lazy holder: the built-in mapping is parsed on first use only. */
    private static final class BuiltIn {
        static final CsvMapping CSV_SJIS = loadResource(CSV_SJIS_RESOURCE);

        private static CsvMapping loadResource(String resource) {
            String file = resource.substring(resource.lastIndexOf('/') + 1);
            try (InputStream in = CsvMapping.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("Cannot load mapping " + file + ": resource " + resource + " is missing");
                }
                return load(in, file);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot load mapping " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
