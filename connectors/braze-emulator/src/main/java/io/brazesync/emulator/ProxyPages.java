package io.brazesync.emulator;

/** The HTML pages a proxy or load balancer in front of Braze answers with instead of Braze. */
final class ProxyPages {

    // Like nginx, pad the page so browsers show it rather than their own error page; real error
    // pages are this size or far larger, never a line a client may log whole.
    private static final String PADDING =
            "<!-- a padding to disable MSIE and Chrome friendly error page -->\n".repeat(6);

    private ProxyPages() {}

    /** A load balancer's page for a backend that failed: 502 Bad Gateway. */
    static String badGateway() {
        return "<html>\n"
                + "<head><title>502 Bad Gateway</title></head>\n"
                + "<body>\n"
                + "<center><h1>502 Bad Gateway</h1></center>\n"
                + "<hr><center>nginx</center>\n"
                + "</body>\n"
                + "</html>\n"
                + PADDING;
    }

    /** A captive proxy's sign-in page, answered 200 in place of any request. */
    static String captivePortal() {
        return "<!DOCTYPE html>\n"
                + "<html>\n"
                + "<head><title>Network sign-in required</title></head>\n"
                + "<body>\n"
                + "<h1>Network sign-in required</h1>\n"
                + "<p>Sign in to the network to reach the Internet.</p>\n"
                + "</body>\n"
                + "</html>\n"
                + PADDING;
    }
}
