package jp.junkai.marts.snapshot;

import java.io.Serializable;

/**
 * One unit on one snapshot date D: its status (turnover-adjusted frequency compliance), coverage
 * and card facts, under R(D). Days are epoch days, {@link Days#NONE} where absent.
 *
 * @param status           {@link #COMPLIANT}, {@link #NOT_YET_DUE}, {@link #OVERDUE}; null when not eligible
 * @param daysOverdue      D − due_date for an overdue unit, else 0
 * @param attempted12m     eligible, with a visit of any outcome in (D − 365, D]
 * @param contacted12m     eligible, with a counted contact in (D − 365, D]
 * @param contactedFytd    eligible, with a counted contact from 1 April of D's fiscal year through D
 * @param visits12m        visits of any outcome in (D − 365, D] if eligible, else 0
 * @param hasCard          eligible, with an active card
 * @param activeCards      active cards, if eligible, else 0
 * @param freshCards       active cards confirmed within the freshness days, if eligible, else 0
 * @param foreignUnit      eligible and foreign_resident
 * @param foreignCard      a foreign unit with an active card whose language is not {@code ja}
 * @param orphanCards      active cards while the unit is not active (第6-5 finding), else 0
 * @param dueNext          eligible and overdue on D or due by the next month-end D' (officer due units)
 * @param clearedNext      a counted contact under R(D') dated in (D, D']
 */
public record UnitStatus(int asOf, String unitId, String unitKind, boolean active, boolean exempt, boolean eligible,
                         String status, int occupantSince, int lastContact, int dueDate, int daysOverdue,
                         int intervalDays, boolean attempted12m, boolean contacted12m, boolean contactedFytd,
                         int visits12m, boolean hasCard, int activeCards, int freshCards, boolean foreignUnit,
                         boolean foreignCard, int orphanCards, boolean dueNext, boolean clearedNext)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String COMPLIANT = "compliant";
    public static final String NOT_YET_DUE = "not_yet_due";
    public static final String OVERDUE = "overdue";
}
