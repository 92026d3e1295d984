package io.aigne.usage.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses and URLs a webhook may reach (docs/alerts.md "Where a webhook may point"). */
class WebhookTargetGuardTest {
    private static final WebhookTargetGuard NO_ALLOW = new WebhookTargetGuard(List.of(), WebhookTargetGuardTest::literalOnly);

    /** Resolves literals only: a unit test must not depend on DNS. */
    static InetAddress[] literalOnly(String host) throws UnknownHostException {
        if (!WebhookTargetGuard.isLiteral(host)) {
            throw new UnknownHostException(host);
        }
        return new InetAddress[] {InetAddress.getByName(host)};
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    /** An IPv6 address kept as IPv6 (InetAddress.getByName turns ::ffff:a.b.c.d into an IPv4 address). */
    static InetAddress ipv6(String literal) {
        try {
            byte[] bytes = new byte[16];
            byte[] parsed = InetAddress.getByName(literal).getAddress();
            if (parsed.length == 4) { // ::ffff:a.b.c.d came back as IPv4
                bytes[10] = (byte) 0xff;
                bytes[11] = (byte) 0xff;
                System.arraycopy(parsed, 0, bytes, 12, 4);
            } else {
                bytes = parsed;
            }
            InetAddress address = Inet6Address.getByAddress(null, bytes, -1);
            assertThat(address).isInstanceOf(Inet6Address.class);
            return address;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    @ParameterizedTest(name = "{0} is refused as {1}")
    @CsvSource({
        "127.0.0.1, loopback",
        "127.255.255.254, loopback",
        "10.0.0.1, private",
        "10.255.255.255, private",
        "172.16.0.1, private",
        "172.31.255.255, private",
        "192.168.0.1, private",
        "192.168.255.255, private",
        "100.64.0.1, carrier-grade NAT",
        "100.127.255.255, carrier-grade NAT",
        "169.254.169.254, link-local",
        "169.254.0.1, link-local",
        "224.0.0.1, multicast",
        "239.255.255.250, multicast",
        "0.0.0.0, unspecified",
        "0.1.2.3, unspecified",
        "255.255.255.255, broadcast",
        "240.0.0.1, reserved",
        "::1, loopback",
        "::, unspecified",
        "fe80::1, link-local",
        "febf:ffff::1, link-local",
        "fec0::1, site-local",
        "fc00::1, private",
        "fd12:3456:789a::1, private",
        "ff02::1, multicast",
        "ff0e::101, multicast",
        // an IPv4 address inside IPv6: mapped, compatible, NAT64 and 6to4 forms
        "::ffff:127.0.0.1, loopback",
        "::ffff:169.254.169.254, link-local",
        "::ffff:10.1.2.3, private",
        "::ffff:100.64.1.1, carrier-grade NAT",
        "::ffff:0.0.0.0, unspecified",
        "::127.0.0.1, loopback",
        "::a9fe:a9fe, link-local",
        "::0.0.0.2, unspecified",
        "64:ff9b::7f00:1, loopback",
        "64:ff9b::a9fe:a9fe, link-local",
        "2002:c0a8:0101::1, private",
        "2002:7f00:0001::, loopback",
    })
    void refused(String literal, String kind) {
        InetAddress address = literal.startsWith("::ffff:") ? ipv6(literal) : ip(literal);
        assertThat(NO_ALLOW.addressRefusal(address)).as(literal + " (" + address.getClass().getSimpleName() + ")")
                .contains("a " + kind + " address (" + address.getHostAddress() + ")");
        // Java's own parsing turns ::ffff:a.b.c.d into IPv4: refused in that form too
        if (literal.startsWith("::ffff:")) {
            assertThat(NO_ALLOW.addressRefusal(ip(literal))).isPresent();
        }
        // and as a URL, literal or resolved from a name
        String host = literal.contains(":") ? "[" + literal + "]" : literal;
        assertThat(NO_ALLOW.refusal("https://" + host + "/hook")).hasValueSatisfying(why -> assertThat(why).contains(kind));
        WebhookTargetGuard byName = new WebhookTargetGuard(List.of(), name -> new InetAddress[] {address});
        assertThat(byName.refusal("https://hooks.example.com/hook"))
                .contains("host hooks.example.com resolves to a " + kind + " address (" + address.getHostAddress() + ")");
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "93.184.216.34", "9.255.255.255", "11.0.0.0", "172.15.255.255", "172.32.0.0",
        "192.167.255.255", "192.169.0.0", "100.63.255.255", "100.128.0.0", "169.253.255.255", "169.255.0.0", "126.255.255.255",
        "128.0.0.1", "223.255.255.255", "2606:4700:4700::1111", "2001:4860:4860::8888", "2a00:1450:4001::200e", "fbff::1",
        "fe00::1", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:0808:0808::1"})
    void publicAddressesPass(String literal) {
        InetAddress address = literal.startsWith("::ffff:") ? ipv6(literal) : ip(literal);
        assertThat(NO_ALLOW.addressRefusal(address)).as(literal).isEmpty();
        String host = literal.contains(":") ? "[" + literal + "]" : literal;
        assertThat(NO_ALLOW.refusal("https://" + host + "/hook")).as(literal).isEmpty();
    }

    @Test
    void allowListOpensChosenRangesOnly() {
        WebhookTargetGuard guard = new WebhookTargetGuard(List.of("127.0.0.1/32", " 10.8.0.0/16", "fd00::/8", "192.168.1.7"),
                WebhookTargetGuardTest::literalOnly);
        Map<String, Boolean> cases = Map.ofEntries(
                Map.entry("127.0.0.1", true), Map.entry("127.0.0.2", false),
                Map.entry("10.8.0.1", true), Map.entry("10.8.255.255", true), Map.entry("10.9.0.1", false), Map.entry("10.7.255.255", false),
                Map.entry("fd00::5", true), Map.entry("fdff:ffff::1", true), Map.entry("fc00::1", false), Map.entry("::1", false),
                Map.entry("192.168.1.7", true), Map.entry("192.168.1.8", false), Map.entry("169.254.169.254", false));
        cases.forEach((literal, allowed) -> assertThat(guard.addressRefusal(ip(literal)).isEmpty()).as(literal).isEqualTo(allowed));
        // the mapped form of an allowed IPv4 address is the same destination
        assertThat(guard.addressRefusal(ipv6("::ffff:127.0.0.1"))).isEmpty();
        assertThat(guard.addressRefusal(ipv6("::ffff:127.0.0.2"))).isPresent();
        assertThat(guard.refusal("http://127.0.0.1:8090/hook")).isEmpty();
        assertThat(guard.refusal("http://127.0.0.2:8090/hook")).contains("a loopback address (127.0.0.2)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "10.0.0.0/33", "10.0.0.0/x", "::/129", "10.0.0", "localhost/32"})
    void badAllowEntriesStopTheStart(String entry) {
        assertThatThrownBy(() -> new WebhookTargetGuard(List.of(entry), WebhookTargetGuardTest::literalOnly))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("usage.alerts.webhook.allow");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "ftp://8.8.8.8/hook | only http:// and https:// URLs",
        "file:///etc/passwd | only http:// and https:// URLs",
        "javascript:alert(1) | only http:// and https:// URLs",
        "//8.8.8.8/hook | only http:// and https:// URLs",
        "8.8.8.8/hook | only http:// and https:// URLs",
        "http://user:secret@8.8.8.8/hook | user info",
        "http://user@8.8.8.8/hook | user info",
        "https://@8.8.8.8/hook | user info",
        "http:///hook | no host",
        "http://exa mple.com/ | not a valid URL",
        "http://8.8.8.8:99999/ | port out of range",
        "'' | no URL",
        "http://hooks.invalid/ | host hooks.invalid does not resolve",
    })
    void badUrls(String url, String reason) {
        assertThat(NO_ALLOW.refusal(url)).hasValueSatisfying(why -> assertThat(why).contains(reason));
    }

    @Test
    void anyRefusedAddressRefusesTheName() {
        WebhookTargetGuard guard = new WebhookTargetGuard(List.of(),
                name -> new InetAddress[] {ip("93.184.216.34"), ip("2606:2800:220:1::1"), ip("169.254.169.254")});
        assertThat(guard.refusal("https://rebind.example.com/")).contains(
                "host rebind.example.com resolves to a link-local address (169.254.169.254)");
        WebhookTargetGuard none = new WebhookTargetGuard(List.of(), name -> new InetAddress[0]);
        assertThat(none.refusal("https://empty.example.com/")).contains("host empty.example.com does not resolve");
    }

    @Test
    void acceptedTargetNamesTheCheckedAddress() throws Exception {
        WebhookTargetGuard guard = new WebhookTargetGuard(List.of(),
                name -> new InetAddress[] {ip("93.184.216.34"), ip("2606:2800:220:1::1")});
        WebhookTargetGuard.Target target = guard.check("HTTPS://Hooks.Example.com:8443/aigne/in?x=1&y=%20z#frag");
        assertThat(target.host()).isEqualTo("Hooks.Example.com");
        assertThat(target.port()).isEqualTo(8443);
        assertThat(target.ssl()).isTrue();
        assertThat(target.requestUri()).isEqualTo("/aigne/in?x=1&y=%20z");
        assertThat(target.address()).isEqualTo(ip("93.184.216.34"));

        WebhookTargetGuard.Target plain = guard.check("http://hooks.example.com");
        assertThat(plain.port()).isEqualTo(80);
        assertThat(plain.ssl()).isFalse();
        assertThat(plain.requestUri()).isEqualTo("/");
        assertThat(guard.check("https://hooks.example.com/").port()).isEqualTo(443);

        WebhookTargetGuard.Target v6 = NO_ALLOW.check("https://[2606:4700:4700::1111]:444/h");
        assertThat(v6.host()).isEqualTo("2606:4700:4700::1111");
        assertThat(v6.address()).isEqualTo(ip("2606:4700:4700::1111"));
        assertThat(Optional.of(v6.port())).contains(444);
    }
}
