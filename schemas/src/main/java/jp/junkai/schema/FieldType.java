package jp.junkai.schema;

/** The value types a station export field can have, as the SPEC (§1) describes them. */
public enum FieldType {
    /** A code or free identifier. */
    STRING,
    /** A value from a fixed list ({@link Field#values()}). */
    ENUM,
    /** A calendar date, {@code YYYY-MM-DD} in {@code jsonl}. */
    DATE,
    /** An instant; Japan local time once read. */
    TIMESTAMP,
    /** A whole number (counts). */
    INT,
    BOOL,
    /** A list of the 第5-4 guidance item numbers 1–5. */
    TOPICS
}
