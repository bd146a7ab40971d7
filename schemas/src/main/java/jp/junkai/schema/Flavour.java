package jp.junkai.schema;

import java.util.Optional;

/** How a station system delivers its exports (SPEC §1). */
public enum Flavour {
    /** UTF-8 JSON Lines files in an inbox folder. */
    JSONL("jsonl", "jsonl"),
    /** Windows-31J CSV with Japanese headers and era dates, in an inbox folder. */
    CSV_SJIS("csv-sjis", "csv"),
    /** One table per entity in the station's PostgreSQL or MariaDB database. */
    JDBC("jdbc", null);

    private final String code;
    private final String fileExtension;

    Flavour(String code, String fileExtension) {
        this.code = code;
        this.fileExtension = fileExtension;
    }

    public String code() {
        return code;
    }

    /** The data file extension without the dot; null for {@link #JDBC}. */
    public String fileExtension() {
        return fileExtension;
    }

    public boolean isFile() {
        return fileExtension != null;
    }

    public static Optional<Flavour> byCode(String code) {
        for (Flavour f : values()) {
            if (f.code.equals(code)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
