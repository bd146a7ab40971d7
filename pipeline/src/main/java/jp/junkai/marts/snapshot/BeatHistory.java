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
 * @param changes   the beat's units whose histories changed since that earlier build, as they were
 *                  and as they are, where known ({@link BeatHistories#patched}); else null
 */
public record BeatHistory(String beatCode, String areaType, List<UnitHistory> units, boolean unchanged,
                          Changes changes) implements Serializable {

    private static final long serialVersionUID = 2L;

    public BeatHistory {
        Objects.requireNonNull(beatCode, "beatCode");
        units = List.copyOf(units);
    }

    /** A beat not known to be unchanged, its changes unknown. */
    public BeatHistory(String beatCode, String areaType, List<UnitHistory> units) {
        this(beatCode, areaType, units, false, null);
    }

    /**
     * The units of a beat whose histories changed since an earlier build: every other unit of the
     * beat has the history it had then.
     *
     * @param before their histories in the earlier build (units that were in the beat then)
     * @param after  their histories now (units in the beat now)
     */
    public record Changes(List<UnitHistory> before, List<UnitHistory> after) implements Serializable {

        private static final long serialVersionUID = 1L;

        public Changes {
            before = List.copyOf(before);
            after = List.copyOf(after);
        }
    }
}
