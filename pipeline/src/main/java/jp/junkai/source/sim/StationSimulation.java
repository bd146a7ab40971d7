package jp.junkai.source.sim;

import java.io.IOException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

import jp.junkai.schema.Entity;
import jp.junkai.source.SourceRecord;

/**
 * One police station's system, simulated day by day: its kobans, beats, officers and their
 * assignments, the units of its beats with their move-ins, move-outs, registrations, closures and
 * exemptions, the liaison cards, and the officers' visits, night approvals and koban inspections.
 *
 * <p>Everything is drawn from one random stream seeded by (seed, station), in a fixed order, and
 * nothing depends on the last simulated day: simulating further only appends days. That is what
 * makes the output byte-identical per seed and {@code --continue} equal to a longer run.
 */
final class StationSimulation {

    private static final int NONE = Integer.MIN_VALUE;
    private static final int NEVER = Integer.MAX_VALUE;
    private static final double VISITS_PER_UNIT_YEAR = 0.85;
    private static final String[] FOREIGN_LANGUAGES = {"zh", "zh", "vi", "vi", "ko", "tl", "pt", "ne", "en"};

    // event types
    private static final int EV_REGISTER = 1;
    private static final int EV_MOVE_OUT = 2;
    private static final int EV_MOVE_IN = 3;
    private static final int EV_CLOSE = 4;
    private static final int EV_EXEMPT = 5;
    private static final int EV_CARD_CHANGE = 6;

    private final String code;
    private final int stationNo;
    private final SplittableRandom rnd;
    private final RecordSink sink;
    private final int startDay;
    private final boolean urban;

    // kobans
    private final String[] kobanCode;
    private final String[] kobanName;
    private final int[] kobanNextInspection;
    private final boolean[] kobanNeglected;

    // beats
    private final String[] beatCode;
    private final BeatProfile[] beatProfile;
    private final int[] beatKoban;
    private final int[][] beatUnits;
    private final int[] beatCursor;
    private final int[] beatActiveUnits;
    private final IntQueue[] beatRevisits;
    private final int[] beatPrimary;
    private final String[] beatPrimaryAssignment;
    private final int[] beatPrimaryFrom;
    private final List<List<int[]>> beatSupport = new ArrayList<>(); // {officer, assignmentNo}

    // officers
    private final List<Officer> officers = new ArrayList<>();
    private final List<Integer> otherDept = new ArrayList<>();
    private final List<Integer> sectionChiefs = new ArrayList<>();
    private int assignmentSeq;

    // units
    private final int nUnits;
    private final int[] uBeat;
    private final boolean[] uBusiness;
    private final byte[] uDwelling;
    private final int[] uRegistered;
    private final int[] uClosed;
    private final int[] uExFrom;
    private final int[] uExTo;
    private final byte[] uExKind;
    private final boolean[] uForeign;
    private final boolean[] uElderly;
    private final boolean[] uVacant;
    private final int[] uOccupant;
    private final long[] uOccupantSeed;
    // current card of a unit
    private final int[] cNo;
    private final boolean[] cActive;
    private final int[] cCreated;
    private final int[] cCorrected;
    private final int[] cArchived;
    private final String[] cCreatedBy;
    private final boolean[] cByResident;
    private final String[] cLanguage;
    private final byte[] cMembers;

    private final PriorityQueue<long[]> events = new PriorityQueue<>((a, b) -> a[0] != b[0]
            ? Long.compare(a[0], b[0]) : Long.compare(a[3], b[3]));
    private long eventSeq;
    private long visitSeq;
    private long changeSeq;
    private long approvalSeq;
    private long inspectionSeq;
    private final Map<Long, String> approvals = new HashMap<>();
    private int day;
    private boolean firstVisit = true;

    StationSimulation(long seed, int stationNo, long units, LocalDate start, RecordSink sink) {
        this.stationNo = stationNo;
        this.code = stationCode(stationNo);
        this.rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + stationNo * 0xC2B2AE3D27D4EB4FL + 17);
        this.sink = sink;
        this.startDay = (int) start.toEpochDay();
        this.urban = rnd.nextDouble() < 0.65;
        this.nUnits = (int) units;

        int beats = Math.max(4, (int) Math.round(units / 1333.0));
        int kobans = Math.max(2, (int) Math.round(beats / 6.0));
        kobanCode = new String[kobans];
        kobanName = new String[kobans];
        kobanNextInspection = new int[kobans];
        kobanNeglected = new boolean[kobans];
        beatCode = new String[beats];
        beatProfile = new BeatProfile[beats];
        beatKoban = new int[beats];
        beatCursor = new int[beats];
        beatActiveUnits = new int[beats];
        beatRevisits = new IntQueue[beats];
        beatPrimary = new int[beats];
        beatPrimaryAssignment = new String[beats];
        beatPrimaryFrom = new int[beats];
        String[] towns = {"本町", "駅前", "栄", "緑ヶ丘", "旭", "若葉", "桜台", "中央", "港", "山手", "川端", "新田"};
        for (int k = 0; k < kobans; k++) {
            kobanCode[k] = String.format("%sK%02d", code, k + 1);
            boolean chuzaisho = !urban && rnd.nextDouble() < 0.6;
            kobanName[k] = towns[(k + stationNo) % towns.length] + (k >= towns.length ? String.valueOf(k) : "")
                    + (chuzaisho ? "駐在所" : "交番");
            kobanNeglected[k] = rnd.nextDouble() < 0.12;
            kobanNextInspection[k] = startDay + rnd.nextInt(90);
        }
        for (int b = 0; b < beats; b++) {
            beatKoban[b] = b * kobans / beats;
            beatCode[b] = String.format("%sB%02d", kobanCode[beatKoban[b]], b + 1 - firstBeatOf(beatKoban[b], beats, kobans));
            beatProfile[b] = BeatProfile.draw(rnd, urban);
            beatRevisits[b] = new IntQueue(256);
            beatPrimary[b] = -1;
            beatSupport.add(new ArrayList<>());
        }

        // units: spread over beats with uneven sizes
        double[] weight = new double[beats];
        double total = 0;
        for (int b = 0; b < beats; b++) {
            weight[b] = 0.6 + rnd.nextDouble() * 0.8;
            total += weight[b];
        }
        int[] size = new int[beats];
        int assigned = 0;
        for (int b = 0; b < beats; b++) {
            size[b] = Math.max(1, (int) (nUnits * weight[b] / total));
            assigned += size[b];
        }
        size[beats - 1] = Math.max(1, size[beats - 1] + nUnits - assigned);
        int n = 0;
        for (int b = 0; b < beats; b++) {
            n += size[b];
        }
        uBeat = new int[n];
        uBusiness = new boolean[n];
        uDwelling = new byte[n];
        uRegistered = new int[n];
        uClosed = new int[n];
        uExFrom = new int[n];
        uExTo = new int[n];
        uExKind = new byte[n];
        uForeign = new boolean[n];
        uElderly = new boolean[n];
        uVacant = new boolean[n];
        uOccupant = new int[n];
        uOccupantSeed = new long[n];
        cNo = new int[n];
        cActive = new boolean[n];
        cCreated = new int[n];
        cCorrected = new int[n];
        cArchived = new int[n];
        cCreatedBy = new String[n];
        cByResident = new boolean[n];
        cLanguage = new String[n];
        cMembers = new byte[n];
        int u = 0;
        int[][] members = new int[beats][];
        for (int b = 0; b < beats; b++) {
            members[b] = new int[size[b]];
            for (int i = 0; i < size[b]; i++) {
                members[b][i] = u;
                initUnit(u, b);
                u++;
            }
            shuffle(members[b]);
        }
        this.beatUnits = members;
    }

    static String stationCode(int stationNo) {
        return String.format("S%03d", stationNo);
    }

    private static int firstBeatOf(int koban, int beats, int kobans) {
        for (int b = 0; b < beats; b++) {
            if (b * kobans / beats == koban) {
                return b;
            }
        }
        return 0;
    }

    String code() {
        return code;
    }

    private void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private void initUnit(int u, int b) {
        BeatProfile p = beatProfile[b];
        uBeat[u] = b;
        uBusiness[u] = rnd.nextDouble() < p.businessShare;
        uDwelling[u] = (byte) (uBusiness[u] ? (rnd.nextDouble() < 0.7 ? 2 : 1) : rnd.nextDouble() < p.apartmentShare ? 1 : 0);
        if (rnd.nextDouble() < p.newUnitShare) {
            uRegistered[u] = startDay + 1 + rnd.nextInt(3 * 365);
        } else {
            // old registrations reach back into 昭和 and 平成
            uRegistered[u] = startDay - 1 - (int) (Math.pow(rnd.nextDouble(), 1.6) * 40 * 365);
        }
        uClosed[u] = NEVER;
        uExFrom[u] = NONE;
        uExTo[u] = NONE;
        double ex = rnd.nextDouble();
        if (ex < 0.012) {
            uExKind[u] = (byte) (1 + rnd.nextInt(3));
            int from = Math.max(uRegistered[u], startDay - 400) + rnd.nextInt(3 * 365);
            uExFrom[u] = from;
            double shape = rnd.nextDouble();
            if (shape < 0.55) {
                uExTo[u] = NONE;
            } else if (shape < 0.95) {
                uExTo[u] = from + 60 + rnd.nextInt(600);
            } else {
                uExTo[u] = from - 1 - rnd.nextInt(100); // inconsistent: never applies (SPEC §6.15)
            }
        } else if (ex < 0.0135) {
            uExKind[u] = 4; // a reason but no exempt_from: never applies
        }
        newOccupant(u);
        cCorrected[u] = NONE;
        cArchived[u] = NONE;
        cCreated[u] = NONE;
        cNo[u] = 0;
        // closures
        double closeRate = uBusiness[u] ? 0.04 : 0.012;
        int closeAt = drawAfter(Math.max(uRegistered[u], startDay), closeRate);
        if (closeAt != NEVER) {
            schedule(closeAt, EV_CLOSE, u, 0);
        }
        if (uRegistered[u] > startDay) {
            schedule(uRegistered[u], EV_REGISTER, u, 0);
        } else if (uExFrom[u] != NONE && uExFrom[u] > startDay) {
            // exemption known from its start
        }
        if (uExFrom[u] != NONE && uExFrom[u] > Math.max(startDay, uRegistered[u])) {
            schedule(uExFrom[u], EV_EXEMPT, u, 0);
        }
        scheduleMove(u, Math.max(uRegistered[u], startDay));
    }

    private void newOccupant(int u) {
        BeatProfile p = beatProfile[uBeat[u]];
        uForeign[u] = !uBusiness[u] && rnd.nextDouble() < p.foreignShare;
        uElderly[u] = !uBusiness[u] && !uForeign[u] && rnd.nextDouble() < p.elderlyShare;
        uOccupant[u]++;
        uOccupantSeed[u] = rnd.nextLong();
    }

    private int drawAfter(int from, double perYear) {
        double years = -Math.log(1 - rnd.nextDouble()) / perYear;
        if (years > 60) {
            return NEVER;
        }
        return from + 1 + (int) (years * 365);
    }

    private void scheduleMove(int u, int from) {
        double rate = beatProfile[uBeat[u]].movesPerYear * (uBusiness[u] ? 0.5 : 1.0) * (uElderly[u] ? 0.3 : 1.0);
        int at = drawAfter(from, rate);
        if (at != NEVER) {
            schedule(at, EV_MOVE_OUT, u, uOccupant[u]);
        }
    }

    private void schedule(int atDay, int type, int unit, int aux) {
        events.add(new long[] {atDay, ((long) type << 32) | (unit & 0xffffffffL), aux, eventSeq++});
    }

    // ------------------------------------------------------------------ the run

    /** Simulates every day from the start through {@code lastDay}, emitting records to the sink. */
    void run(LocalDate lastDay) throws IOException {
        int last = (int) lastDay.toEpochDay();
        day = startDay;
        initialLoad();
        for (day = startDay; day <= last; day++) {
            LocalDate date = LocalDate.ofEpochDay(day);
            if (date.getDayOfMonth() == 1) {
                startOfMonth(date);
            }
            if (date.getMonthValue() == 3 && date.getDayOfMonth() == 31) {
                transfers(0.22);
            } else if (date.getDayOfMonth() == date.lengthOfMonth()) {
                transfers(0.01);
            }
            processEvents();
            inspections();
            visits(date);
            if ((day & 7) == 0) {
                approvals.keySet().removeIf(k -> (k & 0xfffffL) < day - 3);
            }
            sink.endOfDay(day);
        }
    }

    private void initialLoad() throws IOException {
        for (int b = 0; b < beatCode.length; b++) {
            emit(Entity.BEATS, at(startDay, 8, 0), beatCode[b], code, kobanCode[beatKoban[b]], kobanName[beatKoban[b]],
                    beatProfile[b].areaType);
        }
        // community officers: one primary per beat, a few spare per koban; section chiefs; other departments
        for (int b = 0; b < beatCode.length; b++) {
            int o = newOfficer(beatKoban[b], true, startDay - 1 - rnd.nextInt(4 * 365));
            assignPrimary(b, o, officers.get(o).arrival, false);
        }
        for (int k = 0; k < kobanCode.length; k++) {
            int spare = 1 + rnd.nextInt(3);
            for (int s = 0; s < spare; s++) {
                int o = newOfficer(k, true, startDay - 1 - rnd.nextInt(4 * 365));
                supportBeatsOfKoban(o, k, officers.get(o).arrival, false);
            }
        }
        for (int i = 0; i < 2; i++) {
            int o = newOfficer(0, true, startDay - 1 - rnd.nextInt(4 * 365));
            sectionChiefs.add(o);
        }
        int others = Math.max(3, officers.size() / 2);
        for (int i = 0; i < others; i++) {
            int o = newOfficer(-1, false, startDay - 1 - rnd.nextInt(4 * 365));
            otherDept.add(o);
        }
        for (int o = 0; o < officers.size(); o++) {
            emitOfficer(o, startDay);
        }
        flushPendingAssignments(startDay);
        // units that exist at the start, with the cards they already have
        for (int u = 0; u < nUnits; u++) {
            if (uRegistered[u] <= startDay) {
                beatActiveUnits[uBeat[u]]++;
                emitUnit(u, startDay);
                if (rnd.nextDouble() < 0.65) {
                    int created = Math.max(uRegistered[u], startDay - 1 - rnd.nextInt(6 * 365));
                    String by = rnd.nextDouble() < 0.5
                            ? officers.get(beatPrimary[uBeat[u]]).id
                            : Ids.of(code, "-P9", rnd.nextInt(10000), 4); // a former officer
                    openCard(u, created, by);
                    if (rnd.nextDouble() < 0.4 && created < startDay - 1) {
                        cCorrected[u] = created + 1 + rnd.nextInt(startDay - 1 - created);
                    }
                    emitCard(u, startDay);
                }
            }
        }
    }

    private final List<Object[]> pendingAssignments = new ArrayList<>();

    private int newOfficer(int koban, boolean community, int arrival) {
        Officer o = new Officer();
        o.id = Ids.of(code, "-P", officers.size() + 1, 5);
        o.koban = koban;
        o.community = community;
        o.arrival = arrival;
        o.productivity = 0.55 + rnd.nextDouble() * 1.0;
        o.contactFactor = 0.8 + rnd.nextDouble() * 0.4;
        o.nightFactor = rnd.nextDouble() < 0.2 ? 3.0 : 0.6 + rnd.nextDouble();
        o.approvalDiligence = 0.55 + rnd.nextDouble() * 0.45;
        o.dedicatedPerMonth = rnd.nextInt(4);
        o.nameSeed = rnd.nextLong();
        officers.add(o);
        return officers.size() - 1;
    }

    private void emitOfficer(int o, int onDay) throws IOException {
        Officer off = officers.get(o);
        Map<String, Object> personal = new LinkedHashMap<>();
        personal.put("name", o == 0 ? Canaries.OFFICER_NAME : Names.person(new SplittableRandom(off.nameSeed), false));
        emitWith(Entity.OFFICERS, personal, at(onDay, 8, 30), off.id, code,
                off.koban < 0 ? null : kobanCode[off.koban], off.community ? "community" : "other");
    }

    private void assignPrimary(int b, int o, int from, boolean pending) {
        String id = Ids.of(code, "-A", ++assignmentSeq, 6);
        beatPrimary[b] = o;
        beatPrimaryAssignment[b] = id;
        beatPrimaryFrom[b] = from;
        pendingAssignments.add(new Object[] {id, officers.get(o).id, beatCode[b], "primary", from});
    }

    private void supportBeatsOfKoban(int o, int k, int from, boolean pending) {
        for (int b = 0; b < beatCode.length; b++) {
            if (beatKoban[b] == k && rnd.nextDouble() < 0.6) {
                String id = Ids.of(code, "-A", ++assignmentSeq, 6);
                beatSupport.get(b).add(new int[] {o, assignmentSeq, from});
                pendingAssignments.add(new Object[] {id, officers.get(o).id, beatCode[b], "support", from});
            }
        }
    }

    private void flushPendingAssignments(int onDay) throws IOException {
        for (Object[] a : pendingAssignments) {
            emit(Entity.ASSIGNMENTS, at(onDay, 9, 0), a[0], a[1], a[2], a[3], LocalDate.ofEpochDay((Integer) a[4]), null);
        }
        pendingAssignments.clear();
    }

    private void startOfMonth(LocalDate date) {
        for (Officer o : officers) {
            o.dedicatedDays = 0;
            for (int i = 0; i < o.dedicatedPerMonth; i++) {
                o.dedicatedDays |= 1 << (2 + rnd.nextInt(24));
            }
        }
    }

    /** Personnel changes at the end of a month: handed-over beats go to newly assigned officers (第5-5). */
    private void transfers(double share) throws IOException {
        int next = day + 1;
        for (int b = 0; b < beatCode.length; b++) {
            int o = beatPrimary[b];
            if (o >= 0 && rnd.nextDouble() < share) {
                emit(Entity.ASSIGNMENTS, at(day, 17, 0), beatPrimaryAssignment[b], officers.get(o).id, beatCode[b],
                        "primary", LocalDate.ofEpochDay(beatPrimaryFrom[b]), LocalDate.ofEpochDay(day));
                int start = rnd.nextDouble() < 0.8 ? next : next + 7 + rnd.nextInt(14);
                int fresh = newOfficer(beatKoban[b], true, start);
                emitOfficer(fresh, day);
                assignPrimary(b, fresh, start, true);
            }
            List<int[]> support = beatSupport.get(b);
            for (int i = support.size() - 1; i >= 0; i--) {
                int[] s = support.get(i);
                if (rnd.nextDouble() < share) {
                    emit(Entity.ASSIGNMENTS, at(day, 17, 0), Ids.of(code, "-A", s[1], 6),
                            officers.get(s[0]).id, beatCode[b], "support", LocalDate.ofEpochDay(s[2]),
                            LocalDate.ofEpochDay(day));
                    support.remove(i);
                    int other = beatPrimary[(b + 1 + rnd.nextInt(beatCode.length)) % beatCode.length];
                    if (other >= 0 && officers.get(other).koban == beatKoban[b] && other != beatPrimary[b]) {
                        Officer helper = officers.get(other);
                        beatSupport.get(b).add(new int[] {other, ++assignmentSeq, day + 1});
                        pendingAssignments.add(new Object[] {Ids.of(code, "-A", assignmentSeq, 6), helper.id,
                            beatCode[b], "support", day + 1});
                    }
                }
            }
        }
        flushPendingAssignments(day);
    }

    private void processEvents() throws IOException {
        while (!events.isEmpty() && events.peek()[0] <= day) {
            long[] e = events.poll();
            int type = (int) (e[1] >>> 32);
            int u = (int) e[1];
            int aux = (int) e[2];
            switch (type) {
                case EV_REGISTER -> {
                    if (uClosed[u] == NEVER) {
                        beatActiveUnits[uBeat[u]]++;
                        emitUnit(u, day);
                        beatRevisits[uBeat[u]].offer(u);
                    }
                }
                case EV_CLOSE -> closeUnit(u);
                case EV_EXEMPT -> {
                    if (uClosed[u] == NEVER) {
                        emitUnit(u, day);
                    }
                }
                case EV_MOVE_OUT -> moveOut(u, aux);
                case EV_MOVE_IN -> moveIn(u);
                case EV_CARD_CHANGE -> cardChange(u, aux);
                default -> throw new IllegalStateException("unknown event " + type);
            }
        }
    }

    private boolean exists(int u) {
        return uRegistered[u] <= day && uClosed[u] > day;
    }

    private void closeUnit(int u) throws IOException {
        if (uRegistered[u] > day || uClosed[u] != NEVER) {
            return;
        }
        uClosed[u] = day;
        beatActiveUnits[uBeat[u]]--;
        emitUnit(u, day);
        if (cActive[u] && rnd.nextDouble() < 0.8) {
            archiveCard(u); // the rest stay active on a closed unit: a 第6-5 finding
        }
    }

    private void moveOut(int u, int occupant) throws IOException {
        if (!exists(u) || occupant != uOccupant[u] || uVacant[u]) {
            return;
        }
        if (cActive[u] && rnd.nextDouble() < 0.9) {
            emitChange(u, "move_out");
            if (rnd.nextDouble() < 0.85) {
                archiveCard(u);
            }
        }
        uVacant[u] = true;
        int gap = uDwelling[u] == 1 ? rnd.nextInt(45) : rnd.nextInt(120);
        schedule(day + gap, EV_MOVE_IN, u, 0);
    }

    private void moveIn(int u) throws IOException {
        if (!exists(u)) {
            return;
        }
        uVacant[u] = false;
        newOccupant(u);
        emitUnit(u, day);
        if (cNo[u] > 0 && rnd.nextDouble() < 0.8) {
            emitChange(u, "move_in");
        }
        if (rnd.nextDouble() < 0.6) {
            beatRevisits[uBeat[u]].offer(u);
        }
        scheduleMove(u, day);
    }

    private void cardChange(int u, int cardNo) throws IOException {
        if (!cActive[u] || cNo[u] != cardNo || !exists(u)) {
            return;
        }
        double k = rnd.nextDouble();
        String kind = k < 0.35 ? "member_added" : k < 0.6 ? "member_removed" : k < 0.9 ? "contact_changed" : "other";
        emitChange(u, kind);
        if (rnd.nextDouble() < 0.7) {
            cCorrected[u] = day;
            if (kind.equals("member_added")) {
                cMembers[u] = (byte) Math.min(9, cMembers[u] + 1);
            } else if (kind.equals("member_removed") && cMembers[u] > 1) {
                cMembers[u]--;
            }
            emitCard(u, day);
        }
        scheduleCardChange(u);
    }

    private void scheduleCardChange(int u) {
        int at = drawAfter(day, 0.06);
        if (at != NEVER) {
            schedule(at, EV_CARD_CHANGE, u, cNo[u]);
        }
    }

    private void openCard(int u, int created, String by) {
        cNo[u]++;
        cActive[u] = true;
        cCreated[u] = created;
        cCorrected[u] = NONE;
        cArchived[u] = NONE;
        cCreatedBy[u] = by;
        cByResident[u] = rnd.nextDouble() < 0.6;
        cLanguage[u] = uForeign[u] && rnd.nextDouble() < 0.65
                ? FOREIGN_LANGUAGES[rnd.nextInt(FOREIGN_LANGUAGES.length)]
                : rnd.nextDouble() < 0.1 ? null : "ja"; // an absent language means ja (SPEC §6.4)
        cMembers[u] = (byte) (uBusiness[u] ? 1 + rnd.nextInt(9) : uElderly[u] ? 1 + rnd.nextInt(2) : 1 + rnd.nextInt(5));
        scheduleCardChange(u);
    }

    private void archiveCard(int u) throws IOException {
        cActive[u] = false;
        cArchived[u] = day;
        emitCard(u, day);
    }

    private void inspections() throws IOException {
        for (int k = 0; k < kobanCode.length; k++) {
            if (kobanNextInspection[k] <= day) {
                int inspector = sectionChiefs.get(rnd.nextInt(sectionChiefs.size()));
                emit(Entity.INSPECTIONS, at(day, 15, rnd.nextInt(60)), Ids.of(code, "-I", ++inspectionSeq, 5),
                        kobanCode[k], LocalDate.ofEpochDay(day), officers.get(inspector).id, 20 + rnd.nextInt(180),
                        rnd.nextDouble() < 0.6 ? 0 : 1 + rnd.nextInt(5));
                kobanNextInspection[k] = day + (kobanNeglected[k] ? 100 + rnd.nextInt(120) : 40 + rnd.nextInt(70));
            }
        }
    }

    // ------------------------------------------------------------------ visits

    private void visits(LocalDate date) throws IOException {
        DayOfWeek dow = date.getDayOfWeek();
        double weekday = dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY ? 0.35 : 1.14;
        int month = date.getMonthValue();
        double season = month == 3 || month == 4 ? 1.3 : month == 8 ? 0.8 : month == 12 ? 0.85 : 1.0;
        int dom = date.getDayOfMonth();
        for (int b = 0; b < beatCode.length; b++) {
            int primary = beatPrimary[b] >= 0 && beatPrimaryFrom[b] <= day ? beatPrimary[b] : -1;
            double productivity = 0.7;
            boolean dedicated = false;
            if (primary >= 0) {
                Officer o = officers.get(primary);
                productivity = o.productivity * (day - o.arrival < 60 ? 0.6 : 1.0);
                dedicated = (o.dedicatedDays & (1 << dom)) != 0 && weekday > 1;
            }
            double noise = rnd.nextDouble() < 0.15 ? 0.2 : 1.0; // a day eaten by 110 calls
            double lambda = beatActiveUnits[b] * VISITS_PER_UNIT_YEAR / 365 * weekday * season * productivity * noise;
            if (dedicated) {
                lambda = lambda * 3 + 4;
            }
            int count = poisson(lambda);
            for (int i = 0; i < count; i++) {
                visit(b, primary, dedicated, date);
            }
        }
    }

    private int poisson(double lambda) {
        if (lambda <= 0) {
            return 0;
        }
        if (lambda > 30) {
            return Math.max(0, (int) Math.round(lambda + Math.sqrt(lambda) * gaussian()));
        }
        double l = Math.exp(-lambda);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= rnd.nextDouble();
        } while (p > l);
        return k - 1;
    }

    private double gaussian() {
        double u1 = 1 - rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private int pickUnit(int b) {
        IntQueue queue = beatRevisits[b];
        if (!queue.isEmpty() && rnd.nextDouble() < 0.4) {
            int u = queue.poll();
            if (exists(u)) {
                return u;
            }
        }
        int[] units = beatUnits[b];
        for (int tries = 0; tries < units.length; tries++) {
            int u = units[beatCursor[b]];
            beatCursor[b] = (beatCursor[b] + 1) % units.length;
            if (exists(u) && (!exemptToday(u) || rnd.nextDouble() < 0.05)) {
                return u;
            }
        }
        return -1;
    }

    private boolean exemptToday(int u) {
        return uExFrom[u] != NONE && uExFrom[u] <= day && (uExTo[u] == NONE || uExTo[u] >= day);
    }

    private void visit(int b, int primary, boolean dedicatedDay, LocalDate date) throws IOException {
        int u = pickUnit(b);
        if (u < 0) {
            return;
        }
        int officer = primary;
        double who = rnd.nextDouble();
        List<int[]> support = beatSupport.get(b);
        if (who < 0.05 || officer < 0 && support.isEmpty()) {
            officer = otherDept.get(rnd.nextInt(otherDept.size()));
        } else if (who < 0.15 && !support.isEmpty() || officer < 0) {
            officer = support.get(rnd.nextInt(support.size()))[0];
        }
        Officer o = officers.get(officer);
        boolean flagged = dedicatedDay && officer == primary;

        // time of day: mostly office hours, some evenings, a few at night (第5-3)
        int hour;
        double t = rnd.nextDouble();
        if (t < 0.025 * o.nightFactor) {
            hour = rnd.nextDouble() < 0.75 ? 20 + rnd.nextInt(4) : rnd.nextInt(6);
        } else if (t < 0.14) {
            hour = 17 + rnd.nextInt(3);
        } else {
            hour = 9 + rnd.nextInt(8);
        }
        LocalDateTime visitedAt = date.atTime(hour, rnd.nextInt(60), rnd.nextInt(60));

        String outcome;
        if (uVacant[u]) {
            outcome = "vacant";
        } else {
            double met = uBusiness[u] ? 0.72 : uElderly[u] ? 0.66 : 0.42;
            met *= o.contactFactor;
            if (hour >= 17 || hour < 6) {
                met += 0.15;
            }
            double r = rnd.nextDouble();
            outcome = r < met ? "met" : r < met + 0.03 ? "refused" : "absent";
        }
        String cardAction = "none";
        boolean met = outcome.equals("met");
        if (met) {
            if (!cActive[u]) {
                if (rnd.nextDouble() < 0.5) {
                    cardAction = "created";
                    openCard(u, day, o.id);
                    emitCard(u, day);
                }
            } else {
                double r = rnd.nextDouble();
                if (r < 0.15) {
                    cardAction = "corrected";
                    cCorrected[u] = day;
                    emitCard(u, day);
                } else if (r < 0.65) {
                    cardAction = "confirmed";
                }
            }
        } else if (cActive[u] && rnd.nextDouble() < 0.02) {
            cardAction = "confirmed"; // confirmed with a family member at the door: any outcome counts (§6.15)
        }
        int[] topics = met ? topics() : new int[0];
        int concerns = 0;
        if (met) {
            double c = rnd.nextDouble();
            concerns = c < 0.7 ? 0 : c < 0.92 ? 1 : c < 0.98 ? 2 : 3;
        }
        String approval = null;
        boolean night = hour >= 20 || hour < 6;
        if (night) {
            if (rnd.nextDouble() < o.approvalDiligence) {
                int approvedDay = hour < 6 && rnd.nextDouble() < 0.8 ? day - 1 : day;
                approval = approvalFor(officer, approvedDay);
            } else {
                double k = rnd.nextDouble();
                if (k < 0.2) {
                    approval = approvalFor(officer, day - 3); // approved for another night
                } else if (k < 0.35) {
                    approval = Ids.of(code, "-N", 9_000_000 + rnd.nextInt(999_999), 7); // names nothing
                }
            }
        }
        Map<String, Object> personal = new LinkedHashMap<>();
        if (firstVisit) {
            personal.put("notes", Canaries.VISIT_NOTE);
            firstVisit = false;
        } else if (met && rnd.nextDouble() < 0.2) {
            personal.put("notes", Names.note(rnd));
        }
        LocalDateTime entered;
        if (hour >= 21) {
            entered = date.plusDays(1).atTime(8, rnd.nextInt(60), rnd.nextInt(60));
        } else if (hour < 6) {
            entered = date.atTime(8, rnd.nextInt(60), rnd.nextInt(60));
        } else {
            entered = visitedAt.plusMinutes(10 + rnd.nextInt(110));
            if (entered.getHour() >= 23 || entered.toLocalDate().isAfter(date)) {
                entered = date.atTime(22, 50);
            }
        }
        emitWith(Entity.VISITS, personal, entered, Ids.of(code, "-V", ++visitSeq, 9), unitId(u), o.id,
                visitedAt, outcome, cardAction, topics, concerns, flagged, approval);
        if (outcome.equals("absent") && rnd.nextDouble() < 0.5) {
            beatRevisits[b].offer(u);
        }
    }

    private String approvalFor(int officer, int approvedDay) throws IOException {
        long key = ((long) officer << 20) | approvedDay;
        String id = approvals.get(key);
        if (id == null) {
            id = Ids.of(code, "-N", ++approvalSeq, 7);
            approvals.put(key, id);
            int approver = sectionChiefs.get(rnd.nextInt(sectionChiefs.size()));
            emit(Entity.NIGHT_APPROVALS, at(Math.max(approvedDay, day), 7, rnd.nextInt(60)), id, officers.get(officer).id,
                    officers.get(approver).id, LocalDate.ofEpochDay(approvedDay));
        }
        return id;
    }

    private int[] topics() {
        if (rnd.nextDouble() < 0.08) {
            return new int[0];
        }
        int n = 1 + rnd.nextInt(3);
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            double r = rnd.nextDouble();
            t[i] = r < 0.4 ? 1 : r < 0.65 ? 2 : r < 0.8 ? 3 : r < 0.92 ? 4 : 5;
        }
        return t; // duplicates are left in on purpose: readers collapse them (SPEC §6.17)
    }

    // ------------------------------------------------------------------ records

    private String[] unitIds;

    private String unitId(int u) {
        if (unitIds == null) {
            unitIds = new String[nUnits];
        }
        String id = unitIds[u];
        if (id == null) {
            id = Ids.of(code, "-U", u + 1, 7);
            unitIds[u] = id;
        }
        return id;
    }

    private String cardId(int u) {
        return Ids.of(code, "-C", u + 1, 7) + "-" + cNo[u];
    }

    private void emitUnit(int u, int onDay) throws IOException {
        SplittableRandom pr = new SplittableRandom(uOccupantSeed[u]);
        Map<String, Object> personal = new LinkedHashMap<>();
        boolean canary = u == 0;
        personal.put("address", canary ? Canaries.ADDRESS : Names.address(pr, stationNo, uDwelling[u] == 1));
        personal.put("occupant_name", uVacant[u] ? null : canary ? Canaries.OCCUPANT_NAME
                : uBusiness[u] ? Names.workplace(pr) : Names.person(pr, uForeign[u]));
        personal.put("phone", canary ? Canaries.PHONE : Names.phone(pr));
        boolean exemptKnown = uExKind[u] == 4 || uExFrom[u] != NONE && uExFrom[u] <= onDay;
        String reason = !exemptKnown ? null : switch (uExKind[u]) {
            case 1 -> "署長指示: 長期不在";
            case 2 -> "署長指示: 施設管理者対応";
            case 3 -> "署長指示: 訪問拒否の継続";
            default -> "署長指示";
        };
        emitWith(Entity.UNITS, personal, at(onDay, 9, rnd.nextInt(60)), unitId(u), beatCode[uBeat[u]],
                uBusiness[u] ? "business" : "household",
                switch (uDwelling[u]) {
                    case 0 -> "detached";
                    case 1 -> "apartment";
                    default -> "other";
                },
                LocalDate.ofEpochDay(uRegistered[u]),
                uClosed[u] == NEVER || uClosed[u] > onDay ? null : LocalDate.ofEpochDay(uClosed[u]),
                exemptKnown && uExFrom[u] != NONE ? LocalDate.ofEpochDay(uExFrom[u]) : null,
                exemptKnown && uExTo[u] != NONE ? LocalDate.ofEpochDay(uExTo[u]) : null,
                reason, uForeign[u], uElderly[u]);
    }

    private void emitCard(int u, int onDay) throws IOException {
        SplittableRandom pr = new SplittableRandom(uOccupantSeed[u] ^ cNo[u]);
        Map<String, Object> personal = new LinkedHashMap<>();
        boolean canary = u == firstCardUnit();
        List<Object> members = Names.members(pr, uBusiness[u] ? 1 : cMembers[u], uForeign[u], uElderly[u]);
        if (canary) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) members.get(0);
            m.put("name", Canaries.MEMBER_NAME);
            m.put("birth_date", Canaries.BIRTH_DATE);
            m.put("workplace", Canaries.WORKPLACE);
        }
        personal.put("members", members);
        Map<String, Object> emergency = Names.emergencyContact(pr);
        if (canary) {
            emergency.put("name", Canaries.EMERGENCY_CONTACT);
        }
        personal.put("emergency_contact", emergency);
        personal.put("vehicles", canary ? List.of(Canaries.VEHICLE) : pr.nextDouble() < 0.4 ? List.of(Names.vehicle(pr)) : List.of());
        personal.put("notes", canary ? Canaries.CARD_NOTE : pr.nextDouble() < 0.3 ? Names.note(pr) : null);
        emitWith(Entity.CARDS, personal, at(onDay, 10, rnd.nextInt(60)), cardId(u), unitId(u),
                uBusiness[u] ? "business" : "household", cLanguage[u], cByResident[u] ? "resident" : "officer",
                LocalDate.ofEpochDay(cCreated[u]), cCreatedBy[u],
                cCorrected[u] == NONE ? null : LocalDate.ofEpochDay(cCorrected[u]),
                cActive[u] ? "active" : "archived",
                cArchived[u] == NONE ? null : LocalDate.ofEpochDay(cArchived[u]), (int) cMembers[u]);
    }

    private int firstCardUnit = -1;

    private int firstCardUnit() {
        if (firstCardUnit < 0) {
            firstCardUnit = Integer.MAX_VALUE - 1;
            for (int u = 0; u < nUnits; u++) {
                if (cNo[u] > 0) {
                    firstCardUnit = u;
                    break;
                }
            }
        }
        return firstCardUnit;
    }

    private void emitChange(int u, String kind) throws IOException {
        emit(Entity.CARD_CHANGES, at(day, 11, rnd.nextInt(60)), Ids.of(code, "-X", ++changeSeq, 8),
                cardId(u), unitId(u), LocalDate.ofEpochDay(day), kind);
    }

    private LocalDateTime at(int onDay, int hour, int minute) {
        return LocalDate.ofEpochDay(onDay).atTime(LocalTime.of(hour, minute, rnd.nextInt(60)));
    }

    /** Emits a record without personal data; values are the attributes between key and updated_at. */
    private void emit(Entity entity, LocalDateTime updatedAt, Object... keyAndAttributes) throws IOException {
        emitWith(entity, Map.of(), updatedAt, keyAndAttributes);
    }

    private void emitWith(Entity entity, Map<String, Object> personal, LocalDateTime updatedAt,
                          Object... keyAndAttributes) throws IOException {
        int n = entity.fields().size();
        if (keyAndAttributes.length != n - 2) {
            throw new IllegalStateException("Cannot emit " + entity.code() + ": " + keyAndAttributes.length
                    + " values for " + (n - 2) + " fields");
        }
        Object[] values = new Object[n];
        System.arraycopy(keyAndAttributes, 0, values, 0, n - 2);
        values[n - 2] = updatedAt;
        values[n - 1] = Boolean.FALSE;
        sink.emit(new SourceRecord(entity, values, personal));
    }

    /** An officer and the traits that make their numbers differ. */
    private static final class Officer {
        String id;
        int koban;
        boolean community;
        int arrival;
        double productivity;
        double contactFactor;
        double nightFactor;
        double approvalDiligence;
        int dedicatedPerMonth;
        int dedicatedDays;
        long nameSeed;
    }

    /** A small ring buffer of unit indices: the units an officer means to try again. */
    private static final class IntQueue {
        private final int[] items;
        private int head;
        private int size;

        IntQueue(int capacity) {
            items = new int[capacity];
        }

        boolean isEmpty() {
            return size == 0;
        }

        void offer(int v) {
            if (size == items.length) {
                return; // a full list: the officer cannot keep track of more
            }
            items[(head + size) % items.length] = v;
            size++;
        }

        int poll() {
            int v = items[head];
            head = (head + 1) % items.length;
            size--;
            return v;
        }
    }
}
