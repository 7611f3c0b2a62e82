package dev.tether.examples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tether.examples.docs.DocSnippets.Block;
import dev.tether.examples.docs.DocSnippets.Snippet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The Java in the docs is code that compiles: every {@code ```java} block of README.md and of
 * docs/*.md must be, line for line, a marked region of a Java source in the repository, or be
 * marked in the Markdown as a fragment.
 *
 * <p>The convention (also in docs/code-in-docs.md):
 * <ul>
 *   <li>In a {@code src/main/java} or {@code src/test/java} file of any module, the code between
 *       {@code // snippet:NAME} and {@code // end-snippet} is a region. Several regions of one
 *       name in one file are joined in file order (the Markdown shows an excerpt of a class as
 *       one block); a name is used in one file only.</li>
 *   <li>A block matches a snippet when both are equal line for line after removing trailing
 *       spaces, blank lines, and the indentation all lines share (per region, for a joined
 *       snippet).</li>
 *   <li>{@code <!-- fragment -->} on the last non-blank line before a {@code ```java} block
 *       exempts it: only for code that cannot compile on its own (an outline with bodies left
 *       out, a single option line).</li>
 *   <li>Every snippet is shown by some block, so a block deleted from the docs leaves no stale
 *       markers behind.</li>
 * </ul>
 * Where a snippet is a program, a test runs it too ({@code QuickstartsTest} for the README's
 * quickstarts).
 */
class DocSnippetsTest {

    @Test
    void everyJavaBlockInTheDocsIsAMarkedSourceRegionOrAFragment() {
        Path root = DocSnippets.root();
        Map<String, Snippet> snippets = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Path source : DocSnippets.markedSources(root)) {
            DocSnippets.snippets(root.relativize(source).toString(), DocSnippets.read(source)).forEach((name, snippet) -> {
                Snippet other = snippets.putIfAbsent(name, snippet);
                if (other != null) {
                    problems.add(snippet.where() + ": region name '" + name + "' is used in " + other.where() + " already");
                }
            });
        }
        Set<String> shown = new HashSet<>();
        int blocks = 0;
        for (Path page : DocSnippets.pages(root)) {
            for (Block block : DocSnippets.javaBlocks(root.relativize(page).toString(), DocSnippets.read(page))) {
                blocks++;
                if (block.fragment()) {
                    continue;
                }
                List<Snippet> same = snippets.values().stream().filter(s -> s.lines().equals(block.lines())).toList();
                if (same.isEmpty()) {
                    problems.add(mismatch(block, snippets.values()));
                }
                same.forEach(s -> shown.add(s.name()));
            }
        }
        snippets.values().stream().filter(s -> !shown.contains(s.name()))
                .forEach(s -> problems.add(s.where() + ": region '" + s.name() + "' is shown by no ```java block of the docs"));
        assertTrue(blocks > 0, "no ```java block found under " + root);
        if (!problems.isEmpty()) {
            fail(problems.size() + " problem(s) between the docs and the code:\n" + String.join("\n", problems));
        }
    }

    /** Names the snippet sharing the most lines with the block, and the first line that differs. */
    private static String mismatch(Block block, Iterable<Snippet> snippets) {
        Snippet closest = null;
        long best = 0;
        for (Snippet s : snippets) {
            long shared = block.lines().stream().filter(s.lines()::contains).count();
            if (shared > best) {
                best = shared;
                closest = s;
            }
        }
        String message = block.where() + ": this ```java block is no `" + DocSnippets.START + "NAME` region of the sources,"
                + " and not marked " + DocSnippets.FRAGMENT;
        if (closest == null) {
            return message;
        }
        List<String> doc = block.lines();
        List<String> code = closest.lines();
        int i = 0;
        while (i < doc.size() && i < code.size() && doc.get(i).equals(code.get(i))) {
            i++;
        }
        return message + "; closest: '" + closest.name() + "' at " + closest.where() + ", first difference at its non-blank line "
                + (i + 1) + ":\n    doc:  " + (i < doc.size() ? doc.get(i) : "(end)")
                + "\n    code: " + (i < code.size() ? code.get(i) : "(end)");
    }

    @Test
    void regionsOfOneNameAreJoinedEachWithItsOwnIndentation() {
        Map<String, Snippet> snippets = DocSnippets.snippets("A.java", List.of(
                "class A {",
                "    // snippet:a",
                "    static final int X = 1;",
                "    // end-snippet",
                "    void f() {",
                "        // snippet:a",
                "        if (X > 0) {",
                "",
                "            g();   ",
                "        }",
                "        // end-snippet",
                "    }",
                "}"));
        assertEquals(List.of("static final int X = 1;", "if (X > 0) {", "    g();", "}"), snippets.get("a").lines());
        assertEquals("A.java:2", snippets.get("a").where());
    }

    @Test
    void aBlockIsComparedWithoutItsIndentationAndBlankLinesAndMayBeMarkedAFragment() {
        List<Block> blocks = DocSnippets.javaBlocks("P.md", List.of(
                "Text.",
                "```java",
                "  int a = 1;",
                "",
                "  int b = 2;",
                "```",
                "<!-- fragment -->",
                "",
                "```java",
                ".option(1)",
                "```",
                "```",
                "not java",
                "```"));
        assertEquals(2, blocks.size());
        assertEquals(new Block("P.md:2", List.of("int a = 1;", "int b = 2;"), false), blocks.get(0));
        assertEquals(new Block("P.md:9", List.of(".option(1)"), true), blocks.get(1));
    }

    @Test
    void badMarkersAreNamedWithTheirLine() {
        assertMessage("A.java:3: region 'b' is never closed (// end-snippet)",
                () -> DocSnippets.snippets("A.java", List.of("// snippet:a", "// end-snippet", "// snippet:b")));
        assertMessage("A.java:2: region 'a' (line 1) is still open",
                () -> DocSnippets.snippets("A.java", List.of("// snippet:a", "// snippet:b")));
        assertMessage("A.java:1: // end-snippet without // snippet:NAME",
                () -> DocSnippets.snippets("A.java", List.of("// end-snippet")));
        assertMessage("P.md:1: <!-- fragment --> must come right before a ```java block",
                () -> DocSnippets.javaBlocks("P.md", List.of("<!-- fragment -->", "Text.", "```java", "x();", "```")));
        assertMessage("P.md:1: a code block is never closed",
                () -> DocSnippets.javaBlocks("P.md", List.of("```java", "x();")));
    }

    private static void assertMessage(String expected, Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
