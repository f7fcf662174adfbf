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

    /** Domain failures are a closed type there; catching the JDK's would turn a bug into an ordinary FAILED decision. */
    @Test
    void reconcileCatchesNoIllegalStateException() throws IOException {
        Pattern catchClause = Pattern.compile("catch\\s*\\(([^)]*)\\)");
        for (Path f : sources(MAIN.resolve("reconcile"))) {
            Matcher m = catchClause.matcher(Files.readString(f));
            while (m.find()) {
                assertThat(m.group(1)).as("%s: %s", f.getFileName(), m.group()).doesNotContain("IllegalStateException");
            }
        }
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
