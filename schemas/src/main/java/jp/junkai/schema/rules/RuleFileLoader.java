package jp.junkai.schema.rules;

import java.io.StringReader;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads and validates a rule file. The YAML is composed into a node tree by SnakeYAML (the
 * parser under jackson-dataformat-yaml) rather than read through Jackson's token stream: the
 * night window needs to know whether a time was quoted, which Jackson does not tell (it reads
 * an unquoted {@code 20:00} as the text "20:00" although YAML 1.1 makes it the number 1200).
 * Every problem is an {@link IllegalArgumentException} reading
 * {@code Cannot load rule file <file>: line N: <problem>}, N being the line of the offending node.
 */
final class RuleFileLoader {

    static final List<String> TOP_LEVEL_KEYS = List.of("rule_sets");
    static final List<String> RULE_SET_KEYS = List.of("id", "effective_from", "turnover_bands", "intervals_days",
            "overrides", "new_occupant_grace_days", "counted_outcomes", "night_window", "card_freshness_days",
            "inspection_interval_days", "commendation");
    static final List<String> TURNOVER_KEYS = List.of("medium", "high");
    static final List<String> NIGHT_KEYS = List.of("start", "end");
    static final List<String> COMMENDATION_KEYS = List.of("min_contacts", "min_percentile");

    private static final Pattern WHOLE = Pattern.compile("[-+]?(0|[1-9][0-9]*)");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");
    private static final int MAX_DEPTH = 32;

    private final String name;

    RuleFileLoader(String name) {
        this.name = name;
    }

    /** The rule sets of the file in file order, each validated; the file-level checks included. */
    List<RuleSet> load(String yaml) {
        Node root = readTree(yaml);
        if (root == null) {
            throw fail(1, "the file is empty; it needs a rule_sets: list");
        }
        if (!root.isMap()) {
            throw fail(root.line, "the file must be a YAML mapping with a rule_sets: list, not " + root.show());
        }
        for (String key : root.fields.keySet()) {
            if (!TOP_LEVEL_KEYS.contains(key)) {
                throw fail(root.keyLine(key), "unknown key " + key + " (the file takes: rule_sets)");
            }
        }
        if (!root.fields.containsKey("rule_sets")) {
            throw fail(root.line, "no rule_sets: list the rule sets under rule_sets:");
        }
        Node list = root.fields.get("rule_sets");
        if (list.isNull()) {
            throw fail(root.keyLine("rule_sets"), "rule_sets is empty: the file needs at least one rule set");
        }
        if (!list.isList()) {
            throw fail(list.line, "rule_sets must be a list (one '- id: …' item per rule set), not " + list.show());
        }
        if (list.items.isEmpty()) {
            throw fail(list.line, "rule_sets is empty: the file needs at least one rule set");
        }
        List<RuleSet> sets = new ArrayList<>();
        Map<String, Integer> idLines = new HashMap<>();
        Map<LocalDate, Seen> dates = new HashMap<>();
        for (int i = 0; i < list.items.size(); i++) {
            sets.add(ruleSet(list.items.get(i), i + 1, idLines, dates));
        }
        return sets;
    }

    private record Seen(String id, int line) {
    }

    // ------------------------------------------------------------------ one rule set

    private RuleSet ruleSet(Node n, int number, Map<String, Integer> idLines, Map<LocalDate, Seen> dates) {
        if (!n.isMap()) {
            throw fail(n.line, "rule set #" + number + " must be a mapping of id:, effective_from: and its rules, not "
                    + n.show());
        }
        Node idNode = n.fields.get("id");
        String label = idNode != null && idNode.isScalar() && !idNode.text.isBlank()
                ? "rule set " + idNode.text.strip() : "rule set #" + number;
        Where w = new Where(label);
        for (String key : n.fields.keySet()) {
            if (!RULE_SET_KEYS.contains(key)) {
                throw fail(n.keyLine(key), w.say("unknown key " + key + " (a rule set takes: "
                        + String.join(", ", RULE_SET_KEYS) + ")"));
            }
        }
        idNode = need(n, "id", null, n.line, w);
        if (!idNode.isScalar() || idNode.text.isBlank()) {
            throw fail(idNode.line, w.say("id must be a non-empty text, not " + idNode.show()));
        }
        String id = idNode.text.strip();
        Integer firstId = idLines.putIfAbsent(id, idNode.line);
        if (firstId != null) {
            throw fail(idNode.line, "rule set id " + id + " is used twice (first on line " + firstId + ")");
        }

        Node fromNode = need(n, "effective_from", null, n.line, w);
        LocalDate from = date(fromNode, "effective_from", w);
        Seen before = dates.putIfAbsent(from, new Seen(id, fromNode.line));
        if (before != null) {
            throw fail(fromNode.line, "rule sets " + before.id() + " and " + id + " both take effect on " + from
                    + " (" + before.id() + " on line " + before.line() + "); give each rule set its own effective_from");
        }

        Node bandsNode = mapping(need(n, "turnover_bands", null, n.line, w), "turnover_bands",
                "{ medium: 0.10, high: 0.25 }", w);
        onlyKeys(bandsNode, TURNOVER_KEYS, "turnover_bands", w);
        int bandsLine = n.keyLine("turnover_bands");
        Node mediumNode = need(bandsNode, "medium", "turnover_bands", bandsLine, w);
        Node highNode = need(bandsNode, "high", "turnover_bands", bandsLine, w);
        double medium = threshold(mediumNode, "turnover_bands.medium", w);
        double high = threshold(highNode, "turnover_bands.high", w);
        if (medium > high) {
            throw fail(bandsLine, w.say("turnover_bands medium (" + mediumNode.text + ") is above high ("
                    + highNode.text + "): medium is the lower bound of the medium band and must not exceed high"));
        }

        Node intervalsNode = mapping(need(n, "intervals_days", null, n.line, w), "intervals_days",
                "household: { low: …, medium: …, high: … } and business: { … }", w);
        int intervalsLine = n.keyLine("intervals_days");
        for (String key : intervalsNode.fields.keySet()) {
            if (!RuleSet.UNIT_KINDS.contains(key)) {
                throw fail(intervalsNode.keyLine(key), w.say("unknown unit kind " + key + " in intervals_days (known: "
                        + String.join(", ", RuleSet.UNIT_KINDS) + ")"));
            }
        }
        Map<String, RuleSet.Intervals> intervals = new LinkedHashMap<>();
        for (String kind : RuleSet.UNIT_KINDS) {
            if (!intervalsNode.fields.containsKey(kind)) {
                throw fail(intervalsLine, w.say("unit kind " + kind + " missing in intervals_days (it needs "
                        + String.join(" and ", RuleSet.UNIT_KINDS) + ")"));
            }
            intervals.put(kind, intervals(intervalsNode, kind, "intervals_days." + kind, w));
        }

        List<RuleSet.AreaOverride> overrides = overrides(n.fields.get("overrides"), w);

        int grace = days(need(n, "new_occupant_grace_days", null, n.line, w), "new_occupant_grace_days", w);
        Set<String> outcomes = outcomes(need(n, "counted_outcomes", null, n.line, w), n.keyLine("counted_outcomes"), w);

        Node nightNode = mapping(need(n, "night_window", null, n.line, w), "night_window",
                "{ start: \"20:00\", end: \"06:00\" }", w);
        onlyKeys(nightNode, NIGHT_KEYS, "night_window", w);
        int nightLine = n.keyLine("night_window");
        LocalTime start = time(need(nightNode, "start", "night_window", nightLine, w), "night_window.start", w);
        LocalTime end = time(need(nightNode, "end", "night_window", nightLine, w), "night_window.end", w);
        if (start.equals(end)) {
            throw fail(nightLine, w.say("night_window start and end are both \"" + start
                    + "\": the window would be empty"));
        }

        int freshness = days(need(n, "card_freshness_days", null, n.line, w), "card_freshness_days", w);
        int inspection = days(need(n, "inspection_interval_days", null, n.line, w), "inspection_interval_days", w);

        Node commendationNode = mapping(need(n, "commendation", null, n.line, w), "commendation",
                "{ min_contacts: 20, min_percentile: 0.9 }", w);
        onlyKeys(commendationNode, COMMENDATION_KEYS, "commendation", w);
        int commendationLine = n.keyLine("commendation");
        Node minContactsNode = need(commendationNode, "min_contacts", "commendation", commendationLine, w);
        Node minPercentileNode = need(commendationNode, "min_percentile", "commendation", commendationLine, w);
        int minContacts = whole(minContactsNode, "commendation.min_contacts", "a whole number of contacts", w);
        if (minContacts < 0) {
            throw fail(minContactsNode.line, w.say("commendation.min_contacts must not be negative, not "
                    + minContacts));
        }
        double minPercentile = number(minPercentileNode, "commendation.min_percentile", w);
        if (minPercentile < 0 || minPercentile > 1) {
            throw fail(minPercentileNode.line, w.say("commendation.min_percentile must be between 0 and 1 (a percent"
                    + " rank), not " + minPercentileNode.text));
        }

        return new RuleSet(id, from, new RuleSet.TurnoverBands(medium, high), intervals, overrides, grace, outcomes,
                new RuleSet.NightWindow(start, end), freshness, inspection,
                new RuleSet.Commendation(minContacts, minPercentile));
    }

    private List<RuleSet.AreaOverride> overrides(Node node, Where w) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isList()) {
            throw fail(node.line, w.say("overrides must be a list (one '- area_type: …' item per override), not "
                    + node.show()));
        }
        List<RuleSet.AreaOverride> out = new ArrayList<>();
        for (int i = 0; i < node.items.size(); i++) {
            Node o = node.items.get(i);
            String label = "override #" + (i + 1);
            if (!o.isMap()) {
                throw fail(o.line, w.say(label + " must be a mapping of area_type: and household: and/or business:,"
                        + " not " + o.show()));
            }
            for (String key : o.fields.keySet()) {
                if (!key.equals("area_type") && !RuleSet.UNIT_KINDS.contains(key)) {
                    throw fail(o.keyLine(key), w.say("unknown key " + key + " in " + label
                            + " (an override takes area_type: and the unit kinds household:, business:)"));
                }
            }
            if (!o.fields.containsKey("area_type")) {
                throw fail(o.line, w.say("missing key area_type in " + label));
            }
            Node areaNode = o.fields.get("area_type");
            if (areaNode.isNull()) {
                throw fail(o.keyLine("area_type"), w.say(label + ": area_type has no value"));
            }
            String area = areaNode.isScalar() ? areaNode.text.strip() : null;
            if (area == null || !RuleSet.AREA_TYPES.contains(area)) {
                throw fail(areaNode.line, w.say("unknown area type " + areaNode.show() + " in " + label + " (known: "
                        + String.join(", ", RuleSet.AREA_TYPES) + ")"));
            }
            label += " (" + area + ")";
            Map<String, RuleSet.Intervals> kinds = new LinkedHashMap<>();
            for (String kind : RuleSet.UNIT_KINDS) {
                if (o.fields.containsKey(kind)) {
                    kinds.put(kind, intervals(o, kind, label + " " + kind, w));
                }
            }
            if (kinds.isEmpty()) {
                throw fail(o.line, w.say(label + " names no unit kind: give it household: and/or business: intervals"));
            }
            out.add(new RuleSet.AreaOverride(area, kinds));
        }
        return out;
    }

    /** The low/medium/high intervals under {@code parent.kind}. */
    private RuleSet.Intervals intervals(Node parent, String kind, String path, Where w) {
        int kindLine = parent.keyLine(kind);
        Node node = parent.fields.get(kind);
        if (node.isNull()) {
            throw fail(kindLine, w.say(path + " has no value (it needs { low: …, medium: …, high: … })"));
        }
        if (!node.isMap()) {
            throw fail(node.line, w.say(path + " must be a mapping { low: …, medium: …, high: … }, not " + node.show()));
        }
        for (String key : node.fields.keySet()) {
            if (!RuleSet.BANDS.contains(key)) {
                throw fail(node.keyLine(key), w.say("unknown band " + key + " in " + path + " (known: "
                        + String.join(", ", RuleSet.BANDS) + ")"));
            }
        }
        int[] days = new int[3];
        for (int b = 0; b < 3; b++) {
            String band = RuleSet.BANDS.get(b);
            if (!node.fields.containsKey(band)) {
                throw fail(kindLine, w.say("band " + band + " missing in " + path + " (it needs low, medium and high)"));
            }
            Node v = node.fields.get(band);
            if (v.isNull()) {
                throw fail(node.keyLine(band), w.say(path + "." + band + " has no value"));
            }
            int d = whole(v, path + "." + band, "a whole number of days", w);
            if (d <= 0) {
                throw fail(v.line, w.say(path + "." + band + " must be a positive number of days, not " + d));
            }
            days[b] = d;
        }
        return new RuleSet.Intervals(days[0], days[1], days[2]);
    }

    private Set<String> outcomes(Node node, int keyLine, Where w) {
        if (node.isList() && node.items.isEmpty()) {
            throw fail(node.line, w.say("counted_outcomes is empty: name at least one outcome (known: "
                    + String.join(", ", RuleSet.OUTCOMES) + ")"));
        }
        if (!node.isList()) {
            throw fail(node.line, w.say("counted_outcomes must be a list of outcomes such as [met], not "
                    + node.show()));
        }
        Set<String> out = new LinkedHashSet<>();
        for (Node item : node.items) {
            String o = item.isScalar() ? item.text.strip() : null;
            if (o == null || !RuleSet.OUTCOMES.contains(o)) {
                throw fail(item.line, w.say("unknown outcome " + item.show() + " in counted_outcomes (known: "
                        + String.join(", ", RuleSet.OUTCOMES) + ")"));
            }
            out.add(o);
        }
        return out;
    }

    // ------------------------------------------------------------------ values

    /**
     * The value of a required key. A missing key is reported on {@code missingLine} (the rule set's
     * first line, or the line of the key that holds the mapping); an empty value on the key's line.
     */
    private Node need(Node map, String key, String in, int missingLine, Where w) {
        if (!map.fields.containsKey(key)) {
            throw fail(missingLine, w.say("missing key " + key + (in == null ? "" : " in " + in)));
        }
        Node v = map.fields.get(key);
        if (v.isNull()) {
            throw fail(map.keyLine(key), w.say((in == null ? "" : in + ".") + key + " has no value"));
        }
        return v;
    }

    private Node mapping(Node node, String path, String example, Where w) {
        if (!node.isMap()) {
            throw fail(node.line, w.say(path + " must be a mapping " + example + ", not " + node.show()));
        }
        return node;
    }

    private void onlyKeys(Node map, List<String> keys, String path, Where w) {
        for (String key : map.fields.keySet()) {
            if (!keys.contains(key)) {
                throw fail(map.keyLine(key), w.say("unknown key " + key + " in " + path + " (it takes: "
                        + String.join(", ", keys) + ")"));
            }
        }
    }

    private int whole(Node node, String path, String what, Where w) {
        if (!node.isScalar() || !node.plain || !WHOLE.matcher(node.text).matches()) {
            throw fail(node.line, w.say(path + " must be " + what + ", not " + node.show()));
        }
        long v;
        try {
            v = Long.parseLong(node.text);
        } catch (NumberFormatException e) {
            v = Long.MAX_VALUE;
        }
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw fail(node.line, w.say(path + " is too large: " + node.text));
        }
        return (int) v;
    }

    /** A whole number of days, zero allowed. */
    private int days(Node node, String path, Where w) {
        int d = whole(node, path, "a whole number of days", w);
        if (d < 0) {
            throw fail(node.line, w.say(path + " must not be negative, not " + d));
        }
        return d;
    }

    private double number(Node node, String path, Where w) {
        if (!node.isScalar() || !node.plain || !DECIMAL.matcher(node.text).matches()) {
            throw fail(node.line, w.say(path + " must be a number, not " + node.show()));
        }
        double v = Double.parseDouble(node.text);
        if (!Double.isFinite(v)) {
            throw fail(node.line, w.say(path + " is too large: " + node.text));
        }
        return v;
    }

    private double threshold(Node node, String path, Where w) {
        double v = number(node, path, w);
        if (v < 0) {
            throw fail(node.line, w.say(path + " must not be negative, not " + node.text));
        }
        return v;
    }

    private LocalDate date(Node node, String path, Where w) {
        if (node.isScalar() && DATE.matcher(node.text).matches()) {
            try {
                return LocalDate.parse(node.text);
            } catch (DateTimeException e) {
                // falls through to the message
            }
        }
        throw fail(node.line, w.say(path + " must be a date written YYYY-MM-DD, not " + node.show()));
    }

    private LocalTime time(Node node, String path, Where w) {
        if (node.isScalar() && node.plain && TIME.matcher(node.text).matches()) {
            throw fail(node.line, w.say(path + " must be a quoted \"HH:MM\" time, not " + node.text
                    + " unquoted (YAML may read an unquoted time as a number): write \"" + node.text + "\""));
        }
        if (!node.isScalar() || !TIME.matcher(node.text).matches()) {
            throw fail(node.line, w.say(path + " must be a quoted \"HH:MM\" time from \"00:00\" to \"23:59\", not "
                    + node.show()));
        }
        return LocalTime.parse(node.text);
    }

    // ------------------------------------------------------------------ messages

    /** The rule set a problem is in, prefixed to its messages. */
    private record Where(String label) {
        String say(String problem) {
            return label + ": " + problem;
        }
    }

    private IllegalArgumentException fail(int line, String why) {
        return new IllegalArgumentException("Cannot load rule file " + name + ": line " + line + ": " + why);
    }

    // ------------------------------------------------------------------ YAML with line numbers

    /** A YAML node with its 1-based start line; keys of a mapping with their own lines. */
    private static final class Node {
        final int line;
        /** The scalar's text; null for mappings, lists and nulls. */
        final String text;
        /** A scalar written without quotes (a number, a date, a bare word). */
        final boolean plain;
        final boolean nullValue;
        final Map<String, Node> fields;
        final Map<String, Integer> keyLines;
        final List<Node> items;

        Node(int line, String text, boolean plain, boolean nullValue, Map<String, Node> fields,
             Map<String, Integer> keyLines, List<Node> items) {
            this.line = line;
            this.text = text;
            this.plain = plain;
            this.nullValue = nullValue;
            this.fields = fields;
            this.keyLines = keyLines;
            this.items = items;
        }

        boolean isMap() {
            return fields != null;
        }

        boolean isList() {
            return items != null;
        }

        boolean isNull() {
            return nullValue;
        }

        boolean isScalar() {
            return text != null;
        }

        int keyLine(String key) {
            return keyLines.getOrDefault(key, line);
        }

        /** The node as a message shows it. */
        String show() {
            if (isMap()) {
                return "a mapping";
            }
            if (isList()) {
                return "a list";
            }
            if (isNull()) {
                return "nothing";
            }
            return plain ? text : "\"" + text + "\"";
        }
    }

    private Node readTree(String yaml) {
        if (yaml.startsWith("\uFEFF")) {
            yaml = yaml.substring(1);
        }
        org.yaml.snakeyaml.nodes.Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            root = new Yaml(new SafeConstructor(options)).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            String why = e.getProblem() == null ? firstLine(e.getMessage()) : e.getProblem();
            if (e.getContext() != null) {
                why += " (" + e.getContext() + ")";
            }
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1
                    : e.getContextMark() != null ? e.getContextMark().getLine() + 1 : 1;
            throw fail(line, why);
        } catch (YAMLException e) {
            throw new IllegalArgumentException("Cannot load rule file " + name + ": " + firstLine(e.getMessage()), e);
        }
        return root == null ? null : convert(root, 0);
    }

    private Node convert(org.yaml.snakeyaml.nodes.Node n, int depth) {
        int line = n.getStartMark().getLine() + 1;
        if (depth > MAX_DEPTH) {
            throw fail(line, "the file nests deeper than a rule file can");
        }
        if (n instanceof MappingNode m) {
            Map<String, Node> fields = new LinkedHashMap<>();
            Map<String, Integer> keyLines = new HashMap<>();
            for (NodeTuple t : m.getValue()) {
                int keyLine = t.getKeyNode().getStartMark().getLine() + 1;
                if (!(t.getKeyNode() instanceof ScalarNode k)) {
                    throw fail(keyLine, "a key must be a plain name, not a mapping or a list");
                }
                String key = k.getValue();
                if (fields.containsKey(key)) {
                    throw fail(keyLine, "key " + key + " appears twice in one mapping (first on line "
                            + keyLines.get(key) + ")");
                }
                keyLines.put(key, keyLine);
                fields.put(key, convert(t.getValueNode(), depth + 1));
            }
            return new Node(line, null, false, false, fields, keyLines, null);
        }
        if (n instanceof SequenceNode s) {
            List<Node> items = new ArrayList<>();
            for (org.yaml.snakeyaml.nodes.Node item : s.getValue()) {
                items.add(convert(item, depth + 1));
            }
            return new Node(line, null, false, false, null, null, items);
        }
        ScalarNode scalar = (ScalarNode) n;
        boolean plain = scalar.isPlain();
        if (plain && Tag.NULL.equals(scalar.getTag())) {
            return new Node(line, null, true, true, null, null, null);
        }
        return new Node(line, scalar.getValue(), plain, false, null, null, null);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable YAML";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
