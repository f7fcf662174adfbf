package com.vpsie.autoscaler.capacity;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class QuantityTest {

    @ParameterizedTest
    @CsvSource({"100m,100", "1.5,1500", "2,2000", "0.1,100", "1m,1", "0.0001,1", "2e3,2000000", "1k,1000000", "250u,1"})
    void cpuInMillicoresRoundsUpAsKubernetesDoes(String text, long milli) {
        assertThat(Quantity.milli(text)).isEqualTo(milli);
    }

    @ParameterizedTest
    @CsvSource({"512Mi,536870912", "1G,1000000000", "1Gi,1073741824", "128974848,128974848", "129e6,129000000",
            "1.5Gi,1610612736", "123Mi,128974848", "1Ki,1024", "500m,1"})
    void bytesFollowBinaryAndDecimalSuffixes(String text, long bytes) {
        assertThat(Quantity.units(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1.2.3", "10Mb", "1 Gi", "--1", "Gi"})
    void rejectsWhatTheApiServerRejects(String text) {
        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class, () -> Quantity.parse(text));
        assertThat(e.getMessage().contains("not a Kubernetes quantity")).as(e.getMessage()).isTrue();
    }
}
