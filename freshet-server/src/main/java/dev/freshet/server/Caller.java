package dev.freshet.server;

import dev.freshet.api.RequestContext;

/**
 * Who a request is from, read from its SigV4 {@code Authorization} header:
 * {@code AWS4-HMAC-SHA256 Credential=<access key id>/<date>/<region>/<service>/aws4_request, ...}.
 * An access key id of exactly twelve digits is taken as the account id, so tests can act as several
 * accounts; the region is the credential scope's. Signatures are not verified here.
 *
 * <p>Stateless and thread-safe.
 */
final class Caller {

    private Caller() {}

    static RequestContext of(String authorization, String defaultAccount, String defaultRegion) {
        String account = defaultAccount;
        String region = defaultRegion;
        if (authorization != null) {
            int start = authorization.indexOf("Credential=");
            if (start >= 0) {
                start += "Credential=".length();
                int end = authorization.indexOf(',', start);
                String[] scope = authorization.substring(start, end < 0 ? authorization.length() : end)
                        .trim().split("/");
                if (scope.length >= 3 && !scope[2].isEmpty()) {
                    region = scope[2];
                }
                if (scope.length >= 1 && isAccountId(scope[0])) {
                    account = scope[0];
                }
            }
        }
        return new RequestContext(account, region);
    }

    private static boolean isAccountId(String accessKeyId) {
        if (accessKeyId.length() != 12) {
            return false;
        }
        for (int i = 0; i < 12; i++) {
            char c = accessKeyId.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
