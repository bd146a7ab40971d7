package jp.junkai.schema;

import java.util.Optional;

/**
 * The ways a station export spells a calendar date (SPEC §1). Readers accept every form; a
 * {@link CsvMapping} names the forms its station system writes.
 */
public enum DateForm {
    /** {@code 2024-09-13}: the {@code jsonl} form. */
    ISO("iso"),
    /** {@code 2024/09/13}. */
    WESTERN("western"),
    /** {@code 令和6年9月13日}, first year of an era written {@code 元年}. */
    ERA_KANJI("era-kanji"),
    /** {@code R06.09.13}: era initial, two-digit era year, month and day. */
    ERA_INITIAL("era-initial");

    private final String code;

    DateForm(String code) {
        this.code = code;
    }

    /** The name used in mapping files, e.g. {@code era-kanji}. */
    public String code() {
        return code;
    }

    public static Optional<DateForm> byCode(String code) {
        for (DateForm f : values()) {
            if (f.code.equals(code)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
