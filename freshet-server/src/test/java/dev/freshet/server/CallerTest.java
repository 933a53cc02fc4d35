package dev.freshet.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.RequestContext;
import org.junit.jupiter.api.Test;

class CallerTest {

    private static final String DEFAULT_ACCOUNT = "000000000000";

    @Test
    void aTwelveDigitAccessKeyIsTheAccountAndTheScopeGivesTheRegion() {
        assertThat(Caller.of("AWS4-HMAC-SHA256 Credential=123456789012/20260101/ap-south-1/kinesis/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=abc", DEFAULT_ACCOUNT, "us-east-1"))
                .isEqualTo(new RequestContext("123456789012", "ap-south-1"));
    }

    @Test
    void anyOtherAccessKeyUsesTheDefaultAccount() {
        assertThat(Caller.of("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/eu-west-1/kinesis/aws4_request, "
                + "Signature=abc", DEFAULT_ACCOUNT, "us-east-1"))
                .isEqualTo(new RequestContext(DEFAULT_ACCOUNT, "eu-west-1"));
        assertThat(Caller.of("AWS4-HMAC-SHA256 Credential=1234567890123/20260101/eu-west-1/kinesis/aws4_request",
                DEFAULT_ACCOUNT, "us-east-1").accountId()).isEqualTo(DEFAULT_ACCOUNT);
    }

    @Test
    void unsignedOrOddHeadersFallBackToTheDefaults() {
        RequestContext defaults = new RequestContext(DEFAULT_ACCOUNT, "us-east-1");
        assertThat(Caller.of(null, DEFAULT_ACCOUNT, "us-east-1")).isEqualTo(defaults);
        assertThat(Caller.of("Basic dXNlcjpwYXNz", DEFAULT_ACCOUNT, "us-east-1")).isEqualTo(defaults);
        assertThat(Caller.of("AWS4-HMAC-SHA256 Credential=", DEFAULT_ACCOUNT, "us-east-1")).isEqualTo(defaults);
    }
}
