package jp.junkai.schema;

/** Why a record went to quarantine (SPEC §6.8). The lower-case name is the code in every table. */
public enum ReasonCode {
    MISSING_KEY,
    MISSING_FIELD,
    UNKNOWN_ENUM,
    UNPARSABLE_DATE,
    BAD_TYPE,
    FUTURE_DATE,
    UNKNOWN_UNIT,
    UNKNOWN_OFFICER,
    BROKEN_LINE,
    WRONG_ENCODING;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
