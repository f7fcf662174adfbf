package com.vpsie.autoscaler.capacity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Random;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class QuantityTest {

    /** An exponent past any long is refused as too large, and one far below rounds up, without building the number. */
    @Test
    void anExponentBeyondALongIsTooLargeAndAFarNegativeOneRoundsUp() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Quantity.units("1e9999999")).isInstanceOf(ArithmeticException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Quantity.units("8Ei")).isInstanceOf(ArithmeticException.class);
        assertThat(Quantity.units("1e-9999999")).isEqualTo(1);
        assertThat(Quantity.units("0e9999999")).isZero();
        assertThat(Quantity.units("1e18")).isEqualTo(1_000_000_000_000_000_000L);
    }

    @ParameterizedTest
    @CsvSource({"100m,100", "1.5,1500", "2,2000", "0.1,100", "1m,1", "0.0001,1", "2e3,2000000", "1k,1000000", "250u,1", "3000000n,3", "2000u,2"})
    void cpuInMillicoresRoundsUpAsKubernetesDoes(String text, long milli) {
        assertThat(Quantity.milli(text)).isEqualTo(milli);
    }

    @ParameterizedTest
    @CsvSource({"512Mi,536870912", "1G,1000000000", "1Gi,1073741824", "128974848,128974848", "129e6,129000000",
            "1.5Gi,1610612736", "123Mi,128974848", "1Ki,1024", "500m,1", "2Ei,2305843009213693952", "1E,1000000000000000000",
            "3M,3000000", "2T,2000000000000", "4P,4000000000000000", "2Mi,2097152", "1Ti,1099511627776", "1Pi,1125899906842624"})
    void bytesFollowBinaryAndDecimalSuffixes(String text, long bytes) {
        assertThat(Quantity.units(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1.2.3", "10Mb", "1 Gi", "--1", "Gi"})
    void rejectsWhatTheApiServerRejects(String text) {
        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class, () -> Quantity.parse(text));
        assertThat(e.getMessage().contains("not a Kubernetes quantity")).as(e.getMessage()).isTrue();
    }

    /**
     * milli and units read the common forms without the pattern; on every form, valid or not,
     * they must agree with the exact reading: the same value, or the same kind of refusal.
     */
    @Test
    void theFastReadingAgreesWithTheExactOneOnAnyText() {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        for (int i = 0; i < 50_000; i++) {
            String text = randomQuantity(r);
            agree(seed, text, Quantity::milli, q -> q.multiply(BigDecimal.valueOf(1000)));
            agree(seed, text, Quantity::units, q -> q);
        }
    }

    private static void agree(long seed, String text, Function<String, Long> fast, Function<BigDecimal, BigDecimal> scale) {
        Object expected;
        try {
            expected = scale.apply(Quantity.parse(text)).setScale(0, RoundingMode.CEILING).longValueExact();
        } catch (RuntimeException e) {
            expected = e.getClass();
        }
        Object got;
        try {
            got = fast.apply(text);
        } catch (RuntimeException e) {
            got = e.getClass();
        }
        assertThat(got).as("seed %d: '%s'", seed, text).isEqualTo(expected);
    }

    private static final String[] SUFFIXES = {"", "", "", "m", "n", "u", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei",
        "e3", "E-2", "e+1", "mi", "Gb", "i", "KiB", " ", "x", "."};

    /** Mostly what manifests hold, with long digit runs, odd points, signs and wrong suffixes mixed in. */
    private static String randomQuantity(Random r) {
        StringBuilder b = new StringBuilder();
        if (r.nextInt(10) == 0) {
            b.append("+- ".charAt(r.nextInt(3)));
        }
        int whole = r.nextInt(4) == 0 ? r.nextInt(22) : 1 + r.nextInt(4);
        for (int i = 0; i < whole; i++) {
            b.append((char) ('0' + r.nextInt(10)));
        }
        if (r.nextInt(3) == 0) {
            b.append('.');
            int fraction = r.nextInt(r.nextInt(4) == 0 ? 22 : 4);
            for (int i = 0; i < fraction; i++) {
                b.append((char) ('0' + r.nextInt(10)));
            }
        }
        return b.append(SUFFIXES[r.nextInt(SUFFIXES.length)]).toString();
    }
}
