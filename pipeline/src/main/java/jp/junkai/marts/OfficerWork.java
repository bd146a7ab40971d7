package jp.junkai.marts;

import static org.apache.spark.sql.functions.col;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The month's counts of each officer's visits and the plausibility signals, in one pass over the
 * visit facts: the facts are shuffled by officer once and read in time order, so the previous
 * visit (60-second signal), the distinct units and days and the visits per clock hour come from
 * the same sorted stream instead of one shuffle each.
 */
public final class OfficerWork {

    /** The counted columns, in output order after {@code officer_id} and {@code month}. */
    static final List<String> COUNTS = List.of("visits", "contacts", "cards_created", "cards_corrected",
            "contacts_with_guidance", "topic1_contacts", "topic2_contacts", "topic3_contacts", "topic4_contacts",
            "topic5_contacts", "concerns_heard", "night_visits", "unapproved_night_visits", "visits_on_dedicated_days",
            "visits_within_60s", "cards_created_without_contact", "unique_units_contacted", "dedicated_days",
            "hours_over_12_visits");

    public static final StructType SCHEMA;

    static {
        StructType s = new StructType().add("officer_id", DataTypes.StringType, false)
                .add("month", DataTypes.DateType, false);
        for (String c : COUNTS) {
            s = s.add(c, DataTypes.LongType, false);
        }
        SCHEMA = s;
    }

    private OfficerWork() {
    }

    /** One row per officer and month with a visit: {@link #SCHEMA}. */
    public static Dataset<Row> of(Dataset<Row> visitFacts) {
        Dataset<Row> sorted = visitFacts.select("officer_id", "visited_at", "visit_id", "month", "unit_id", "visit_date",
                        "contact", "night", "unapproved_night", "card_action", "topics", "concerns_count",
                        "dedicated_day")
                .repartition(col("officer_id"))
                .sortWithinPartitions("officer_id", "visited_at", "visit_id");
        return sorted.mapPartitions((MapPartitionsFunction<Row, Row>) Stream::new, Encoders.row(SCHEMA));
    }

    /** Turns a partition's visits, sorted by officer and time, into one row per officer and month. */
    private static final class Stream implements Iterator<Row> {
        private final Iterator<Row> in;
        private Row pending;
        private LocalDateTime previousAt;
        private String previousOfficer;

        Stream(Iterator<Row> in) {
            this.in = in;
            this.pending = in.hasNext() ? in.next() : null;
        }

        @Override
        public boolean hasNext() {
            return pending != null;
        }

        @Override
        public Row next() {
            if (pending == null) {
                throw new NoSuchElementException();
            }
            String officer = pending.getString(0);
            LocalDate month = pending.getAs(3);
            if (!officer.equals(previousOfficer)) {
                previousAt = null;
                previousOfficer = officer;
            }
            long[] c = new long[COUNTS.size()];
            Set<String> units = new HashSet<>();
            Set<LocalDate> days = new HashSet<>();
            LocalDateTime hour = null;
            long inHour = 0;
            while (pending != null && pending.getString(0).equals(officer) && pending.getAs(3).equals(month)) {
                Row r = pending;
                LocalDateTime at = r.getAs(1);
                boolean contact = r.getBoolean(6);
                String action = r.getString(9);
                List<Integer> topics = r.getList(10);
                c[0]++;
                if (contact) {
                    c[1]++;
                    units.add(r.getString(4));
                    if (!topics.isEmpty()) {
                        c[4]++;
                    }
                    for (Integer t : topics) {
                        c[4 + t]++; // topics are 1..5, distinct (VisitFacts)
                    }
                }
                if (action.equals("created")) {
                    c[2]++;
                    if (!contact) {
                        c[15]++;
                    }
                } else if (action.equals("corrected")) {
                    c[3]++;
                }
                c[10] += r.getInt(11);
                if (r.getBoolean(7)) {
                    c[11]++;
                }
                if (r.getBoolean(8)) {
                    c[12]++;
                }
                if (r.getBoolean(12)) {
                    c[13]++;
                    days.add(r.getAs(5));
                }
                // the previous visit may lie in the month before: previousAt runs across months
                if (previousAt != null
                        && ChronoUnit.MICROS.between(previousAt, at) < OfficerMonthly.QUICK_SUCCESSION_SECONDS * 1_000_000L) {
                    c[14]++;
                }
                previousAt = at;
                LocalDateTime h = at.truncatedTo(ChronoUnit.HOURS);
                if (!h.equals(hour)) {
                    c[18] += inHour > OfficerMonthly.VISITS_PER_HOUR_SIGNAL ? 1 : 0;
                    hour = h;
                    inHour = 0;
                }
                inHour++;
                pending = in.hasNext() ? in.next() : null;
            }
            c[18] += inHour > OfficerMonthly.VISITS_PER_HOUR_SIGNAL ? 1 : 0;
            c[16] = units.size();
            c[17] = days.size();
            Object[] values = new Object[2 + c.length];
            values[0] = officer;
            values[1] = month;
            for (int i = 0; i < c.length; i++) {
                values[2 + i] = c[i];
            }
            return RowFactory.create(values);
        }
    }
}
