package jp.junkai.schema;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * The prefecture's station systems: which stations exist, how each delivers (SPEC §1), where its
 * files land or which database holds its tables, and what ingest does with the files it took.
 * The format is documented in {@code docs/sources.md}:
 * <pre>
 * taken_files: keep            # keep | archive
 * archive_dir: /data/archive   # required when taken_files: archive
 * stations:
 *   - code: S001
 *     flavour: jsonl           # jsonl | csv-sjis | jdbc
 *     inbox: /data/inbox/S001
 *   - code: S003
 *     flavour: jdbc
 *     url: jdbc:postgresql://db.s003.example:5432/liaison
 *     user_env: JUNKAI_S003_USER
 *     password_env: JUNKAI_S003_PASSWORD
 *     tables: { visits: s003_visits }
 *     partitions: 4
 * </pre>
 *
 * <p>{@link #load(Path)} validates the whole file at start-up and fails with an
 * {@link IllegalArgumentException} reading {@code Cannot load source registry <file>: line N:
 * <problem>}; no message quotes a secret. {@link #fromInbox(Path)} makes the registry that
 * {@code --inbox DIR} alone implies: every station folder is a file station.
 *
 * @param takenFiles what ingest does with the data files it took
 * @param archiveDir where taken files go when {@code takenFiles} is {@link TakenFiles#ARCHIVE};
 *                   absolute, or null when keeping them
 * @param stations   the stations in registry order (inbox discovery: folder-name order)
 * @param skipped    inbox discovery only: folders that are not stations (yet), for the caller to
 *                   log; empty for a loaded registry
 */
public record SourceRegistry(TakenFiles takenFiles, Path archiveDir, List<StationSource> stations,
                             List<SkippedFolder> skipped) {

    /** The file name {@code junkai simulate} writes and the docs use. */
    public static final String FILE_NAME = "sources.yaml";

    /** What ingest does with a data file (and its {@code .done} marker) once taken. */
    public enum TakenFiles {
        /** Leave it where it is; the content-hash ledger keeps it from being taken twice. */
        KEEP("keep"),
        /** Move it under {@code archive_dir/<station>/<entity>/}. */
        ARCHIVE("archive");

        private final String code;

        TakenFiles(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static Optional<TakenFiles> byCode(String code) {
            return Arrays.stream(values()).filter(t -> t.code.equals(code)).findFirst();
        }
    }

    /** A folder of the inbox that inbox discovery did not take as a station, and why. */
    public record SkippedFolder(Path folder, String reason) {
        @Override
        public String toString() {
            return folder + ": " + reason;
        }
    }

    public SourceRegistry {
        Objects.requireNonNull(takenFiles, "takenFiles");
        stations = List.copyOf(stations);
        skipped = List.copyOf(skipped);
        if (takenFiles == TakenFiles.ARCHIVE && archiveDir == null) {
            throw new IllegalArgumentException("Cannot describe sources: taken_files archive needs an archive_dir");
        }
        archiveDir = archiveDir == null ? null : archiveDir.toAbsolutePath().normalize();
        Set<String> codes = new java.util.HashSet<>();
        for (StationSource s : stations) {
            if (!codes.add(s.code())) {
                throw new IllegalArgumentException("Cannot describe sources: station " + s.code() + " is listed twice");
            }
        }
    }

    /** The station of that code, if listed. */
    public Optional<StationSource> station(String code) {
        return stations.stream().filter(s -> s.code().equals(code)).findFirst();
    }

    /** The stations of one flavour, in registry order. */
    public List<StationSource> stations(Flavour flavour) {
        return stations.stream().filter(s -> s.flavour() == flavour).toList();
    }

    // ------------------------------------------------------------------ loading

    /**
     * Loads and validates a registry file. Relative paths in it resolve against the file's folder.
     *
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException when its content is not a valid registry
     */
    public static SourceRegistry load(Path file) throws IOException {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException("Cannot load source registry " + name + ": no such file", e);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("Cannot load source registry " + name + ": the file is not UTF-8 text", e);
        } catch (IOException e) {
            throw new IOException("Cannot load source registry " + name + ": " + e.getMessage(), e);
        }
        return parse(text, name, file.toAbsolutePath().getParent());
    }

    /**
     * Validates a registry given as text.
     *
     * @param name the file name used in error messages
     * @param base the folder relative paths resolve against
     */
    public static SourceRegistry parse(String yaml, String name, Path base) {
        return new Loader(name, base.toAbsolutePath().normalize()).load(yaml);
    }

    // ------------------------------------------------------------------ inbox discovery

    /**
     * The registry {@code --inbox DIR} alone implies: every folder of the inbox whose name does
     * not start with {@code _} or {@code .} is a file station named after the folder, its flavour
     * following its data files ({@code <entity>/<batch>.jsonl} → {@code jsonl}, {@code .csv} →
     * {@code csv-sjis}; {@code .done} markers and other files do not count). Taken files are kept.
     *
     * <p>A folder with no data file yet, or whose name is not a station code, is not a station:
     * it is listed in {@link #skipped()} for the caller to log, and becomes a station on the run
     * after its first file lands. A folder holding both {@code .jsonl} and {@code .csv} files is
     * refused.
     *
     * @throws IOException              when the inbox is not a readable folder
     * @throws IllegalArgumentException when a station folder holds both kinds of data file
     */
    public static SourceRegistry fromInbox(Path inbox) throws IOException {
        String where = "Cannot discover stations in inbox " + inbox + ": ";
        if (!Files.isDirectory(inbox)) {
            throw new IOException(where + (Files.exists(inbox) ? "not a folder" : "no such folder"));
        }
        List<Path> folders = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(inbox)) {
            for (Path child : children) {
                String n = child.getFileName().toString();
                if (!n.startsWith("_") && !n.startsWith(".") && Files.isDirectory(child)) {
                    folders.add(child);
                }
            }
        }
        folders.sort(null);
        List<StationSource> stations = new ArrayList<>();
        List<SkippedFolder> skipped = new ArrayList<>();
        for (Path folder : folders) {
            String code = folder.getFileName().toString();
            if (!StationSource.CODE.matcher(code).matches()) {
                skipped.add(new SkippedFolder(folder, "the folder name is not a station code (1 to 32 letters, digits,"
                        + " _ or -; start a folder name with _ to keep it out of the inbox scan)"));
                continue;
            }
            Path jsonl = null;
            Path csv = null;
            for (Entity entity : Entity.values()) {
                Path entityFolder = folder.resolve(entity.code());
                if (!Files.isDirectory(entityFolder)) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(entityFolder)) {
                    for (Path f : files) {
                        String n = f.getFileName().toString();
                        if (jsonl == null && n.endsWith("." + Flavour.JSONL.fileExtension())) {
                            jsonl = f;
                        } else if (csv == null && n.endsWith("." + Flavour.CSV_SJIS.fileExtension())) {
                            csv = f;
                        }
                    }
                }
                if (jsonl != null && csv != null) {
                    throw new IllegalArgumentException(where + "station folder " + code
                            + " holds both .jsonl and .csv data files (" + inbox.relativize(jsonl) + ", "
                            + inbox.relativize(csv) + "); a station delivers in one flavour: move the other"
                            + " files out, or give the stations in a source registry");
                }
            }
            if (jsonl == null && csv == null) {
                skipped.add(new SkippedFolder(folder, "no data file yet (" + code + "/<entity>/<batch>.jsonl or .csv)"));
                continue;
            }
            stations.add(StationSource.file(code, jsonl != null ? Flavour.JSONL : Flavour.CSV_SJIS, folder));
        }
        return new SourceRegistry(TakenFiles.KEEP, null, stations, skipped);
    }

    // ------------------------------------------------------------------ the loader

    private static final Set<String> TOP_LEVEL_KEYS = new java.util.LinkedHashSet<>(
            List.of("taken_files", "archive_dir", "stations"));
    private static final Set<String> STATION_KEYS = new java.util.LinkedHashSet<>(
            List.of("code", "flavour", "inbox", "url", "user_env", "password_env", "tables", "partitions"));
    private static final Set<String> JDBC_ONLY_KEYS = Set.of("url", "user_env", "password_env", "tables", "partitions");
    /** Keys refused outright: secrets never live in the registry. */
    private static final Set<String> SECRET_KEYS = Set.of("user", "password", "username", "pass", "passwd", "pwd");

    /** A YAML node that remembers the line it starts on (1-based). */
    private static final class Node {
        final int line;
        final JsonToken token;
        final String text;
        final Map<String, Node> fields;
        final Map<String, Integer> keyLines;
        final List<Node> items;

        private Node(int line, JsonToken token, String text, Map<String, Node> fields, Map<String, Integer> keyLines,
                     List<Node> items) {
            this.line = line;
            this.token = token;
            this.text = text;
            this.fields = fields;
            this.keyLines = keyLines;
            this.items = items;
        }

        boolean isMap() {
            return fields != null;
        }

        boolean isList() {
            return items != null;
        }

        boolean isNull() {
            return token == JsonToken.VALUE_NULL;
        }

        boolean isScalar() {
            return fields == null && items == null;
        }

        Node get(String key) {
            Node n = fields.get(key);
            return n == null || n.isNull() ? null : n;
        }

        int keyLine(String key) {
            return keyLines.getOrDefault(key, line);
        }
    }

    private static final class Loader {
        private final String name;
        private final Path base;

        Loader(String name, Path base) {
            this.name = name;
            this.base = base;
        }

        SourceRegistry load(String yaml) {
            Node root = readTree(yaml);
            if (root == null) {
                throw fail(1, "the file is empty; it needs a stations: list");
            }
            if (!root.isMap()) {
                throw fail(root.line, "the file must be a YAML mapping with a stations: list");
            }
            for (String key : root.fields.keySet()) {
                if (SECRET_KEYS.contains(key)) {
                    throw fail(root.keyLine(key), secretKeyProblem(key, "the registry"));
                }
                if (!TOP_LEVEL_KEYS.contains(key)) {
                    throw fail(root.keyLine(key), "unknown key " + key + " (the registry takes: "
                            + String.join(", ", TOP_LEVEL_KEYS) + ")");
                }
            }
            TakenFiles taken = TakenFiles.KEEP;
            Node takenNode = root.get("taken_files");
            if (takenNode != null) {
                String t = scalar(takenNode, "taken_files");
                taken = TakenFiles.byCode(t).orElseThrow(() -> fail(takenNode.line,
                        "taken_files must be keep or archive, not " + t));
            }
            Path archive = null;
            Node archiveNode = root.get("archive_dir");
            if (archiveNode != null) {
                archive = path(archiveNode, "archive_dir");
            }
            if (taken == TakenFiles.ARCHIVE && archive == null) {
                throw fail(takenNode.line, "taken_files: archive needs an archive_dir: (where taken files go)");
            }
            Node stationsNode = root.get("stations");
            if (stationsNode == null) {
                throw fail(root.keyLine("stations"), "no stations: list the prefecture's stations under stations:");
            }
            if (!stationsNode.isList()) {
                throw fail(stationsNode.line, "stations must be a list (one '- code: …' item per station)");
            }
            if (stationsNode.items.isEmpty()) {
                throw fail(stationsNode.line, "no stations: the stations: list is empty");
            }
            List<StationSource> stations = new ArrayList<>();
            Map<String, Integer> codeLines = new HashMap<>();
            Map<Path, String> inboxes = new HashMap<>();
            Map<String, String> tableOwners = new HashMap<>();
            for (int i = 0; i < stationsNode.items.size(); i++) {
                StationSource s = station(stationsNode.items.get(i), i + 1, codeLines);
                Node node = stationsNode.items.get(i);
                if (s.isFile()) {
                    String other = inboxes.putIfAbsent(s.inbox(), s.code());
                    if (other != null) {
                        throw fail(node.get("inbox").line, "station " + s.code() + " has the same inbox as station "
                                + other + " (" + s.inbox() + ")");
                    }
                } else {
                    for (Entity e : Entity.values()) {
                        // same URL, same table: two stations would read each other's rows
                        String key = s.url() + " " + s.table(e).toLowerCase(java.util.Locale.ROOT);
                        String other = tableOwners.putIfAbsent(key, s.code());
                        if (other != null) {
                            throw fail(node.line, "station " + s.code() + " reads table " + s.table(e)
                                    + " at the same url as station " + other);
                        }
                    }
                }
                stations.add(s);
            }
            return new SourceRegistry(taken, archive, stations, List.of());
        }

        private StationSource station(Node node, int number, Map<String, Integer> codeLines) {
            if (!node.isMap()) {
                throw fail(node.line, "station #" + number + " must be a mapping with code: and flavour:");
            }
            Node codeNode = node.get("code");
            String label = codeNode != null && codeNode.isScalar() ? "station " + codeNode.text : "station #" + number;
            for (String key : node.fields.keySet()) {
                if (SECRET_KEYS.contains(key)) {
                    throw fail(node.keyLine(key), secretKeyProblem(key, label));
                }
                if (!STATION_KEYS.contains(key)) {
                    throw fail(node.keyLine(key), "unknown key " + key + " in " + label + " (a station takes: "
                            + String.join(", ", STATION_KEYS) + ")");
                }
            }
            if (codeNode == null) {
                throw fail(node.line, label + " has no code:");
            }
            String code = scalar(codeNode, "code");
            if (!StationSource.CODE.matcher(code).matches()) {
                throw fail(codeNode.line, StationSource.codeProblem(code));
            }
            Integer first = codeLines.putIfAbsent(code, codeNode.line);
            if (first != null) {
                throw fail(codeNode.line, "station code " + code + " is listed twice (first on line " + first + ")");
            }
            Node flavourNode = node.get("flavour");
            if (flavourNode == null) {
                throw fail(node.line, label + " has no flavour: (jsonl, csv-sjis or jdbc)");
            }
            String f = scalar(flavourNode, "flavour");
            Flavour flavour = Flavour.byCode(f).orElseThrow(() -> fail(flavourNode.line, "unknown flavour " + f
                    + " in " + label + " (known: " + Arrays.stream(Flavour.values()).map(Flavour::code)
                    .collect(Collectors.joining(", ")) + ")"));
            if (flavour.isFile()) {
                for (String key : node.fields.keySet()) {
                    if (JDBC_ONLY_KEYS.contains(key)) {
                        throw fail(node.keyLine(key), key + " is for jdbc stations; " + label + " is a "
                                + flavour.code() + " station (it has an inbox:)");
                    }
                }
                Node inboxNode = node.get("inbox");
                if (inboxNode == null) {
                    throw fail(node.line, label + " is a " + flavour.code()
                            + " station and needs an inbox: (the folder holding <entity>/<batch>."
                            + flavour.fileExtension() + ")");
                }
                return StationSource.file(code, flavour, path(inboxNode, "inbox"));
            }
            if (node.fields.containsKey("inbox")) {
                throw fail(node.keyLine("inbox"), "inbox is for file stations; " + label
                        + " is a jdbc station (it has a url:)");
            }
            Node urlNode = node.get("url");
            if (urlNode == null) {
                throw fail(node.line, label + " is a jdbc station and needs a url: (jdbc:postgresql:… or jdbc:mariadb:…)");
            }
            String url = scalar(urlNode, "url");
            String urlProblem = StationSource.urlProblem(url);
            if (urlProblem != null) {
                throw fail(urlNode.line, label + ": " + urlProblem);
            }
            String userEnv = envName(node, "user_env");
            String passwordEnv = envName(node, "password_env");
            if (userEnv != null && StationSource.urlHasUser(url)) {
                throw fail(node.keyLine("user_env"), label + " names a user in its url and in user_env: keep one");
            }
            Map<Entity, String> tables = new EnumMap<>(Entity.class);
            Node tablesNode = node.get("tables");
            if (tablesNode != null) {
                if (!tablesNode.isMap()) {
                    throw fail(tablesNode.line, "tables must map entity names to table names, e.g. { visits: s003_visits }");
                }
                for (Map.Entry<String, Node> e : tablesNode.fields.entrySet()) {
                    int line = tablesNode.keyLine(e.getKey());
                    Entity entity = Entity.byCode(e.getKey()).orElseThrow(() -> fail(line, "unknown entity "
                            + e.getKey() + " in tables of " + label + " (known: " + Arrays.stream(Entity.values())
                            .map(Entity::code).collect(Collectors.joining(", ")) + ")"));
                    if (e.getValue().isNull()) {
                        throw fail(line, "table of " + entity.code() + " in " + label + " is empty");
                    }
                    String table = scalar(e.getValue(), "table of " + entity.code());
                    if (!StationSource.TABLE_NAME.matcher(table).matches()) {
                        throw fail(e.getValue().line, StationSource.tableNameProblem(entity, table));
                    }
                    tables.put(entity, table);
                }
            }
            for (Entity e : Entity.values()) {
                if (!tables.containsKey(e)
                        && !StationSource.TABLE_NAME.matcher(StationSource.defaultTable(code, e)).matches()) {
                    throw fail(codeNode.line, label + ": the code makes no valid default table name ("
                            + StationSource.defaultTable(code, e) + "); name the table of " + e.code()
                            + " under tables:");
                }
            }
            int partitions = StationSource.DEFAULT_PARTITIONS;
            Node partitionsNode = node.get("partitions");
            if (partitionsNode != null) {
                if (partitionsNode.token != JsonToken.VALUE_NUMBER_INT) {
                    throw fail(partitionsNode.line, "partitions must be a whole number, not " + partitionsNode.text);
                }
                long p;
                try {
                    p = Long.parseLong(partitionsNode.text);
                } catch (NumberFormatException e) {
                    throw fail(partitionsNode.line, "partitions must be a whole number, not " + partitionsNode.text);
                }
                if (p < 1 || p > StationSource.MAX_PARTITIONS) {
                    throw fail(partitionsNode.line, StationSource.partitionsProblem(p));
                }
                partitions = (int) p;
            }
            return new StationSource(code, Flavour.JDBC, null, url, userEnv, passwordEnv, tables, partitions);
        }

        private String envName(Node station, String key) {
            Node n = station.get(key);
            if (n == null) {
                return null;
            }
            String name = scalar(n, key);
            if (!StationSource.ENV_NAME.matcher(name).matches()) {
                throw fail(n.line, key + ": " + StationSource.envNameProblem(name));
            }
            return name;
        }

        private Path path(Node n, String key) {
            String text = scalar(n, key);
            try {
                return base.resolve(text).normalize();
            } catch (InvalidPathException e) {
                throw fail(n.line, key + " is not a valid path: " + e.getReason());
            }
        }

        private String scalar(Node n, String key) {
            if (!n.isScalar() || n.isNull() || n.text.isBlank()) {
                throw fail(n.line, key + " must be a non-empty text");
            }
            return n.text.strip();
        }

        private static String secretKeyProblem(String key, String where) {
            return key + ": in " + where + " is refused: secrets belong in environment variables; name them with "
                    + "user_env: and password_env: (e.g. password_env: JUNKAI_S003_PASSWORD)";
        }

        // ---- YAML with line numbers ----

        private Node readTree(String yaml) {
            try (JsonParser p = new YAMLFactory().createParser(yaml)) {
                JsonToken first = p.nextToken();
                if (first == null) {
                    return null;
                }
                Node root = read(p);
                if (p.nextToken() != null) {
                    throw fail(p.currentTokenLocation().getLineNr(), "the file holds more than one YAML document");
                }
                return root;
            } catch (JsonProcessingException e) {
                if (e.getCause() instanceof MarkedYAMLException y && y.getProblemMark() != null) {
                    // SnakeYAML knows the problem and where it is; its first line is only the context
                    String why = y.getProblem() == null ? firstLine(y.getMessage()) : y.getProblem();
                    if (y.getContext() != null) {
                        why += " (" + y.getContext() + ")";
                    }
                    throw fail(y.getProblemMark().getLine() + 1, why);
                }
                JsonLocation at = e.getLocation();
                String why = firstLine(e.getOriginalMessage());
                throw at == null || at.getLineNr() < 1
                        ? new IllegalArgumentException("Cannot load source registry " + name + ": " + why, e)
                        : fail(at.getLineNr(), why);
            } catch (IOException e) {
                throw new IllegalArgumentException("Cannot load source registry " + name + ": " + e.getMessage(), e);
            }
        }

        private Node read(JsonParser p) throws IOException {
            JsonToken t = p.currentToken();
            int line = p.currentTokenLocation().getLineNr();
            if (t == JsonToken.START_OBJECT) {
                Map<String, Node> fields = new LinkedHashMap<>();
                Map<String, Integer> keyLines = new HashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    int keyLine = p.currentTokenLocation().getLineNr();
                    if (fields.containsKey(key)) {
                        throw fail(keyLine, "key " + key + " appears twice in one mapping (first on line "
                                + keyLines.get(key) + ")");
                    }
                    p.nextToken();
                    keyLines.put(key, keyLine);
                    fields.put(key, read(p));
                }
                return new Node(line, t, null, fields, keyLines, null);
            }
            if (t == JsonToken.START_ARRAY) {
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(p));
                }
                return new Node(line, t, null, null, null, items);
            }
            return new Node(line, t, t == JsonToken.VALUE_NULL ? null : p.getText(), null, null, null);
        }

        private static String firstLine(String message) {
            if (message == null) {
                return "unreadable YAML";
            }
            int nl = message.indexOf('\n');
            return nl < 0 ? message : message.substring(0, nl);
        }

        private IllegalArgumentException fail(int line, String why) {
            return new IllegalArgumentException("Cannot load source registry " + name + ": line " + line + ": " + why);
        }
    }

    /** Names of the stations, sorted: for messages. */
    public Set<String> codes() {
        return stations.stream().map(StationSource::code).collect(Collectors.toCollection(TreeSet::new));
    }
}
