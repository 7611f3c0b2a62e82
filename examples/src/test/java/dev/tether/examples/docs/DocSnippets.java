package dev.tether.examples.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads the two sides {@link DocSnippetsTest} compares: the {@code java} code blocks of the
 * Markdown pages, and the marked regions of the Java sources. The convention is described there
 * and in {@code docs/code-in-docs.md}.
 */
final class DocSnippets {

    /** The HTML comment that, on the last non-blank line before a code block, marks it as a fragment. */
    static final String FRAGMENT = "<!-- fragment -->";
    /** Opens a region; the name follows, e.g. {@code // snippet:redis-quickstart}. */
    static final String START = "// snippet:";
    /** Closes the open region. */
    static final String END = "// end-snippet";

    private static final String FENCE = "```";

    private DocSnippets() {
    }

    /**
     * A {@code java} code block of a Markdown page.
     *
     * @param where the page and the line of its opening fence, e.g. {@code README.md:202}
     * @param lines the code, normalised (see {@link #normalize})
     * @param fragment whether the page marks it as a fragment
     */
    record Block(String where, List<String> lines, boolean fragment) {
    }

    /**
     * The regions of one name in one source file, joined in file order.
     *
     * @param name the region's name
     * @param where the file and the line of its first marker
     * @param lines the code, each region normalised on its own, then joined
     */
    record Snippet(String name, String where, List<String> lines) {
    }

    /** The repository's root: the nearest directory up from here holding connection-core and README.md. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isDirectory(dir.resolve("connection-core")) && Files.isRegularFile(dir.resolve("README.md")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("not inside the repository: " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** README.md and every docs/*.md page. */
    static List<Path> pages(Path root) {
        List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages;
    }

    /** Every .java file under a module's src/main/java or src/test/java that holds a region marker. */
    static List<Path> markedSources(Path root) {
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(Files::isDirectory).sorted().toList()) {
                for (String tree : List.of("src/main/java", "src/test/java")) {
                    Path dir = module.resolve(tree);
                    if (Files.isDirectory(dir)) {
                        try (Stream<Path> files = Files.walk(dir)) {
                            files.filter(f -> f.toString().endsWith(".java") && read(f).stream().anyMatch(l -> l.contains(START)))
                                    .sorted().forEach(sources::add);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sources;
    }

    static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The {@code java} blocks of a page.
     *
     * @throws IllegalArgumentException for a fence left open, or a fragment marker not followed by a java block
     */
    static List<Block> javaBlocks(String page, List<String> markdown) {
        List<Block> blocks = new ArrayList<>();
        int lastText = -1; // the last non-blank line outside blocks
        for (int i = 0; i < markdown.size(); i++) {
            String line = markdown.get(i);
            String trimmed = line.strip();
            if (!trimmed.startsWith(FENCE)) {
                if (!trimmed.isEmpty()) {
                    checkMarkerUsed(page, markdown, lastText, false);
                    lastText = i;
                }
                continue;
            }
            boolean java = trimmed.substring(FENCE.length()).strip().equalsIgnoreCase("java");
            boolean fragment = lastText >= 0 && markdown.get(lastText).strip().equals(FRAGMENT);
            checkMarkerUsed(page, markdown, lastText, java);
            int indent = line.indexOf(FENCE);
            int open = i;
            List<String> code = new ArrayList<>();
            for (i++; i < markdown.size() && !markdown.get(i).strip().equals(FENCE); i++) {
                String content = markdown.get(i);
                code.add(content.substring(Math.min(indent, leadingSpaces(content))));
            }
            if (i == markdown.size()) {
                throw new IllegalArgumentException(page + ":" + (open + 1) + ": a code block is never closed");
            }
            if (java) {
                blocks.add(new Block(page + ":" + (open + 1), normalize(code), fragment));
            }
            lastText = -1;
        }
        checkMarkerUsed(page, markdown, lastText, false);
        return blocks;
    }

    private static void checkMarkerUsed(String page, List<String> markdown, int lastText, boolean beforeJavaBlock) {
        if (lastText >= 0 && markdown.get(lastText).strip().equals(FRAGMENT) && !beforeJavaBlock) {
            throw new IllegalArgumentException(page + ":" + (lastText + 1) + ": " + FRAGMENT
                    + " must come right before a ```java block");
        }
    }

    /**
     * The snippets of a source file, by name.
     *
     * @throws IllegalArgumentException for a region left open, an end without a start, or a region inside another
     */
    static Map<String, Snippet> snippets(String file, List<String> source) {
        Map<String, Snippet> snippets = new LinkedHashMap<>();
        String open = null;
        int openLine = 0;
        List<String> region = new ArrayList<>();
        for (int i = 0; i < source.size(); i++) {
            String trimmed = source.get(i).strip();
            if (trimmed.startsWith(START)) {
                if (open != null) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": region '" + open
                            + "' (line " + openLine + ") is still open");
                }
                open = trimmed.substring(START.length()).strip();
                openLine = i + 1;
                if (open.isEmpty()) {
                    throw new IllegalArgumentException(file + ":" + openLine + ": a region needs a name: " + START + "NAME");
                }
                region.clear();
            } else if (trimmed.equals(END)) {
                if (open == null) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + END + " without " + START + "NAME");
                }
                String where = file + ":" + openLine;
                Snippet before = snippets.get(open);
                List<String> lines = new ArrayList<>(before == null ? List.of() : before.lines());
                lines.addAll(normalize(region));
                snippets.put(open, new Snippet(open, before == null ? where : before.where(), List.copyOf(lines)));
                open = null;
            } else if (open != null) {
                region.add(source.get(i));
            }
        }
        if (open != null) {
            throw new IllegalArgumentException(file + ":" + openLine + ": region '" + open + "' is never closed (" + END + ")");
        }
        return snippets;
    }

    /** Trailing spaces and blank lines dropped, and the indentation all lines share removed. */
    static List<String> normalize(List<String> lines) {
        List<String> kept = lines.stream().map(String::stripTrailing).filter(l -> !l.isEmpty()).toList();
        int indent = kept.stream().mapToInt(DocSnippets::leadingSpaces).min().orElse(0);
        return kept.stream().map(l -> l.substring(indent)).toList();
    }

    private static int leadingSpaces(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return n;
    }
}
