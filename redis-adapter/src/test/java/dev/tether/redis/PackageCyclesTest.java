package dev.tether.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No two packages of the library depend on each other, directly or through others: the public
 * API never reaches into an engine that reaches back. Reads the main sources of the runtime and
 * the Redis client (imports and fully qualified names in code, comments left out) and looks for
 * strongly connected packages. A source scan rather than jdeps, so it needs no JDK tool and sees
 * the same thing a reader of the code sees.
 */
class PackageCyclesTest {

    private static final List<String> MODULES = List.of("connection-api", "connection-core", "redis-adapter");
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
    /** A reference to a type: {@code dev.tether.x.y.Type} (imports, static imports, qualified names). */
    private static final Pattern REFERENCE = Pattern.compile("\\b(dev\\.tether(?:\\.[a-z]\\w*)*)\\.[A-Z]");
    private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);
    private static final Pattern STRINGS = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"");

    @Test
    void thePackagesOfTheRuntimeAndTheClientFormNoCycle() {
        Map<String, Set<String>> graph = graph(root());
        assertTrue(graph.containsKey("dev.tether.redis") && graph.containsKey("dev.tether.core.loop"),
                "the scan found the library's packages: " + graph.keySet());
        assertEquals(List.of(), cycles(graph), "packages that depend on each other");
    }

    @Test
    void theScanFindsACycleWhenThereIsOne() {
        Map<String, Set<String>> graph = new TreeMap<>();
        graph.put("a", Set.of("b"));
        graph.put("b", Set.of("c"));
        graph.put("c", Set.of("a"));
        graph.put("d", Set.of("a"));
        assertEquals(List.of(Set.of("a", "b", "c")), cycles(graph));
    }

    private static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("connection-core"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "the test runs inside the repository");
        return dir;
    }

    /** Package to the packages it refers to (its own left out). */
    static Map<String, Set<String>> graph(Path root) {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String module : MODULES) {
            try (Stream<Path> files = Files.walk(root.resolve(module).resolve("src/main/java"))) {
                files.filter(f -> f.toString().endsWith(".java") && !f.endsWith("module-info.java")
                                && !f.endsWith("package-info.java"))
                        .forEach(f -> add(graph, read(f)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return graph;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void add(Map<String, Set<String>> graph, String source) {
        String code = STRINGS.matcher(COMMENTS.matcher(source).replaceAll(" ")).replaceAll("\"\"");
        Matcher pkg = PACKAGE.matcher(code);
        if (!pkg.find()) {
            return;
        }
        String from = pkg.group(1);
        Set<String> targets = graph.computeIfAbsent(from, k -> new TreeSet<>());
        Matcher ref = REFERENCE.matcher(code);
        while (ref.find()) {
            if (!ref.group(1).equals(from)) {
                targets.add(ref.group(1));
            }
        }
    }

    /** The strongly connected groups of more than one package (Tarjan), each sorted. */
    static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> found = new ArrayList<>();
        for (String node : graph.keySet()) {
            if (!index.containsKey(node)) {
                connect(node, graph, index, low, stack, onStack, found);
            }
        }
        return found;
    }

    private static void connect(String node, Map<String, Set<String>> graph, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> found) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        onStack.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, graph, index, low, stack, onStack, found);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> group = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                group.add(member);
            } while (!member.equals(node));
            if (group.size() > 1) {
                found.add(group);
            }
        }
    }
}
