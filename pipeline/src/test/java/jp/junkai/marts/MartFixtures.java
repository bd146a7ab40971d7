package jp.junkai.marts;

import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.assertj.core.api.SoftAssertions;

import jp.junkai.lake.LakeSchema;
import jp.junkai.schema.Entity;
import jp.junkai.schema.rules.RuleFile;
import jp.junkai.testing.SharedSpark;

/**
 * Literal mart inputs for the mart tests: tables of a few rows with only the columns a test needs
 * (typed from the entity's fields), a rule-set YAML template, and cell assertions.
 */
final class MartFixtures {

    private MartFixtures() {
    }

    static SparkSession spark() {
        return SharedSpark.spark();
    }

    static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    /** A Japan-local timestamp, {@code 2024-06-03T10:00[:ss]}. */
    static LocalDateTime t(String iso) {
        return LocalDateTime.parse(iso);
    }

    static Object[] row(Object... values) {
        return values;
    }

    /** The nine entity tables; an entity not given is an empty table. */
    static final class Tables {
        private final Map<Entity, Dataset<Row>> tables = new EnumMap<>(Entity.class);

        /**
         * @param columns comma-separated field names of the entity ({@code deleted} included); the types
         *                are the lake's
         */
        Tables put(Entity e, String columns, Object[]... rows) {
            List<String> names = Arrays.stream(columns.split(",")).map(String::trim).toList();
            StructType schema = new StructType();
            for (String n : names) {
                schema = schema.add(n, LakeSchema.sparkType(e.field(n)), true);
            }
            List<Row> data = new ArrayList<>();
            for (Object[] r : rows) {
                if (r.length != names.size()) {
                    throw new IllegalArgumentException(e.code() + " row " + Arrays.toString(r) + " has "
                            + r.length + " values for " + names.size() + " columns");
                }
                data.add(RowFactory.create(r));
            }
            tables.put(e, spark().createDataFrame(data, schema));
            return this;
        }

        MartInputs inputs() {
            Map<Entity, Dataset<Row>> all = new EnumMap<>(Entity.class);
            for (Entity e : Entity.values()) {
                all.put(e, tables.getOrDefault(e, spark().createDataFrame(List.of(),
                        new StructType().add(e.key(), DataTypes.StringType, true))));
            }
            return MartInputs.of(all);
        }
    }

    /** Settings of one rule set; the defaults are the SPEC §2 example's values. */
    static final class RuleSetYaml {
        String id = "R";
        String effectiveFrom = "2024-01-01";
        String bands = "{ medium: 0.10, high: 0.25 }";
        String household = "{ low: 730, medium: 365, high: 180 }";
        String business = "{ low: 730, medium: 730, high: 365 }";
        int grace = 90;
        String outcomes = "[met]";
        String nightStart = "20:00";
        String nightEnd = "06:00";
        int freshness = 730;
        int inspection = 90;
        int minContacts = 20;
        double minPercentile = 0.9;

        RuleSetYaml(String id, String effectiveFrom) {
            this.id = id;
            this.effectiveFrom = effectiveFrom;
        }

        /** Every unit kind and band gets the same interval: the band does not change a due date. */
        RuleSetYaml intervals(int days) {
            household = "{ low: " + days + ", medium: " + days + ", high: " + days + " }";
            business = household;
            return this;
        }

        String yaml() {
            return "  - id: \"" + id + "\"\n"
                    + "    effective_from: " + effectiveFrom + "\n"
                    + "    turnover_bands: " + bands + "\n"
                    + "    intervals_days:\n"
                    + "      household: " + household + "\n"
                    + "      business: " + business + "\n"
                    + "    new_occupant_grace_days: " + grace + "\n"
                    + "    counted_outcomes: " + outcomes + "\n"
                    + "    night_window: { start: \"" + nightStart + "\", end: \"" + nightEnd + "\" }\n"
                    + "    card_freshness_days: " + freshness + "\n"
                    + "    inspection_interval_days: " + inspection + "\n"
                    + "    commendation: { min_contacts: " + minContacts + ", min_percentile: " + minPercentile
                    + " }\n";
        }
    }

    static RuleFile rules(RuleSetYaml... sets) {
        StringBuilder yaml = new StringBuilder("rule_sets:\n");
        for (RuleSetYaml s : sets) {
            yaml.append(s.yaml());
        }
        return RuleFile.parse(yaml.toString(), "test-rules.yaml");
    }

    /**
     * The marts of a MartBuild over the plan through {@code through}, collected: those named, or every
     * one when none is named (each collected mart is a few Spark jobs).
     */
    static Map<String, List<Row>> build(MartInputs in, RuleFile rules, YearMonth through, String... names) {
        MartBuild build = new MartBuild(in, rules, MartBuild.plan(in, rules, through));
        try {
            Map<String, List<Row>> out = new LinkedHashMap<>();
            for (Map.Entry<String, Dataset<Row>> e : build.marts().entrySet()) {
                if (names.length == 0 || Arrays.asList(names).contains(e.getKey())) {
                    out.put(e.getKey(), e.getValue().collectAsList());
                }
            }
            return out;
        } finally {
            build.release();
        }
    }

    /** The one row whose columns have these values (name, value, name, value …). */
    static Row one(List<Row> rows, Object... keys) {
        List<Row> found = rows.stream().filter(r -> matches(r, keys)).toList();
        if (found.size() != 1) {
            throw new AssertionError("Expected one row with " + Arrays.toString(keys) + ", found " + found.size()
                    + " in " + rows);
        }
        return found.get(0);
    }

    private static boolean matches(Row r, Object[] keys) {
        for (int i = 0; i < keys.length; i += 2) {
            Object v = r.getAs((String) keys[i]);
            if (v == null ? keys[i + 1] != null : !v.equals(keys[i + 1])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Asserts cells of a row (name, expected, name, expected …): a Double is compared within 1e-9, an
     * Integer or Long as an integral count, null as SQL null, anything else with equals. Reports every
     * wrong cell at once.
     */
    static void assertCells(Row row, Object... expected) {
        SoftAssertions soft = new SoftAssertions();
        for (int i = 0; i < expected.length; i += 2) {
            String name = (String) expected[i];
            Object want = expected[i + 1];
            Object got = row.getAs(name);
            String what = name + " of " + row;
            if (want == null) {
                soft.assertThat(got).as(what).isNull();
            } else if (want instanceof Double w) {
                soft.assertThat(got).as(what).isInstanceOf(Double.class);
                if (got instanceof Double g) {
                    soft.assertThat(g).as(what).isCloseTo(w, within(1e-9));
                }
            } else if (want instanceof Integer || want instanceof Long) {
                soft.assertThat(got).as(what).isInstanceOfAny(Integer.class, Long.class);
                if (got instanceof Number g) {
                    soft.assertThat(g.longValue()).as(what).isEqualTo(((Number) want).longValue());
                }
            } else {
                soft.assertThat(got).as(what).isEqualTo(want);
            }
        }
        soft.assertAll();
    }
}
