package jp.junkai.schema.rules;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jp.junkai.schema.Entity;

/**
 * One version of HQ's frequency rules (第5-2, SPEC §2): the rule set that is in force from
 * {@link #effectiveFrom()} until the next rule set of the {@link RuleFile} takes effect.
 *
 * <p>Instances are immutable, serializable (Spark closures may capture them) and validated on
 * construction; {@link RuleFile#load} validates a file first, with line numbers.
 *
 * @param id                     the rule set's name, e.g. {@code 2024-04}; unique in its file
 * @param effectiveFrom          the first day the rule set is in force
 * @param turnoverBands          lower bounds of the medium and high turnover bands (異動状況)
 * @param intervalsDays          required interval between counted contacts (巡回連絡), in days, per
 *                               unit kind ({@link #UNIT_KINDS}, both present)
 * @param overrides              area-type overrides of the intervals, first match wins; may be empty
 * @param newOccupantGraceDays   days a new occupant (or a newly registered unit) has before its first
 *                               contact is due
 * @param countedOutcomes        the visit outcomes that count as a contact, in {@link #OUTCOMES} order
 * @param nightWindow            the clock times of night visits (第5-3)
 * @param cardFreshnessDays      days after its last confirmation a card stays fresh (第6)
 * @param inspectionIntervalDays days after its last inspection a koban becomes overdue (第4-4)
 * @param commendation           thresholds of the commendation candidates (第4-3)
 */
public record RuleSet(String id, LocalDate effectiveFrom, TurnoverBands turnoverBands,
                      Map<String, Intervals> intervalsDays, List<AreaOverride> overrides,
                      int newOccupantGraceDays, Set<String> countedOutcomes, NightWindow nightWindow,
                      int cardFreshnessDays, int inspectionIntervalDays, Commendation commendation)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String LOW = "low";
    public static final String MEDIUM = "medium";
    public static final String HIGH = "high";

    /** The turnover bands, lowest first. */
    public static final List<String> BANDS = List.of(LOW, MEDIUM, HIGH);
    /** The unit kinds of {@code units.unit_kind}: {@code household, business}. */
    public static final List<String> UNIT_KINDS = Entity.UNITS.field("unit_kind").values();
    /** The area types of {@code beats.area_type}: {@code residential, commercial, mixed, rural}. */
    public static final List<String> AREA_TYPES = Entity.BEATS.field("area_type").values();
    /** The visit outcomes of {@code visits.outcome}: {@code met, absent, refused, vacant}. */
    public static final List<String> OUTCOMES = Entity.VISITS.field("outcome").values();

    public RuleSet {
        String where = "Cannot describe rule set " + id + ": ";
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("Cannot describe a rule set without an id");
        }
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        Objects.requireNonNull(turnoverBands, "turnoverBands");
        Objects.requireNonNull(nightWindow, "nightWindow");
        Objects.requireNonNull(commendation, "commendation");
        intervalsDays = kindMap(intervalsDays, where + "intervals_days", true);
        overrides = overrides == null ? List.of() : List.copyOf(overrides);
        if (newOccupantGraceDays < 0) {
            throw new IllegalArgumentException(where + "new_occupant_grace_days must not be negative");
        }
        if (cardFreshnessDays < 0) {
            throw new IllegalArgumentException(where + "card_freshness_days must not be negative");
        }
        if (inspectionIntervalDays < 0) {
            throw new IllegalArgumentException(where + "inspection_interval_days must not be negative");
        }
        Objects.requireNonNull(countedOutcomes, "countedOutcomes");
        if (countedOutcomes.isEmpty()) {
            throw new IllegalArgumentException(where + "counted_outcomes is empty");
        }
        for (String o : countedOutcomes) {
            if (!OUTCOMES.contains(o)) {
                throw new IllegalArgumentException(where + "unknown outcome " + o + " in counted_outcomes");
            }
        }
        Set<String> ordered = new LinkedHashSet<>();
        for (String o : OUTCOMES) {
            if (countedOutcomes.contains(o)) {
                ordered.add(o);
            }
        }
        countedOutcomes = Collections.unmodifiableSet(ordered);
    }

    /**
     * The turnover band of a turnover rate: {@code high} if the rate ≥ the high threshold, else
     * {@code medium} if ≥ the medium threshold, else {@code low}. A rate exactly at a threshold
     * belongs to the higher band.
     */
    public String band(double turnoverRate) {
        if (Double.isNaN(turnoverRate)) {
            throw new IllegalArgumentException("Cannot band a turnover rate that is not a number");
        }
        if (turnoverRate >= turnoverBands.high()) {
            return HIGH;
        }
        return turnoverRate >= turnoverBands.medium() ? MEDIUM : LOW;
    }

    /**
     * The required interval in days of a unit of that kind in a beat of that band and area type
     * (SPEC §5 "Required interval"): {@code intervals_days[unitKind][band]}, replaced by the first
     * override whose {@code area_type} is {@code areaType} and that names {@code unitKind}. An
     * override for the area type that does not name the unit kind is skipped and later overrides are
     * tried.
     *
     * @param areaType the beat's area type; null matches no override
     * @throws IllegalArgumentException for an unknown unit kind or band
     */
    public int interval(String unitKind, String band, String areaType) {
        if (!UNIT_KINDS.contains(unitKind)) {
            throw new IllegalArgumentException("Cannot find an interval for unit kind " + unitKind + " (known: "
                    + String.join(", ", UNIT_KINDS) + ")");
        }
        if (!BANDS.contains(band)) {
            throw new IllegalArgumentException("Cannot find an interval for band " + band + " (known: "
                    + String.join(", ", BANDS) + ")");
        }
        if (areaType != null) {
            for (AreaOverride o : overrides) {
                if (o.areaType().equals(areaType) && o.names(unitKind)) {
                    return o.forKind(unitKind).of(band);
                }
            }
        }
        return intervalsDays.get(unitKind).of(band);
    }

    /** Whether a visit with that outcome is a contact under this rule set. */
    public boolean counts(String outcome) {
        return countedOutcomes.contains(outcome);
    }

    private static Map<String, Intervals> kindMap(Map<String, Intervals> m, String what, boolean everyKind) {
        Objects.requireNonNull(m, what);
        Map<String, Intervals> ordered = new LinkedHashMap<>();
        for (String kind : UNIT_KINDS) {
            Intervals i = m.get(kind);
            if (i != null) {
                ordered.put(kind, i);
            } else if (everyKind) {
                throw new IllegalArgumentException(what + " has no " + kind);
            }
        }
        for (String kind : m.keySet()) {
            if (!UNIT_KINDS.contains(kind)) {
                throw new IllegalArgumentException(what + ": unknown unit kind " + kind);
            }
        }
        return Collections.unmodifiableMap(ordered);
    }

    // ------------------------------------------------------------------ parts

    /**
     * Lower bounds of the turnover bands: {@code 0 ≤ medium ≤ high}.
     */
    public record TurnoverBands(double medium, double high) implements Serializable {
        private static final long serialVersionUID = 1L;

        public TurnoverBands {
            if (!Double.isFinite(medium) || !Double.isFinite(high) || medium < 0 || high < 0) {
                throw new IllegalArgumentException("Cannot describe turnover bands " + medium + ", " + high
                        + ": thresholds are finite and not negative");
            }
            if (medium > high) {
                throw new IllegalArgumentException("Cannot describe turnover bands: medium " + medium
                        + " is above high " + high);
            }
        }
    }

    /** Required intervals in days per band, each positive. */
    public record Intervals(int low, int medium, int high) implements Serializable {
        private static final long serialVersionUID = 1L;

        public Intervals {
            if (low <= 0 || medium <= 0 || high <= 0) {
                throw new IllegalArgumentException("Cannot describe intervals " + low + "/" + medium + "/" + high
                        + ": every interval is a positive number of days");
            }
        }

        /** The interval of a band ({@link #BANDS}). */
        public int of(String band) {
            return switch (band) {
                case LOW -> low;
                case MEDIUM -> medium;
                case HIGH -> high;
                default -> throw new IllegalArgumentException("Cannot find an interval for band " + band
                        + " (known: " + String.join(", ", BANDS) + ")");
            };
        }
    }

    /**
     * An area-type override of the intervals: for beats of {@code areaType}, the unit kinds it
     * names take these intervals instead of {@link #intervalsDays()}; the kinds it does not name
     * are left to later overrides and then to the base intervals.
     *
     * @param intervals per unit kind it names (one or both), in {@link #UNIT_KINDS} order
     */
    public record AreaOverride(String areaType, Map<String, Intervals> intervals) implements Serializable {
        private static final long serialVersionUID = 1L;

        public AreaOverride {
            if (!AREA_TYPES.contains(areaType)) {
                throw new IllegalArgumentException("Cannot describe an override for unknown area type " + areaType
                        + " (known: " + String.join(", ", AREA_TYPES) + ")");
            }
            intervals = kindMap(intervals, "Cannot describe the override for " + areaType, false);
            if (intervals.isEmpty()) {
                throw new IllegalArgumentException("Cannot describe the override for " + areaType
                        + ": it names no unit kind");
            }
        }

        /** Whether the override gives intervals for that unit kind. */
        public boolean names(String unitKind) {
            return intervals.containsKey(unitKind);
        }

        /** The intervals it gives that unit kind, or null when it does not name it. */
        public Intervals forKind(String unitKind) {
            return intervals.get(unitKind);
        }
    }

    /**
     * The night window (第5-3, SPEC §6.16). When {@code start} is after {@code end} the window
     * crosses midnight: a time is at night when it is ≥ start or < end. Otherwise a time is at
     * night when start ≤ time < end. Start and end differ.
     */
    public record NightWindow(LocalTime start, LocalTime end) implements Serializable {
        private static final long serialVersionUID = 1L;

        public NightWindow {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            if (start.equals(end)) {
                throw new IllegalArgumentException("Cannot describe a night window that starts and ends at " + start);
            }
        }

        /** start &gt; end: the window runs from the evening over midnight into the morning. */
        public boolean crossesMidnight() {
            return start.isAfter(end);
        }

        /** Whether a Japan-time clock time is at night. */
        public boolean isNight(LocalTime t) {
            if (crossesMidnight()) {
                return !t.isBefore(start) || t.isBefore(end);
            }
            return !t.isBefore(start) && t.isBefore(end);
        }

        /**
         * Whether a night visit at that time may be approved for the day before its date: only when
         * the window crosses midnight and the time is before {@code end} (the visit belongs to the
         * night that began the evening before).
         */
        public boolean approvableOnPreviousDay(LocalTime t) {
            return crossesMidnight() && t.isBefore(end);
        }

        /**
         * Whether an approval dated {@code approvedDate} covers a visit at that date and time: the
         * visit's own date, or the day before for a time {@link #approvableOnPreviousDay}.
         */
        public boolean approves(LocalDate approvedDate, LocalDate visitDate, LocalTime visitTime) {
            return approvedDate.equals(visitDate)
                    || approvableOnPreviousDay(visitTime) && approvedDate.equals(visitDate.minusDays(1));
        }
    }

    /**
     * Commendation thresholds (第4-3): at least {@code minContacts} contacts in the month and a
     * due-cleared percent rank of at least {@code minPercentile} (in [0, 1]).
     */
    public record Commendation(int minContacts, double minPercentile) implements Serializable {
        private static final long serialVersionUID = 1L;

        public Commendation {
            if (minContacts < 0) {
                throw new IllegalArgumentException("Cannot describe commendation: min_contacts must not be negative");
            }
            if (!(minPercentile >= 0 && minPercentile <= 1)) {
                throw new IllegalArgumentException("Cannot describe commendation: min_percentile must be in [0, 1]");
            }
        }
    }
}
