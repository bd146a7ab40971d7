package jp.junkai.source.sim;

/** Builds record ids like {@code S001-V000012345} without the cost of String.format on hot paths. */
final class Ids {

    private Ids() {
    }

    static String of(String station, String infix, long number, int width) {
        String digits = Long.toString(number);
        StringBuilder sb = new StringBuilder(station.length() + infix.length() + Math.max(width, digits.length()));
        sb.append(station).append(infix);
        for (int i = digits.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(digits).toString();
    }
}
