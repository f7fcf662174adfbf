package com.vpsie.autoscaler.capacity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes resource quantities ("100m", "1.5", "512Mi", "1G", "2e3"), parsed as the API server
 * does: a signed decimal number followed by a binary suffix, a decimal suffix or a decimal exponent.
 */
public final class Quantity {
    private static final Pattern FORMAT =
            Pattern.compile("^([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))([eE][+-]?[0-9]+|[KMGTPE]i|[numkMGTPE]?)$");
    private static final long[] POWERS_OF_TEN = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L,
            1_000_000_000L, 10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L, 100_000_000_000_000L,
            1_000_000_000_000_000L, 10_000_000_000_000_000L, 100_000_000_000_000_000L, 1_000_000_000_000_000_000L};
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private Quantity() {
    }

    /** The exact value of a quantity. */
    public static BigDecimal parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("quantity is missing");
        }
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a Kubernetes quantity (expected e.g. 100m, 1.5, 512Mi, 1G, 2e3)");
        }
        BigDecimal number = new BigDecimal(m.group(1));
        String suffix = m.group(2);
        if (suffix.isEmpty()) {
            return number;
        }
        if (suffix.length() == 1) {
            return number.scaleByPowerOfTen(decimalExponent(suffix.charAt(0)));
        }
        // "Ei" (exbibytes) starts like an exponent too.
        if (suffix.charAt(1) == 'i') {
            return number.multiply(BigDecimal.valueOf(1L << (10 * binaryExponent(suffix.charAt(0)))));
        }
        // An exponent beyond any long is answered at once: BigDecimal would spend seconds (minutes) building the number.
        int exponent = Integer.parseInt(suffix.substring(1));
        if (exponent > MAX_EXPONENT && number.signum() != 0) {
            throw new ArithmeticException("'" + text + "' is above 2^63");
        }
        return number.scaleByPowerOfTen(Math.max(exponent, -MAX_EXPONENT));
    }

    /** Past 10^40 no quantity fits a long, and below 10^-40 every positive one rounds up to 1. */
    private static final int MAX_EXPONENT = 40;

    /** A one-letter decimal suffix as a power of ten ({@code m}: -3, {@code k}: 3); {@code Integer.MIN_VALUE} for any other letter. */
    private static int decimalExponent(char suffix) {
        return switch (suffix) {
            case 'n' -> -9;
            case 'u' -> -6;
            case 'm' -> -3;
            case 'k' -> 3;
            case 'M' -> 6;
            case 'G' -> 9;
            case 'T' -> 12;
            case 'P' -> 15;
            case 'E' -> 18;
            default -> Integer.MIN_VALUE;
        };
    }

    /** A binary suffix's letter as a power of 1024 ({@code Ki}: 1 ... {@code Ei}: 6); 0 for any other letter. */
    private static int binaryExponent(char letter) {
        return "KMGTPE".indexOf(letter) + 1;
    }

    /** Thousandths of the value, rounded up as Kubernetes' MilliValue does (for CPU). */
    public static long milli(String text) {
        long fast = common(text, 3);
        return fast >= 0 ? fast : parse(text).multiply(THOUSAND).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** The value in whole units, rounded up as Kubernetes' Value does (bytes, pods, devices). */
    public static long units(String text) {
        long fast = common(text, 0);
        return fast >= 0 ? fast : parse(text).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /**
     * The common forms ({@code 100m}, {@code 1.5}, {@code 512Mi}: digits, a fraction, a suffix, no
     * sign and no exponent) times {@code 10^shift}, rounded up, in long arithmetic; -1 for anything
     * else or anything that would overflow, which {@link #parse} then reads exactly. A dump of 30,000
     * pods holds about 200,000 quantities: the pattern and BigDecimal took most of translating them.
     */
    private static long common(String text, int shift) {
        if (text == null) {
            return -1;
        }
        int n = text.length();
        int i = 0;
        long digits = 0;
        int count = 0;
        int fraction = 0;
        boolean point = false;
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++count > 18) {
                    return -1;
                }
                digits = digits * 10 + (c - '0');
                if (point) {
                    fraction++;
                }
            } else if (c == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        if (count == 0) {
            return -1;
        }
        int decimal;   // the suffix as a power of ten
        int binary = 0; // or as a power of 1024
        switch (n - i) {
            case 0 -> decimal = 0;
            case 1 -> decimal = decimalExponent(text.charAt(i));
            case 2 -> {
                decimal = 0;
                binary = text.charAt(i + 1) != 'i' ? 0 : binaryExponent(text.charAt(i));
                if (binary == 0) {
                    return -1;
                }
            }
            default -> decimal = Integer.MIN_VALUE;
        }
        if (decimal == Integer.MIN_VALUE) {
            return -1;
        }
        try {
            long value = Math.multiplyExact(digits, 1L << (10 * binary));
            int exponent = decimal + shift - fraction;
            for (; exponent > 0; exponent--) {
                value = Math.multiplyExact(value, 10);
            }
            if (exponent == 0) {
                return value;
            }
            if (exponent < -18) {
                return -1;
            }
            long divisor = POWERS_OF_TEN[-exponent];
            return value / divisor + (value % divisor == 0 ? 0 : 1);
        } catch (ArithmeticException overflow) {
            return -1;
        }
    }

    /** Human form of a CPU amount in millicores: "1500m", "2". */
    public static String formatMilliCpu(long milli) {
        return milli % 1000 == 0 ? Long.toString(milli / 1000) : milli + "m";
    }

    /** Human form of a byte count: the largest binary suffix that divides it evenly. */
    public static String formatBytes(long bytes) {
        String[] suffixes = {"Ei", "Pi", "Ti", "Gi", "Mi", "Ki"};
        for (int i = 0; i < suffixes.length; i++) {
            long unit = 1L << (10 * (6 - i));
            if (bytes != 0 && bytes % unit == 0) {
                return (bytes / unit) + suffixes[i];
            }
        }
        return Long.toString(bytes);
    }
}
