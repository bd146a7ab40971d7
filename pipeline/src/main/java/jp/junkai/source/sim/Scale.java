package jp.junkai.source.sim;

import java.util.Locale;
import java.util.Optional;

/** Size presets of a simulated prefecture. {@code --stations/--units/--months} override them. */
public enum Scale {
    /** A few stations: seconds of work, for tests and the demo. */
    SMALL(3, 3_000, 24),
    /** A mid-sized city. */
    MEDIUM(12, 300_000, 36),
    /** About a large prefecture: 100 stations, ~1,000 kobans, ~6,000 beats, ~15,000 officers, 8M units, ~20M visits. */
    PREFECTURE(100, 8_000_000, 36);

    private final int stations;
    private final long units;
    private final int months;

    Scale(int stations, long units, int months) {
        this.stations = stations;
        this.units = units;
        this.months = months;
    }

    public int stations() {
        return stations;
    }

    public long units() {
        return units;
    }

    public int months() {
        return months;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Scale> byCode(String code) {
        for (Scale s : values()) {
            if (s.code().equals(code)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
