package jp.junkai.source.sim;

/**
 * The character of a simulated beat: what its area type is and how quickly its residents change
 * (異動状況), which is what HQ's frequency bands react to.
 */
enum BeatProfile {
    //          area_type      moves/yr apartment business new-units foreign elderly
    RURAL("rural", 0.025, 0.05, 0.06, 0.01, 0.01, 0.45),
    RESIDENTIAL("residential", 0.05, 0.40, 0.05, 0.02, 0.02, 0.30),
    STUDENT("residential", 0.33, 0.90, 0.04, 0.03, 0.08, 0.05),
    NEW_DEVELOPMENT("residential", 0.07, 0.55, 0.03, 0.30, 0.03, 0.10),
    COMMERCIAL("commercial", 0.14, 0.60, 0.45, 0.04, 0.05, 0.15),
    MIXED("mixed", 0.08, 0.45, 0.15, 0.03, 0.03, 0.25),
    FACTORY_TOWN("mixed", 0.12, 0.50, 0.20, 0.03, 0.18, 0.20);

    final String areaType;
    final double movesPerYear;
    final double apartmentShare;
    final double businessShare;
    final double newUnitShare;
    final double foreignShare;
    final double elderlyShare;

    BeatProfile(String areaType, double movesPerYear, double apartmentShare, double businessShare, double newUnitShare,
                double foreignShare, double elderlyShare) {
        this.areaType = areaType;
        this.movesPerYear = movesPerYear;
        this.apartmentShare = apartmentShare;
        this.businessShare = businessShare;
        this.newUnitShare = newUnitShare;
        this.foreignShare = foreignShare;
        this.elderlyShare = elderlyShare;
    }

    private static final BeatProfile[] URBAN = {RESIDENTIAL, RESIDENTIAL, RESIDENTIAL, RESIDENTIAL, STUDENT, STUDENT,
        NEW_DEVELOPMENT, COMMERCIAL, COMMERCIAL, COMMERCIAL, MIXED, MIXED, MIXED, MIXED, FACTORY_TOWN, RURAL};
    private static final BeatProfile[] COUNTRY = {RURAL, RURAL, RURAL, RURAL, RURAL, RURAL, RURAL, RESIDENTIAL,
        RESIDENTIAL, MIXED, MIXED, NEW_DEVELOPMENT, FACTORY_TOWN, COMMERCIAL};

    static BeatProfile draw(java.util.SplittableRandom r, boolean urbanStation) {
        BeatProfile[] pool = urbanStation ? URBAN : COUNTRY;
        return pool[r.nextInt(pool.length)];
    }
}
