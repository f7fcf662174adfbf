package com.vpsie.autoscaler.webhook;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the JSON reader and the framework say, as an attack run on the sandbox collected it from
 * answers, turned into the request's words: none of their names survive, what was wrong does.
 */
class PlainWordsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "nodeGroups[0]: not a valid NodeGroupObject: expected a string, got an object|nodeGroups[0]: not a valid NodeGroup: expected a string, got an object",
            "not a valid AlertmanagerPayload: expected an object, got a string|not a valid alertmanager payload: expected an object, got a string",
            "expected a JSON AlertmanagerPayload, got null|expected a JSON alertmanager payload, got null",
            "not a valid KubeEvent: count: Numeric value (99999999999) out of range of int (-2147483648 - 2147483647)|not a valid Kubernetes Event: count: the number 99999999999 is out of range (at most 2147483647)",
            "sizes[0]: not a valid Offer: Numeric value (99999999999999999999999) out of range of long (-9223372036854775808 - 9223372036854775807)|sizes[0]: not a valid VPSie size: the number 99999999999999999999999 is out of range (at most 9223372036854775807)",
            "body: not valid JSON at offset 12: the body ends early in VALUE_STRING|body: not valid JSON at offset 12: the body ends early in a string",
            "body: Non-standard token 'NaN': enable JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS to allow|body: 'NaN' is not a JSON number",
            "body: Unrecognized token 'garbage': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')|body: 'garbage' is not a JSON value",
            "body: Unexpected character (''' (code 39)): was expecting double-quote to start field name|body: unexpected character ''': was expecting double-quote to start field name",
            "body: Unexpected end-of-input: expected close marker for Object (start marker at [Source: REDACTED; line: 1, column: 1])|body: the body ends early: an object that is never closed",
            "Required Body [scenario] not specified|expected a JSON body, got none",
            "sizes[0]: not a valid VPSie size: Unable to coerce string to double|sizes[0]: not a valid VPSie size: expected a number, got a string",
            "vpsieNodeGroups[0]: not a valid VPSie node group: expected a string, got END_ARRAY|vpsieNodeGroups[0]: not a valid VPSie node group: expected a string, got the end of an array",
            "request.cpu: must not be blank; request.memory: must not be blank|cpu: must not be blank; memory: must not be blank",
            "body: Duplicate field 'nodes'|body: the field 'nodes' is given twice",
            "body: unexpected character '<': expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')|body: unexpected character '<': expected a JSON value",
            "Page Not Found|no such route",
            "Method [POST] not allowed for URI [/v1/version]. Allowed methods: [HEAD, GET]|POST is not accepted at /v1/version; accepted: HEAD, GET",
            "Malformed URI|the request's address is not a valid URI",
            "The content length [10491408] exceeds the maximum allowed bufferable length [10485760]. Note that the maximum buffer size got its own configuration property (micronaut.server.max-request-buffer-size) in 4.5.0|the body is 10491408 bytes; at most 10485760 accepted here",
    })
    void saysItInTheRequestsWords(String library, String plain) {
        String said = PlainWords.of(library);
        assertThat(said).isEqualTo(plain);
        assertThat(said).doesNotContain(NoInternalsTest.INTERNAL).doesNotContain("Jackson", "JsonReadFeature", "micronaut", "Numeric value");
    }
}
