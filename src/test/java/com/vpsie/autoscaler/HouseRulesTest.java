package com.vpsie.autoscaler;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules docs/architecture.md says the code keeps, checked on the sources themselves, so a
 * change that breaks one fails here rather than in a reader's head.
 */
class HouseRulesTest {
    private static final Path MAIN = Path.of("src/main/java/com/vpsie/autoscaler");
    private static final int MAX_LINES = 400;

    @Test
    void everyPackageHasItsPackageInfoAndItsRowInTheArchitecture() throws IOException {
        String architecture = Files.readString(Path.of("docs/architecture.md"));
        try (Stream<Path> dirs = Files.walk(MAIN)) {
            for (Path dir : dirs.filter(Files::isDirectory).filter(HouseRulesTest::holdsJava).toList()) {
                String pkg = MAIN.relativize(dir).toString().replace('/', '.');
                assertThat(dir.resolve("package-info.java")).as("package-info.java of %s", pkg.isEmpty() ? "the root" : pkg).exists();
                assertThat(architecture).as("docs/architecture.md row of %s", pkg).contains(pkg.isEmpty() ? "| (root) |" : "| `" + pkg + "` |");
            }
        }
    }

    @Test
    void thePlannerImportsNothingButTheJdk() throws IOException {
        for (Path f : sources(MAIN.resolve("capacity"))) {
            for (String line : Files.readAllLines(f)) {
                if (line.startsWith("import ")) {
                    assertThat(line).as("%s", f.getFileName()).matches("import (static )?(java\\.|com\\.vpsie\\.autoscaler\\.capacity\\.).*");
                }
            }
        }
    }

    @Test
    void noClassNameTwiceAndNoFileOverTheLimit() throws IOException {
        Map<String, List<Path>> byName = new HashMap<>();
        List<String> tooLong = new ArrayList<>();
        for (Path f : sources(MAIN)) {
            byName.computeIfAbsent(f.getFileName().toString(), k -> new ArrayList<>()).add(f);
            long lines = Files.readAllLines(f).size();
            if (lines > MAX_LINES) {
                tooLong.add(MAIN.relativize(f) + " (" + lines + " lines)");
            }
        }
        byName.remove("package-info.java");
        assertThat(byName).as("class names used twice").isNotEmpty().allSatisfy((name, files) -> assertThat(files).as(name).hasSize(1));
        assertThat(tooLong).as("files over %d lines", MAX_LINES).isEmpty();
    }

    /**
     * Domain failures are a closed type there; catching the JDK's broadly would turn a bug into an
     * ordinary FAILED decision or skipped group. An {@code IllegalArgumentException} is caught only
     * where a reader's refusal of one field is translated (the catch throws again, naming it), or in
     * {@code SpecRules}, the one place a spec's refusal becomes an {@code InvalidSpec}.
     */
    @Test
    void reconcileCatchesNoJdkExceptionBroadly() throws IOException {
        Pattern catchClause = Pattern.compile("catch\\s*\\(([^)]*)\\)\\s*\\{");
        for (Path f : sources(MAIN.resolve("reconcile"))) {
            String text = Files.readString(f);
            Matcher m = catchClause.matcher(text);
            while (m.find()) {
                assertThat(m.group(1)).as("%s: %s", f.getFileName(), m.group()).doesNotContain("IllegalStateException");
                if (m.group(1).contains("IllegalArgumentException") && !f.endsWith("SpecRules.java")) {
                    String block = text.substring(m.end(), text.indexOf('}', m.end()));
                    assertThat(block).as("%s: %s must translate the refusal and throw again", f.getFileName(), m.group()).contains("throw new");
                }
            }
        }
    }

    /**
     * The package graph has no cycle, nothing below the root imports the root (the process wires
     * the rooms, not the other way round), and the rooms everything stands on import none of the
     * rooms that stand on them.
     */
    @Test
    void packagesFormNoCycleAndNothingImportsUpward() throws IOException {
        Pattern ours = Pattern.compile("^import (?:static )?com\\.vpsie\\.autoscaler\\.((?:[a-z0-9]+\\.)*)([A-Z]\\w*)", Pattern.MULTILINE);
        Map<String, java.util.Set<String>> uses = new java.util.TreeMap<>();
        for (Path f : sources(MAIN)) {
            String from = MAIN.relativize(f.getParent() == null ? MAIN : f.getParent()).toString().replace('/', '.');
            Matcher m = ours.matcher(Files.readString(f));
            while (m.find()) {
                String to = m.group(1).isEmpty() ? "" : m.group(1).substring(0, m.group(1).length() - 1);
                if (!to.equals(from)) {
                    uses.computeIfAbsent(from, k -> new java.util.TreeSet<>()).add(to);
                }
            }
        }
        uses.forEach((from, to) -> {
            if (!from.isEmpty()) {
                assertThat(to).as("%s imports the root package", from).doesNotContain("");
            }
        });
        java.util.Set<String> below = java.util.Set.of("reconcile", "webhook", "cluster", "vpsie", "sandbox", "simulation", "scenario", "trigger", "health");
        for (String base : List.of("capacity", "apis.v1alpha1", "port", "config", "limits")) {
            assertThat(uses.getOrDefault(base, java.util.Set.of())).as("what %s imports", base).doesNotContainAnyElementsOf(below);
        }
        for (String start : uses.keySet()) {
            assertThat(cycleFrom(start, start, uses, new java.util.HashSet<>())).as("a cycle through %s", start.isEmpty() ? "the root" : start).isEmpty();
        }
    }

    private static List<String> cycleFrom(String start, String at, Map<String, java.util.Set<String>> uses, java.util.Set<String> seen) {
        for (String next : uses.getOrDefault(at, java.util.Set.of())) {
            if (next.equals(start)) {
                return List.of(at, next);
            }
            if (seen.add(next)) {
                List<String> rest = cycleFrom(start, next, uses, seen);
                if (!rest.isEmpty()) {
                    List<String> path = new ArrayList<>(List.of(at));
                    path.addAll(rest);
                    return path;
                }
            }
        }
        return List.of();
    }

    /** A newcomer reads a room's package-info first: it names every class there, so it cannot drift from the code. */
    @Test
    void eachPackageInfoNamesEveryClassOfItsPackage() throws IOException {
        Map<String, List<String>> unnamed = new java.util.TreeMap<>();
        try (Stream<Path> dirs = Files.walk(MAIN)) {
            for (Path dir : dirs.filter(Files::isDirectory).filter(HouseRulesTest::holdsJava).toList()) {
                String info = Files.readString(dir.resolve("package-info.java"));
                try (Stream<Path> files = Files.list(dir)) {
                    List<String> missing = files.map(p -> p.getFileName().toString())
                            .filter(n -> n.endsWith(".java") && !n.equals("package-info.java")).map(n -> n.substring(0, n.length() - 5))
                            .filter(c -> !Pattern.compile("\\b" + c + "\\b").matcher(info).find()).sorted().toList();
                    if (!missing.isEmpty()) {
                        unnamed.put(MAIN.relativize(dir).toString(), missing);
                    }
                }
            }
        }
        assertThat(unnamed).as("classes their package-info does not name, by package").isEmpty();
    }

    @Test
    void nothingCitesAFileOutsideTheRepository() throws IOException {
        List<Path> files = new ArrayList<>(sources(Path.of("src")).stream().filter(p -> !p.endsWith("HouseRulesTest.java")).toList());
        files.add(Path.of("README.md"));
        try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(files::add);
        }
        try (Stream<Path> res = Files.walk(Path.of("src/test/resources"))) {
            res.filter(p -> p.toString().endsWith(".md")).forEach(files::add);
        }
        for (Path f : files) {
            // Written as patterns, so that this file does not cite what it forbids.
            assertThat(Files.readString(f)).as("%s", f).doesNotContainPattern("\\.\\./shared|shared[/]fixtures|DESIGN\\.md|VPSIE_API\\.md");
        }
    }

    /**
     * AssertJ's all-of checks hold of an empty group, so "each request carried the token" passes
     * when no request was recorded. Each one's chain says first that there are some, or how many.
     */
    @Test
    void noAllSatisfyThatCanPassOnNothing() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path f : sources(Path.of("src/test"))) {
            AssertionChains.unguardedAllOf(Files.readString(f)).forEach(at -> offenders.add(f + ", " + at));
        }
        assertThat(offenders).as("all-of checks with no isNotEmpty(), hasSize(n), singleElement() or the like before them in their chain")
                .isEmpty();
    }

    private static boolean holdsJava(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(p -> p.toString().endsWith(".java"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> sources(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }
}
