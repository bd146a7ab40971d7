package jp.junkai.marts.snapshot;

import java.io.Serializable;

/**
 * The dated facts of one liaison card (巡回連絡カード, 第6) that the snapshots need: activity follows
 * its dates, not its informational {@code status} (SPEC §6.9).
 *
 * @param createdOn       the day it was made
 * @param archivedOn      the day it was archived, or {@link Days#NONE}
 * @param lastCorrectedOn the day it was last corrected, or {@link Days#NONE}
 * @param foreignLanguage its language is not {@code ja} (an absent language is {@code ja})
 */
public record CardHistory(int createdOn, int archivedOn, int lastCorrectedOn, boolean foreignLanguage)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Active on day d: created on or before d and not archived on or before d. */
    public boolean activeOn(int d) {
        return createdOn <= d && (archivedOn == Days.NONE || archivedOn > d);
    }
}
