package com.vpsie.autoscaler.config;

import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.ConfigurationReader;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.env.Environment;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.convert.ConversionContext;
import io.micronaut.core.convert.format.ReadableBytes;
import io.micronaut.core.type.Argument;
import io.micronaut.inject.BeanDefinition;
import io.micronaut.inject.qualifiers.Qualifiers;
import jakarta.annotation.PostConstruct;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every setting of the function checked before it serves, under one name. A value out of its range
 * fails through the static checks below, which each configuration record calls in its constructor:
 * start-up stops with the key, what was expected and what was given. A value that does not convert
 * to its type fails in this bean at start: Micronaut binds a component whose value fails to convert
 * as if it were not set, so a typo in a limit would silently become the default. Every component of
 * this function's configuration records is checked, by the name and type Micronaut binds it with.
 */
@Context
public final class SettingChecks {
    private final BeanContext beans;
    private final Environment env;

    public SettingChecks(BeanContext beans, Environment env) {
        this.beans = beans;
        this.env = env;
    }

    @PostConstruct
    void check() {
        List<String> wrong = new ArrayList<>();
        for (BeanDefinition<?> d : beans.getBeanDefinitions(Qualifiers.byStereotype(ConfigurationReader.class))) {
            if (!d.getBeanType().getName().startsWith("com.vpsie.autoscaler.")) {
                continue;
            }
            for (Argument<?> arg : d.getConstructor().getArguments()) {
                String name = arg.getAnnotationMetadata().stringValue(Property.class, "name").orElse(null);
                if (name == null || arg.getType() == String.class || !env.containsProperty(name)) {
                    continue;
                }
                ArgumentConversionContext<?> as = ConversionContext.of(arg);
                if (env.getProperty(name, as).isEmpty()) {
                    wrong.add(name + ": expected " + expected(arg) + ", got '" + env.getProperty(name, String.class).orElse("") + "'");
                }
            }
        }
        if (!wrong.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", wrong));
        }
    }

    private static String expected(Argument<?> arg) {
        String example = arg.getAnnotationMetadata().stringValue(Bindable.class, "defaultValue").map(v -> " such as " + v).orElse("");
        Class<?> t = arg.getType();
        if (arg.getAnnotationMetadata().hasAnnotation(ReadableBytes.class)) {
            return "a size" + example;
        }
        if (t == Duration.class) {
            return "a duration" + example;
        }
        if (t == boolean.class || t == Boolean.class) {
            return "true or false";
        }
        if (t == int.class || t == long.class || t == Integer.class || t == Long.class) {
            return "a whole number" + example;
        }
        if (t == double.class || t == Double.class) {
            return "a number" + example;
        }
        return "a " + t.getSimpleName() + example;
    }

    public static Duration positive(Duration d, String key) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + ": expected a duration above zero such as 30s or 5m, got " + d);
        }
        return d;
    }

    /** Above zero and at most {@code max}. */
    public static Duration positiveAtMost(Duration d, Duration max, String key) {
        if (d == null || d.isNegative() || d.isZero() || d.compareTo(max) > 0) {
            throw new IllegalArgumentException(key + ": expected a duration from 1ms to " + DurationText.human(max) + " such as 10s, got " + d);
        }
        return d;
    }

    public static Duration notNegative(Duration d, String key) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(key + ": expected a duration of zero or more such as 0s or 250ms, got " + d);
        }
        return d;
    }

    public static int atLeast(int value, int min, String key) {
        if (value < min) {
            throw new IllegalArgumentException(key + ": expected " + min + " or more, got " + value);
        }
        return value;
    }

    /**
     * One of the listed words. Checked here, in the record's constructor, rather than with Bean
     * Validation's {@code @Pattern}: that would make the validator and its constraint registry at
     * every start for three settings.
     */
    public static String oneOf(String value, String key, String... allowed) {
        if (value == null || !List.of(allowed).contains(value)) {
            String words = allowed.length == 1 ? allowed[0]
                    : String.join(", ", Arrays.copyOf(allowed, allowed.length - 1)) + " or " + allowed[allowed.length - 1];
            throw new IllegalArgumentException(key + ": expected " + words + ", got '" + (value == null ? "" : value) + "'");
        }
        return value;
    }

    public static String notBlank(String value, String key, String example) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + ": expected a value such as " + example + ", got '" + (value == null ? "" : value) + "'");
        }
        return value;
    }
}
