package org.siegegrid.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.hazelcast.shaded.org.snakeyaml.engine.v2.api.Load;
import com.hazelcast.shaded.org.snakeyaml.engine.v2.api.LoadSettings;

/** The repository's docker/ folder and small readers for its files (YAML through the snakeyaml Hazelcast ships). */
final class DockerFiles {
    static final Path DIR = Path.of(System.getProperty("siegegrid.docker", "../docker")).toAbsolutePath().normalize();

    private DockerFiles() {
    }

    static Path file(String name) {
        return DIR.resolve(name);
    }

    static String read(String name) throws IOException {
        return Files.readString(file(name));
    }

    /** Every YAML document in the file, as maps (a syntax error throws, naming line and column). */
    static List<Map<String, Object>> yaml(String name) throws IOException {
        return yaml(name, read(name));
    }

    /** Every YAML document in {@code text} (a tool's output, say), as maps; {@code label} names it in errors. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> yaml(String label, String text) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Load(LoadSettings.builder().setLabel(label).build()).loadAllFromString(text)) {
            if (doc != null) {
                docs.add((Map<String, Object>) merged(doc));
            }
        }
        return docs;
    }

    /**
     * Resolves YAML 1.1 merge keys ({@code <<: *anchor}), which Compose uses and YAML 1.2 (snakeyaml-engine)
     * leaves as a plain {@code "<<"} key: the anchor's entries, under the ones given beside it.
     */
    @SuppressWarnings("unchecked")
    static Object merged(Object node) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            Object base = m.get("<<");
            for (Object b : base instanceof List<?> l ? l : base == null ? List.of() : List.of(base)) {
                ((Map<String, Object>) merged(b)).forEach(out::putIfAbsent);
            }
            Map<String, Object> own = new java.util.LinkedHashMap<>();
            m.forEach((k, v) -> {
                if (!"<<".equals(k)) {
                    own.put(String.valueOf(k), merged(v));
                }
            });
            own.forEach(out::put);
            return out;
        }
        if (node instanceof List<?> l) {
            return l.stream().map(DockerFiles::merged).toList();
        }
        return node;
    }

    /** {@code get(map, "a", "b")} = map.a.b, or null. */
    @SuppressWarnings("unchecked")
    static <T> T get(Object node, Object... path) {
        Object o = node;
        for (Object step : path) {
            if (o instanceof Map<?, ?> m) {
                o = m.get(step);
            } else if (o instanceof List<?> l && step instanceof Integer i) {
                o = i < l.size() ? l.get(i) : null;
            } else {
                return null;
            }
        }
        return (T) o;
    }

    /** The Dockerfile's instructions (continuation lines joined, comments dropped), e.g. {@code "USER 10001:10001"}. */
    static List<String> instructions(String dockerfile) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : dockerfile.split("\n")) {
            String t = line.strip();
            if (cur.isEmpty() && (t.isEmpty() || t.startsWith("#"))) {
                continue;
            }
            if (t.endsWith("\\")) {
                cur.append(t, 0, t.length() - 1).append(' ');
            } else {
                cur.append(t);
                out.add(cur.toString().replaceAll("\\s+", " ").strip());
                cur.setLength(0);
            }
        }
        return out;
    }

    /** The instructions of the last stage (from its FROM on): what the image runs with. */
    static List<String> finalStage(List<String> instructions) {
        int last = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (keyword(instructions.get(i)).equals("FROM")) {
                last = i;
            }
        }
        return instructions.subList(last, instructions.size());
    }

    static String keyword(String instruction) {
        int sp = instruction.indexOf(' ');
        return (sp < 0 ? instruction : instruction.substring(0, sp)).toUpperCase(java.util.Locale.ROOT);
    }

    static String argument(String instruction) {
        int sp = instruction.indexOf(' ');
        return sp < 0 ? "" : instruction.substring(sp + 1).strip();
    }
}
