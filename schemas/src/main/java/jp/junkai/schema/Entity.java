package jp.junkai.schema;

import static jp.junkai.schema.Field.optional;
import static jp.junkai.schema.Field.optionalEnum;
import static jp.junkai.schema.Field.required;
import static jp.junkai.schema.Field.requiredEnum;
import static jp.junkai.schema.FieldType.BOOL;
import static jp.junkai.schema.FieldType.DATE;
import static jp.junkai.schema.FieldType.INT;
import static jp.junkai.schema.FieldType.STRING;
import static jp.junkai.schema.FieldType.TIMESTAMP;
import static jp.junkai.schema.FieldType.TOPICS;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The nine entities a station system exports (SPEC §1), each with the allow-list of fields the
 * pipeline may read. Anything a source sends beyond these fields (names, addresses, members,
 * notes, …) is personal data or noise and is dropped at the read boundary.
 *
 * <p>{@link #fields()} is the key, the entity's attributes in SPEC order, then the common
 * envelope {@code updated_at} and {@code deleted}.
 */
public enum Entity {
    BEATS("beats", "beat_code",
            required("station_code", STRING),
            required("koban_code", STRING),
            optional("koban_name", STRING),
            requiredEnum("area_type", "residential", "commercial", "mixed", "rural")),
    OFFICERS("officers", "officer_id",
            required("station_code", STRING),
            optional("koban_code", STRING),
            requiredEnum("department", "community", "other")),
    ASSIGNMENTS("assignments", "assignment_id",
            required("officer_id", STRING),
            required("beat_code", STRING),
            requiredEnum("role", "primary", "support"),
            required("start_date", DATE),
            optional("end_date", DATE)),
    UNITS("units", "unit_id",
            required("beat_code", STRING),
            requiredEnum("unit_kind", "household", "business"),
            optionalEnum("dwelling", "detached", "apartment", "other"),
            required("registered_on", DATE).checkedForFuture(),
            optional("closed_on", DATE),
            optional("exempt_from", DATE),
            optional("exempt_to", DATE),
            optional("exempt_reason", STRING),
            optional("foreign_resident", BOOL),
            optional("elderly_only", BOOL)),
    CARDS("cards", "card_id",
            required("unit_id", STRING),
            requiredEnum("form", "household", "business"),
            optional("language", STRING),
            optionalEnum("method", "resident", "officer"),
            required("created_on", DATE).checkedForFuture(),
            optional("created_by", STRING),
            optional("last_corrected_on", DATE).checkedForFuture(),
            optionalEnum("status", "active", "archived"),
            optional("archived_on", DATE),
            optional("members_count", INT)),
    CARD_CHANGES("card_changes", "change_id",
            required("card_id", STRING),
            required("unit_id", STRING),
            required("changed_on", DATE).checkedForFuture(),
            requiredEnum("kind", "move_in", "move_out", "member_added", "member_removed", "contact_changed", "other")),
    VISITS("visits", "visit_id",
            required("unit_id", STRING),
            required("officer_id", STRING),
            required("visited_at", TIMESTAMP).checkedForFuture(),
            requiredEnum("outcome", "met", "absent", "refused", "vacant"),
            requiredEnum("card_action", "none", "created", "corrected", "confirmed"),
            optional("topics", TOPICS),
            optional("concerns_count", INT),
            optional("dedicated_day", BOOL),
            optional("night_approval_id", STRING)),
    NIGHT_APPROVALS("night_approvals", "approval_id",
            required("officer_id", STRING),
            optional("approver_id", STRING),
            required("approved_date", DATE).checkedForFuture()),
    INSPECTIONS("inspections", "inspection_id",
            required("koban_code", STRING),
            required("inspected_on", DATE).checkedForFuture(),
            optional("inspector_id", STRING),
            optional("cards_checked", INT),
            optional("findings_count", INT));

    public static final String UPDATED_AT = "updated_at";
    public static final String DELETED = "deleted";

    private final String code;
    private final String key;
    private final List<Field> fields;
    private final Map<String, Integer> positions = new HashMap<>();

    Entity(String code, String key, Field... attributes) {
        this.code = code;
        this.key = key;
        List<Field> all = new ArrayList<>();
        all.add(required(key, STRING));
        all.addAll(Arrays.asList(attributes));
        all.add(required(UPDATED_AT, TIMESTAMP).checkedForFuture());
        all.add(optional(DELETED, BOOL));
        this.fields = Collections.unmodifiableList(all);
        for (int i = 0; i < all.size(); i++) {
            positions.put(all.get(i).name(), i);
        }
    }

    /** The entity's name in exports, inbox folders and the lake, e.g. {@code card_changes}. */
    public String code() {
        return code;
    }

    /** The name of the key field, e.g. {@code unit_id}. */
    public String key() {
        return key;
    }

    /** Key, attributes in SPEC order, then {@code updated_at} and {@code deleted}. */
    public List<Field> fields() {
        return fields;
    }

    public Field field(String name) {
        Integer i = positions.get(name);
        if (i == null) {
            throw new IllegalArgumentException("Cannot find field " + name + " in entity " + code);
        }
        return fields.get(i);
    }

    /** The position of a field in {@link #fields()}; records are arrays in that order. */
    public int index(String name) {
        Integer i = positions.get(name);
        if (i == null) {
            throw new IllegalArgumentException("Cannot find field " + name + " in entity " + code);
        }
        return i;
    }

    public boolean hasField(String name) {
        return positions.containsKey(name);
    }

    public static Optional<Entity> byCode(String code) {
        for (Entity e : values()) {
            if (e.code.equals(code)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
