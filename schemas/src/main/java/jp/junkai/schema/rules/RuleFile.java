package jp.junkai.schema.rules;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * HQ's frequency rule file (第5-2, SPEC §2): versioned {@link RuleSet}s, each in force from its
 * {@code effective_from} until the next one takes effect. The format is documented in
 * {@code docs/rules.md}.
 *
 * <p>{@link #load(Path)} and {@link #parse(String, String)} validate the whole file and fail with
 * an {@link IllegalArgumentException} reading {@code Cannot load rule file <file>: line N:
 * <problem>}.
 *
 * <p>Which rule set governs what (SPEC §6.11): everything computed on a date D uses
 * {@link #ruleAt(LocalDate) R(D)}; for a month M the rule set in force on its last day
 * ({@link #ruleForMonth(YearMonth)}) governs the month's contacts, night window and commendation,
 * while statuses "on D0" (the last day of the month before) use R(D0).
 *
 * <p>Instances are immutable and serializable.
 */
public final class RuleFile implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The example rule file of the repository, relative to the repository root. */
    public static final String DEFAULT_PATH = "ops/rules/default.yaml";

    private final String name;
    private final List<RuleSet> ruleSets;

    /**
     * A rule file of these rule sets, in any order; they are kept sorted by effective date.
     *
     * @param name the file name used in messages
     * @throws IllegalArgumentException when there is no rule set, or two share an id or an
     *                                  effective date
     */
    public RuleFile(String name, List<RuleSet> ruleSets) {
        this.name = Objects.requireNonNull(name, "name");
        List<RuleSet> sorted = new ArrayList<>(ruleSets);
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("Cannot describe rule file " + name + ": it has no rule set");
        }
        sorted.sort(Comparator.comparing(RuleSet::effectiveFrom));
        Map<String, RuleSet> ids = new HashMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            RuleSet s = sorted.get(i);
            if (ids.putIfAbsent(s.id(), s) != null) {
                throw new IllegalArgumentException("Cannot describe rule file " + name + ": rule set id " + s.id()
                        + " is used twice");
            }
            if (i > 0 && sorted.get(i - 1).effectiveFrom().equals(s.effectiveFrom())) {
                throw new IllegalArgumentException("Cannot describe rule file " + name + ": rule sets "
                        + sorted.get(i - 1).id() + " and " + s.id() + " both take effect on " + s.effectiveFrom());
            }
        }
        this.ruleSets = List.copyOf(sorted);
    }

    /** A rule file of these rule sets, named {@code rules}. */
    public static RuleFile of(RuleSet... ruleSets) {
        return new RuleFile("rules", List.of(ruleSets));
    }

    /**
     * Loads and validates a rule file (UTF-8 YAML).
     *
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException when its content is not a valid rule file
     */
    public static RuleFile load(Path file) throws IOException {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException("Cannot load rule file " + name + ": no such file", e);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("Cannot load rule file " + name + ": the file is not UTF-8 text", e);
        } catch (IOException e) {
            throw new IOException("Cannot load rule file " + name + ": " + e.getMessage(), e);
        }
        return parse(text, name);
    }

    /**
     * Validates a rule file given as text.
     *
     * @param name the file name used in error messages
     * @throws IllegalArgumentException when the text is not a valid rule file
     */
    public static RuleFile parse(String yaml, String name) {
        return new RuleFile(name, new RuleFileLoader(name).load(yaml));
    }

    /** The file name given at loading. */
    public String name() {
        return name;
    }

    /** The rule sets, sorted by effective date (earliest first); never empty. */
    public List<RuleSet> ruleSets() {
        return ruleSets;
    }

    /** The earliest rule set. */
    public RuleSet first() {
        return ruleSets.get(0);
    }

    /** The rule set of that id, if any. */
    public Optional<RuleSet> byId(String id) {
        return ruleSets.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /**
     * R(d): the rule set in force on {@code d}, the one with the latest {@code effective_from} ≤ d.
     *
     * @throws IllegalArgumentException when d is before the first rule set takes effect (SPEC §6.10)
     */
    public RuleSet ruleAt(LocalDate d) {
        Objects.requireNonNull(d, "date");
        int lo = 0;
        int hi = ruleSets.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (ruleSets.get(mid).effectiveFrom().isAfter(d)) {
                hi = mid - 1;
            } else {
                found = mid;
                lo = mid + 1;
            }
        }
        if (found < 0) {
            RuleSet first = first();
            throw new IllegalArgumentException("Cannot compute a snapshot on " + d + ": the first rule set ("
                    + first.id() + ") takes effect on " + first.effectiveFrom());
        }
        return ruleSets.get(found);
    }

    /**
     * The rule set that governs month M's contacts, night window and commendation: the one in force
     * on the month's last day (SPEC §6.11).
     */
    public RuleSet ruleForMonth(YearMonth month) {
        return ruleAt(month.atEndOfMonth());
    }

    /** Whether some rule set is in force on d (d is not before the first one). */
    public boolean covers(LocalDate d) {
        return !d.isBefore(first().effectiveFrom());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RuleFile other && name.equals(other.name) && ruleSets.equals(other.ruleSets);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, ruleSets);
    }

    @Override
    public String toString() {
        return "RuleFile " + name + " " + ruleSets.stream().map(RuleSet::id).toList();
    }
}
