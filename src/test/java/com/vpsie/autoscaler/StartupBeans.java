package com.vpsie.autoscaler;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.BeanRegistration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The beans a runtime has made by some point of its start, against the list that declares each
 * with why it must exist then (src/test/resources/startup-beans*.txt, grouped under "##" reasons).
 */
public final class StartupBeans {
    private StartupBeans() {
    }

    /** Fails on a bean made that the list does not declare, and on one declared that is no longer made. */
    public static void assertDeclared(ApplicationContext context, Path declaredIn) throws IOException {
        Set<String> made = context.getActiveBeanRegistrations(Object.class).stream().map(StartupBeans::name)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> declared = Files.readAllLines(declaredIn).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> undeclared = new TreeSet<>(made);
        undeclared.removeAll(declared);
        Set<String> gone = new TreeSet<>(declared);
        gone.removeAll(made);
        assertThat(undeclared).as("beans made at start that %s does not declare (say why they are needed then, "
                + "or make them lazy or @Requires what uses them)", declaredIn).isEmpty();
        assertThat(gone).as("beans %s declares that start-up no longer makes (remove them)", declaredIn).isEmpty();
    }

    /** The bean's type; a framework-generated listener adapter counts as the bean it calls. */
    private static String name(BeanRegistration<?> r) {
        String type = r.getBeanDefinition().getBeanType().getName();
        int adapter = type.indexOf("$ApplicationEventListener$");
        return adapter < 0 ? type : type.substring(0, adapter) + " (event listener)";
    }
}
