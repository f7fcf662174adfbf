package com.vpsie.autoscaler;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which all-of checks the house rule flags: those that an empty group passes. */
class AssertionChainsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            nothing before it                   | true  | assertThat(xs).allSatisfy(x -> assertThat(x).isPositive());
            only a description                  | true  | assertThat(xs).as(`what (and why)`).allMatch(x -> x > 0);
            a filter after the size check       | true  | assertThat(xs).hasSize(3).filteredOn(x -> x > 1).allSatisfy(x -> {});
            non-empty only after it             | true  | assertThat(xs).allSatisfy(x -> {}).isNotEmpty();
            size 0                              | true  | assertThat(xs).hasSize(0).allSatisfy(x -> {});
            between 0 and 2                     | true  | assertThat(xs).hasSizeBetween(0, 2).allSatisfy(x -> {});
            a map with nothing before it        | true  | assertThat(byName).allSatisfy((k, v) -> assertThat(v).hasSize(1));
            on a later line                     | true  | assertThat(xs)\\n        .extracting(X::name)\\n        .allSatisfy(n -> {});
            inside another one                  | true  | assertThat(xs).isNotEmpty().allSatisfy(x -> assertThat(x.ys()).allMatch(y -> y > 0));
            not empty first                     | false | assertThat(xs).isNotEmpty().allSatisfy(x -> {});
            a size first                        | false | assertThat(xs).hasSize(n).allMatch(x -> x > 0);
            a size range from 1                 | false | assertThat(xs).hasSizeBetween(1, 2).allSatisfy(x -> {});
            a filter then its size              | false | assertThat(xs).filteredOn(x -> x > 1).hasSizeGreaterThan(0).allSatisfy(x -> {});
            an element named first              | false | assertThat(xs).contains(`a`).allMatch(x -> !x.isEmpty());
            the Assertions class named          | false | Assertions.assertThat(xs).isNotEmpty().allSatisfy(x -> {});
            a stream's allMatch                 | false | if (xs.stream().allMatch(x -> x > 0)) { return; }
            a stream's allMatch in an assertion | false | assertThat(xs.stream().allMatch(x -> x > 0)).isTrue();
            in a string                         | false | String s = `assertThat(xs).allSatisfy(x -> {})`;
            in a comment                        | false | // assertThat(xs).allSatisfy(x -> {});
            """)
    void flagsAllOfChecksThatPassOnAnEmptyGroup(String row, boolean flagged, String code) {
        String source = code.replace("`", "\"").replace("\\n", "\n");
        assertThat(AssertionChains.unguardedAllOf(source)).as(row).hasSize(flagged ? 1 : 0);
    }
}
