package io.aigne.usage.alerts.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where a webhook may point (docs/alerts.md "Webhooks"): {@code http}/{@code https} URLs without
 * user info whose host resolves <em>only</em> to public addresses. Loopback, link-local (cloud
 * metadata), private, carrier-grade NAT, multicast, unspecified, broadcast and reserved addresses —
 * also in IPv4-mapped, IPv4-compatible, NAT64 and 6to4 forms — are refused unless they lie in one of
 * the {@code usage.alerts.webhook.allow} CIDRs. Checked when a rule is saved ({@link #refusal}) and
 * at each delivery ({@link #check}, whose {@link Target#address()} is the address to connect to, so
 * a name that resolves elsewhere between the check and the connection cannot move the request).
 */
@ApplicationScoped
public class WebhookTargetGuard {
    static final int MAX_URL_LENGTH = 2048;

    /** A name to its addresses; {@link InetAddress#getAllByName} outside tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** An accepted URL and the checked address the request must go to. */
    public record Target(URI uri, String host, int port, boolean ssl, String requestUri, InetAddress address) {
    }

    /** Why a URL is refused; the message is the reason, fit for a 400 answer or the delivery log. */
    public static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private final List<Cidr> allow;
    private final Resolver resolver;

    @Inject
    public WebhookTargetGuard(@ConfigProperty(name = "usage.alerts.webhook.allow") Optional<List<String>> allow) {
        this(allow.orElse(List.of()), InetAddress::getAllByName);
    }

    public WebhookTargetGuard(List<String> allow, Resolver resolver) {
        List<Cidr> cidrs = new ArrayList<>();
        for (String cidr : allow) {
            if (!cidr.isBlank()) {
                cidrs.add(Cidr.parse(cidr.trim()));
            }
        }
        this.allow = List.copyOf(cidrs);
        this.resolver = resolver;
    }

    /** Empty when a rule may keep this webhook URL, else why not (resolves the host now). */
    public Optional<String> refusal(String url) {
        try {
            check(url);
            return Optional.empty();
        } catch (Refused e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The URL parsed and its host resolved, every address checked; the first one is the one to connect to. */
    public Target check(String url) throws Refused {
        if (url == null || url.isBlank()) {
            throw new Refused("no URL");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw new Refused("longer than " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new Refused("not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Refused("only http:// and https:// URLs");
        }
        if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
            throw new Refused("user info (user:password@) is not allowed in the URL");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new Refused("no host");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        boolean ssl = scheme.equals("https");
        int port = uri.getPort() == -1 ? (ssl ? 443 : 80) : uri.getPort();
        if (port < 1 || port > 65535) {
            throw new Refused("port out of range");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new Refused("host " + host + " does not resolve");
        } catch (SecurityException e) {
            throw new Refused("host " + host + " cannot be resolved");
        }
        if (addresses == null || addresses.length == 0) {
            throw new Refused("host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            Optional<String> why = addressRefusal(address);
            if (why.isPresent()) {
                throw new Refused(isLiteral(host) ? why.get() : "host " + host + " resolves to " + why.get());
            }
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String requestUri = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        return new Target(uri, host, port, ssl, requestUri, addresses[0]);
    }

    static boolean isLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    /** Empty for an address a webhook may reach, else what kind of address it is. */
    public Optional<String> addressRefusal(InetAddress address) {
        byte[] embedded = embeddedIpv4(address);
        for (Cidr cidr : allow) {
            if (cidr.contains(address.getAddress()) || (embedded != null && cidr.contains(embedded))) {
                return Optional.empty();
            }
        }
        String kind = embedded != null ? ipv4Kind(embedded) : address instanceof Inet4Address ? ipv4Kind(address.getAddress())
                : ipv6Kind(address.getAddress());
        if (kind == null && embedded != null) {
            kind = ipv6Kind(address.getAddress());
        }
        return kind == null ? Optional.empty() : Optional.of("a " + kind + " address (" + address.getHostAddress() + ")");
    }

    /** The IPv4 address an IPv6 one stands for: mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64 64:ff9b::a.b.c.d, 6to4 2002:ab:cd::. */
    static byte[] embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return null;
        }
        byte[] a = address.getAddress();
        boolean zeros80 = allZero(a, 0, 10);
        if (zeros80 && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff) {
            return slice(a, 12); // ::ffff:0:0/96
        }
        if (allZero(a, 0, 12) && !(allZero(a, 12, 15) && (a[15] == 0 || a[15] == 1))) {
            return slice(a, 12); // ::/96 (not :: and ::1, which ipv6Kind names)
        }
        if ((a[0] & 0xff) == 0x00 && (a[1] & 0xff) == 0x64 && (a[2] & 0xff) == 0xff && (a[3] & 0xff) == 0x9b && allZero(a, 4, 12)) {
            return slice(a, 12); // 64:ff9b::/96
        }
        if ((a[0] & 0xff) == 0x20 && (a[1] & 0xff) == 0x02) {
            return slice(a, 2); // 2002::/16
        }
        return null;
    }

    private static boolean allZero(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] slice(byte[] a, int from) {
        return new byte[] {a[from], a[from + 1], a[from + 2], a[from + 3]};
    }

    private static String ipv4Kind(byte[] a) {
        int b0 = a[0] & 0xff;
        int b1 = a[1] & 0xff;
        if (b0 == 0) {
            return "unspecified";            // 0.0.0.0/8, "this network"
        }
        if (b0 == 127) {
            return "loopback";
        }
        if (b0 == 10 || (b0 == 172 && (b1 & 0xf0) == 16) || (b0 == 192 && b1 == 168)) {
            return "private";
        }
        if (b0 == 100 && (b1 & 0xc0) == 64) {
            return "carrier-grade NAT";
        }
        if (b0 == 169 && b1 == 254) {
            return "link-local";
        }
        if ((b0 & 0xf0) == 224) {
            return "multicast";
        }
        if (b0 == 255 && (a[1] & a[2] & a[3] & 0xff) == 0xff) {
            return "broadcast";
        }
        if ((b0 & 0xf0) == 240) {
            return "reserved";
        }
        return null;
    }

    private static String ipv6Kind(byte[] a) {
        if (allZero(a, 0, 16)) {
            return "unspecified";
        }
        if (allZero(a, 0, 15) && a[15] == 1) {
            return "loopback";
        }
        int b0 = a[0] & 0xff;
        int b1 = a[1] & 0xff;
        if (b0 == 0xfe && (b1 & 0xc0) == 0x80) {
            return "link-local";             // fe80::/10
        }
        if (b0 == 0xfe && (b1 & 0xc0) == 0xc0) {
            return "site-local";             // fec0::/10, deprecated private
        }
        if ((b0 & 0xfe) == 0xfc) {
            return "private";                // fc00::/7 unique local
        }
        if (b0 == 0xff) {
            return "multicast";
        }
        return null;
    }

    /** An address range: {@code a.b.c.d/n}, {@code x:y::/n} or a single address. */
    record Cidr(byte[] network, int prefix) {
        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            String ip = slash < 0 ? text : text.substring(0, slash);
            byte[] network;
            try {
                if (!ip.contains(":") && !ip.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                    throw new UnknownHostException(ip);
                }
                network = InetAddress.getByName(ip).getAddress(); // a literal: no lookup
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("usage.alerts.webhook.allow: not an IP address: " + text);
            }
            int prefix;
            try {
                prefix = slash < 0 ? network.length * 8 : Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("usage.alerts.webhook.allow: not a prefix length: " + text);
            }
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("usage.alerts.webhook.allow: prefix length out of range: " + text);
            }
            return new Cidr(network, prefix);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }
}
