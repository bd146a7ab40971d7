package jp.junkai.marts.snapshot;

import java.io.Serializable;

/**
 * A beat's turnover (異動状況) on a snapshot date D (SPEC §5 "Turnover").
 *
 * @param events      move-in and move-out changes, registrations and closures of its units with a day
 *                    in (D − 365, D], each counted (SPEC §6.20)
 * @param activeStart its units active on D − 365, exempt ones included
 * @param activeEnd   its units active on D, exempt ones included
 * @param band        the band of {@link #rate()} under R(D)
 * @param ruleSetId   R(D)
 */
public record BeatTurnover(int asOf, String beatCode, int events, int activeStart, int activeEnd, String band,
                           String ruleSetId) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** (active on D − 365 + active on D) / 2. */
    public double base() {
        return (activeStart + activeEnd) / 2.0;
    }

    /** events / base, and 0 where the base is 0. */
    public double rate() {
        double base = base();
        return base == 0 ? 0.0 : events / base;
    }
}
