package jp.junkai.source.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Made-up personal data in the shapes real liaison cards hold. CP932-safe throughout: foreign
 * residents' names are in romaji, as many station systems store them.
 */
final class Names {

    private static final String[] FAMILY = {"佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤",
        "吉田", "山田", "佐々木", "山口", "松本", "井上", "木村", "林", "斎藤", "清水", "山崎", "森", "池田", "橋本", "阿部"};
    private static final String[] GIVEN = {"太郎", "花子", "一郎", "美咲", "健太", "陽菜", "翔", "結衣", "大輔", "さくら",
        "誠", "愛", "隆", "恵子", "茂", "和子", "蓮", "葵", "浩二", "由美"};
    private static final String[] FOREIGN_FAMILY = {"NGUYEN", "TRAN", "WANG", "LI", "ZHANG", "KIM", "PARK", "SANTOS",
        "SILVA", "GURUNG", "SHRESTHA", "SMITH", "REYES", "GARCIA"};
    private static final String[] FOREIGN_GIVEN = {"VAN AN", "THI HOA", "WEI", "MIN", "JUN", "SEO-YEON", "MARIA",
        "JOAO", "RAM", "SITA", "JOHN", "ANA", "LUCAS", "MAI"};
    private static final String[] TOWNS = {"本町", "栄町", "緑町", "旭町", "若葉台", "桜丘", "中央", "東町", "西町", "南町",
        "北町", "宮前", "新町", "港町", "山手"};
    private static final String[] COMPANIES = {"山田商店", "東和工業", "みどり介護サービス", "さくら食品", "中央運輸",
        "青葉建設", "日の出電機", "丸福商事"};
    private static final String[] NOTES = {"高齢の一人暮らし。見守り希望。", "夜間は不在が多い。", "防犯カメラ設置済み。",
        "自転車盗難の相談あり。", "近隣の騒音について要望。", "特になし。", "特殊詐欺の注意喚起を実施。"};
    private static final String[] KANA = {"あ", "い", "う", "え", "か", "さ", "た", "な", "は", "ま", "や", "ら", "わ"};

    private Names() {
    }

    static String person(SplittableRandom r, boolean foreign) {
        if (foreign) {
            return FOREIGN_FAMILY[r.nextInt(FOREIGN_FAMILY.length)] + " " + FOREIGN_GIVEN[r.nextInt(FOREIGN_GIVEN.length)];
        }
        return FAMILY[r.nextInt(FAMILY.length)] + " " + GIVEN[r.nextInt(GIVEN.length)];
    }

    static String address(SplittableRandom r, int stationNo, boolean apartment) {
        String base = TOWNS[(stationNo + r.nextInt(4)) % TOWNS.length] + (1 + r.nextInt(9)) + "丁目" + (1 + r.nextInt(30))
                + "番" + (1 + r.nextInt(20)) + "号";
        return apartment ? base + " コーポ" + TOWNS[r.nextInt(TOWNS.length)] + (101 + r.nextInt(5) * 100 + r.nextInt(8)) + "号室"
                : base;
    }

    static String phone(SplittableRandom r) {
        return (r.nextBoolean() ? "090-" : "080-") + (1000 + r.nextInt(9000)) + "-" + (1000 + r.nextInt(9000));
    }

    static String birthDate(SplittableRandom r, boolean elderly) {
        int year = elderly ? 1930 + r.nextInt(25) : 1950 + r.nextInt(70);
        int month = 1 + r.nextInt(12);
        int day = 1 + r.nextInt(28);
        return year + (month < 10 ? "-0" : "-") + month + (day < 10 ? "-0" : "-") + day;
    }

    static String workplace(SplittableRandom r) {
        return COMPANIES[r.nextInt(COMPANIES.length)];
    }

    static String note(SplittableRandom r) {
        return NOTES[r.nextInt(NOTES.length)];
    }

    static String vehicle(SplittableRandom r) {
        return TOWNS[r.nextInt(TOWNS.length)] + " " + (300 + r.nextInt(200)) + " " + KANA[r.nextInt(KANA.length)] + " "
                + (10 + r.nextInt(89)) + "-" + (10 + r.nextInt(89));
    }

    /** The members block of a card: names, birth dates, phones, workplaces. */
    static List<Object> members(SplittableRandom r, int count, boolean foreign, boolean elderly) {
        List<Object> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", person(r, foreign));
            m.put("birth_date", birthDate(r, elderly));
            m.put("phone", phone(r));
            m.put("workplace", elderly ? null : workplace(r));
            members.add(m);
        }
        return members;
    }

    static Map<String, Object> emergencyContact(SplittableRandom r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", person(r, false));
        m.put("phone", phone(r));
        return m;
    }
}
