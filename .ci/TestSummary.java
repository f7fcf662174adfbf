import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What `make test` prints instead of Maven's full log: the totals from Surefire's reports, each
 * skipped test class with the reason JUnit gave, each failure with its first lines, and where the
 * full log is. Run by the JDK's source launcher: java .ci/TestSummary.java LOG MAVEN_EXIT_CODE
 */
public class TestSummary {
    public static void main(String[] args) throws Exception {
        Path log = Path.of(args[0]);
        int mavenExit = Integer.parseInt(args[1]);
        File[] reports = new File("target/surefire-reports").listFiles((d, n) -> n.startsWith("TEST-") && n.endsWith(".xml"));
        int tests = 0, failed = 0, skipped = 0, classes = 0;
        double seconds = 0;
        Map<String, String> skippedWhy = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (File f : reports == null ? new File[0] : reports) {
            Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(f);
            Element suite = d.getDocumentElement();
            classes++;
            tests += Integer.parseInt(suite.getAttribute("tests"));
            failed += Integer.parseInt(suite.getAttribute("failures")) + Integer.parseInt(suite.getAttribute("errors"));
            skipped += Integer.parseInt(suite.getAttribute("skipped"));
            seconds += Double.parseDouble(suite.getAttribute("time").replace(",", ""));
            NodeList cases = suite.getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element c = (Element) cases.item(i);
                String name = simple(c.getAttribute("classname")) + "." + c.getAttribute("name");
                NodeList skip = c.getElementsByTagName("skipped");
                if (skip.getLength() > 0) {
                    String why = ((Element) skip.item(0)).getAttribute("message");
                    skippedWhy.merge(simple(c.getAttribute("classname")), why.isEmpty() ? "no reason given" : why, (a, b) -> a);
                }
                for (String kind : new String[]{"failure", "error"}) {
                    NodeList bad = c.getElementsByTagName(kind);
                    if (bad.getLength() > 0) {
                        Element e = (Element) bad.item(0);
                        String text = (e.getAttribute("message") + "\n" + e.getTextContent()).strip();
                        failures.add(name + ":\n      " + String.join("\n      ", text.lines().limit(8).toList()));
                    }
                }
            }
        }
        if (classes == 0) {
            System.out.println("make test: no test ran; the end of the log (" + log + "):");
            List<String> lines = Files.readAllLines(log);
            lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> System.out.println("  " + l));
            System.exit(mavenExit == 0 ? 1 : mavenExit);
        }
        System.out.printf(Locale.ROOT, "make test: %d tests in %d classes, %d failed, %d skipped (%.0f s in tests)%n",
                tests, classes, failed, skipped, seconds);
        skippedWhy.forEach((cls, why) -> System.out.println("  skipped " + cls + ": " + why));
        if (!failures.isEmpty()) {
            System.out.println("failures:");
            failures.forEach(f -> System.out.println("  " + f));
        }
        if (mavenExit != 0 && failures.isEmpty()) {
            System.out.println("Maven failed after the tests; the end of the log:");
            List<String> lines = Files.readAllLines(log);
            lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> System.out.println("  " + l));
        }
        System.out.println("full log: " + log + "; each test's output: target/surefire-reports/*-output.txt; VERBOSE=1 make test prints it all");
        System.exit(mavenExit != 0 ? mavenExit : failed > 0 ? 1 : 0);
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
