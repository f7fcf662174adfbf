package com.vpsie.autoscaler;

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
import java.util.List;

/**
 * Refuses to start when a setting's value does not convert to its type. Micronaut binds a
 * configuration record's component whose value fails to convert as if it were not set, so
 * {@code autoscaler.webhooks.max-body-size=abc} started with the 1MB default and
 * {@code autoscaler.reconcile.timeout=ten} with 10s: a typo in a limit silently became another
 * limit. Every component of this function's configuration records is checked, by the name and type
 * Micronaut binds it with.
 */
@Context
public class SettingValues {
    private final BeanContext beans;
    private final Environment env;

    public SettingValues(BeanContext beans, Environment env) {
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
}
