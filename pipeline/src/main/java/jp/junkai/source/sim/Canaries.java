package jp.junkai.source.sim;

import java.util.List;

/**
 * Made-up personal values that the simulator plants in every station's sources so that tests can
 * prove none of them ever reaches the lake, the marts, the exports, the logs or the quarantine:
 * search every byte written downstream for each of {@link #ALL} (in UTF-8 and in CP932).
 *
 * <p>Where they appear: the first unit of every station carries {@link #ADDRESS},
 * {@link #OCCUPANT_NAME} and {@link #PHONE}; the first card of every station has a member
 * {@link #MEMBER_NAME} born {@link #BIRTH_DATE} working at {@link #WORKPLACE}, the emergency
 * contact {@link #EMERGENCY_CONTACT}, the vehicle {@link #VEHICLE} and the note {@link #CARD_NOTE};
 * the first officer of every station is named {@link #OFFICER_NAME}; the first visit of every
 * station has the note {@link #VISIT_NOTE}. All are encodable in CP932.
 */
public final class Canaries {

    public static final String OCCUPANT_NAME = "金成屋 花子";
    public static final String ADDRESS = "カナリア町9丁目9番99号";
    public static final String PHONE = "090-4649-0001";
    public static final String MEMBER_NAME = "KANARIA TESTMEMBER";
    public static final String BIRTH_DATE = "1911-11-11";
    public static final String WORKPLACE = "カナリア商事株式会社";
    public static final String EMERGENCY_CONTACT = "CANARY-EMERGENCY-5581";
    public static final String VEHICLE = "品川 500 か 46-49";
    public static final String CARD_NOTE = "CANARY-CARD-NOTE-7731";
    public static final String OFFICER_NAME = "巡連 金糸雀";
    public static final String VISIT_NOTE = "CANARY-VISIT-NOTE-2217";

    public static final List<String> ALL = List.of(OCCUPANT_NAME, ADDRESS, PHONE, MEMBER_NAME, BIRTH_DATE, WORKPLACE,
            EMERGENCY_CONTACT, VEHICLE, CARD_NOTE, OFFICER_NAME, VISIT_NOTE);

    private Canaries() {
    }
}
