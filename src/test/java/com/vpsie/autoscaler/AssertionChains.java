package com.vpsie.autoscaler;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads AssertJ assertion chains in Java source, for {@code HouseRulesTest}: which all-of checks
 * ({@code allSatisfy}, {@code allMatch}) are not preceded in their chain, from its
 * {@code assertThat(...)} on, by a check that the group has elements. An all-of check holds of an
 * empty group, so without one it passes when a run recorded nothing. A filter between the size
 * check and the all-of check takes the guarantee away again. Not a Java parser: string and char
 * literals and comments are blanked first, then each chain is read backwards by its parentheses.
 */
final class AssertionChains {
    private static final Pattern ALL_OF = Pattern.compile("\\.\\s*(all(?:Satisfy|Match))\\s*\\(");
    /** Checks that fail on an empty group. */
    private static final Set<String> NON_EMPTY = Set.of("isNotEmpty", "hasSizeGreaterThan", "singleElement");
    /** Checks that fail on an empty group when given at least one element (or condition). */
    private static final Set<String> SOME = Set.of("anySatisfy", "anyMatch", "contains", "containsExactly", "containsExactlyInAnyOrder",
            "containsOnly", "containsSequence", "containsSubsequence", "containsKey", "containsKeys", "containsEntry");
    /** Sizes that rule out an empty group unless their (first) argument is 0. */
    private static final Set<String> SIZES = Set.of("hasSize", "hasSizeGreaterThanOrEqualTo", "hasSizeBetween");
    /** Calls after which the group is another one, possibly empty. */
    private static final Set<String> NARROWING = Set.of("filteredOn", "filteredOnAssertions", "filteredOnNull", "flatExtracting", "flatMap");

    private AssertionChains() {
    }

    private record Call(String name, String args) {
    }

    /** Each all-of check of an AssertJ chain with no non-emptiness check before it, as "line N: the line". */
    static List<String> unguardedAllOf(String source) {
        String code = blankLiteralsAndComments(source);
        String[] lines = source.split("\n", -1);
        List<String> out = new ArrayList<>();
        Matcher m = ALL_OF.matcher(code);
        while (m.find()) {
            List<Call> chain = chainBefore(code, m.start());
            int root = chain.isEmpty() ? -1 : chain.get(0).name().equals("Assertions") ? 1 : 0;
            if (root < 0 || root >= chain.size() || !chain.get(root).name().equals("assertThat") || chain.get(root).args() == null) {
                continue; // a stream's allMatch, or some other library's: not an assertion chain
            }
            if (!guarded(chain.subList(root + 1, chain.size()))) {
                int line = lineOf(code, m.start());
                out.add("line " + line + ": " + lines[line - 1].strip());
            }
        }
        return out;
    }

    private static boolean guarded(List<Call> calls) {
        boolean nonEmpty = false;
        for (Call c : calls) {
            if (NARROWING.contains(c.name())) {
                nonEmpty = false;
            } else if (c.args() != null && (NON_EMPTY.contains(c.name()) || SOME.contains(c.name()) && !c.args().isBlank())) {
                nonEmpty = true;
            } else if (c.args() != null && SIZES.contains(c.name()) && !c.args().split(",")[0].strip().equals("0")) {
                nonEmpty = true;
            }
        }
        return nonEmpty;
    }

    /** The calls and names of the chain that ends just before {@code dot}, first to last; {@code args} null for a name. */
    private static List<Call> chainBefore(String code, int dot) {
        List<Call> chain = new ArrayList<>();
        int i = dot;
        while (true) {
            int j = skipSpaceBack(code, i - 1);
            String args = null;
            if (j >= 0 && code.charAt(j) == ')') {
                int open = matchingOpen(code, j);
                if (open < 0) {
                    return List.of();
                }
                args = code.substring(open + 1, j);
                j = skipSpaceBack(code, open - 1);
            }
            int end = j + 1;
            while (j >= 0 && Character.isJavaIdentifierPart(code.charAt(j))) {
                j--;
            }
            if (j + 1 == end) {
                return List.of(); // a parenthesised expression or a cast: not a named chain
            }
            chain.add(0, new Call(code.substring(j + 1, end), args));
            int before = skipSpaceBack(code, j);
            if (before < 0 || code.charAt(before) != '.') {
                return chain;
            }
            i = before;
        }
    }

    private static int matchingOpen(String code, int close) {
        int depth = 0;
        for (int k = close; k >= 0; k--) {
            char c = code.charAt(k);
            if (c == ')') {
                depth++;
            } else if (c == '(' && --depth == 0) {
                return k;
            }
        }
        return -1;
    }

    private static int skipSpaceBack(String code, int from) {
        int k = from;
        while (k >= 0 && Character.isWhitespace(code.charAt(k))) {
            k--;
        }
        return k;
    }

    private static int lineOf(String code, int at) {
        int line = 1;
        for (int k = 0; k < at; k++) {
            if (code.charAt(k) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** The source with the insides of string, text block and char literals and of comments turned to spaces (line breaks kept). */
    static String blankLiteralsAndComments(String s) {
        StringBuilder out = new StringBuilder(s);
        int i = 0;
        while (i < s.length()) {
            int end;
            if (s.startsWith("//", i)) {
                end = s.indexOf('\n', i);
                end = end < 0 ? s.length() : end;
            } else if (s.startsWith("/*", i)) {
                end = s.indexOf("*/", i + 2);
                end = end < 0 ? s.length() : end + 2;
            } else if (s.startsWith("\"\"\"", i)) {
                end = s.indexOf("\"\"\"", i + 3);
                while (end > 0 && s.charAt(end - 1) == '\\') {
                    end = s.indexOf("\"\"\"", end + 1);
                }
                end = end < 0 ? s.length() : end + 3;
                blank(out, i + 3, end - 3);
                i = end;
                continue;
            } else if (s.charAt(i) == '"' || s.charAt(i) == '\'') {
                char quote = s.charAt(i);
                end = i + 1;
                while (end < s.length() && s.charAt(end) != quote && s.charAt(end) != '\n') {
                    end += s.charAt(end) == '\\' ? 2 : 1;
                }
                blank(out, i + 1, Math.min(end, s.length()));
                i = end + 1;
                continue;
            } else {
                i++;
                continue;
            }
            blank(out, i, end);
            i = end;
        }
        return out.toString();
    }

    private static void blank(StringBuilder out, int from, int to) {
        for (int k = from; k < to; k++) {
            if (out.charAt(k) != '\n') {
                out.setCharAt(k, ' ');
            }
        }
    }
}
