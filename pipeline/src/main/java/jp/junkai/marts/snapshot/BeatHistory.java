package jp.junkai.marts.snapshot;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * One beat (受持区) and the histories of all its units: the unit of work of the snapshot engine,
 * because a unit's required interval depends on its beat's turnover band.
 *
 * @param areaType  the beat's area type (its latest version: no attribute history, SPEC §6.9)
 * @param unchanged whether the beat, its area type and every unit's history are known to be as an
 *                  earlier build's ({@link BeatHistories#patched}): its fingerprint then is too
 */
public record BeatHistory(String beatCode, String areaType, List<UnitHistory> units, boolean unchanged)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public BeatHistory {
        Objects.requireNonNull(beatCode, "beatCode");
        units = List.copyOf(units);
    }

    /** A beat not known to be unchanged. */
    public BeatHistory(String beatCode, String areaType, List<UnitHistory> units) {
        this(beatCode, areaType, units, false);
    }
}
