package io.aigne.usage.quota.client.signing;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * The Blocklet app wallet that signs component calls, as @blocklet/sdk builds it from the app's
 * secret key ({@code lib/wallet.js} {@code getWallet}) and @ocap/wallet signs with it: the default
 * ED25519 wallet over SHA3-256, or, when the app's chain type is Ethereum ({@code CHAIN_TYPE=eth}),
 * secp256k1 ECDSA over Keccak-256. Both sign the hash of the UTF-8 text; the result is {@code 0x} + hex.
 */
public sealed interface AppWallet {
    HexFormat HEX = HexFormat.of();

    /** The header value {@code x-component-sig} for this text. */
    String sign(String canonical);

    /**
     * The wallet for {@code type} ({@code default} or {@code ethereum}, like the app's {@code CHAIN_TYPE}) and the
     * app's secret key (hex, 0x-prefixed or not): ED25519 takes its first 32 bytes as the seed, Ethereum as the
     * secp256k1 key (the SDK slices the same key to 32 bytes).
     */
    static AppWallet of(String type, String appSecretKey) {
        byte[] first32 = first32Bytes(appSecretKey);
        return switch (type == null ? "default" : type.strip().toLowerCase(Locale.ROOT)) {
            case "", "default", "arcblock" -> new Ed25519(first32);
            case "eth", "ethereum" -> new Ethereum(first32);
            default -> throw new IllegalArgumentException("usage.quota.payment-kit.wallet-type must be default or ethereum");
        };
    }

    private static byte[] first32Bytes(String appSecretKey) {
        if (appSecretKey == null) {
            throw new IllegalArgumentException("the app secret key is not set");
        }
        String hex = appSecretKey.strip();
        if (hex.startsWith("0x") || hex.startsWith("0X")) {
            hex = hex.substring(2);
        }
        if (!hex.matches("[0-9a-fA-F]{64}|[0-9a-fA-F]{128}")) {
            // never echo the value: it is a secret
            throw new IllegalArgumentException("the app secret key must be 64 or 128 hex digits (optionally 0x-prefixed)");
        }
        return HEX.parseHex(hex.substring(0, 64));
    }

    /** @ocap/wallet's default: ED25519 (RFC 8032, deterministic) over SHA3-256. */
    final class Ed25519 implements AppWallet {
        private final PrivateKey key;

        Ed25519(byte[] seed) {
            try {
                key = KeyFactory.getInstance("Ed25519").generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("ED25519 is unavailable", e);
            }
        }

        @Override
        public String sign(String canonical) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA3-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
                Signature ed25519 = Signature.getInstance("Ed25519");
                ed25519.initSign(key);
                ed25519.update(digest);
                return "0x" + HEX.formatHex(ed25519.sign());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("ED25519 / SHA3-256 signing is unavailable", e);
            }
        }
    }

    /**
     * @ocap/wallet's Ethereum key type: secp256k1 ECDSA over Keccak-256 (original Keccak padding, not
     * SHA3), RFC 6979 nonces (HMAC-SHA256), low S, DER-encoded; no "Ethereum Signed Message" prefix, no v.
     */
    final class Ethereum implements AppWallet {
        private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
        private static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE.getCurve(), CURVE.getG(), CURVE.getN(), CURVE.getH());
        private final ECPrivateKeyParameters key;

        Ethereum(byte[] secret) {
            BigInteger d = new BigInteger(1, secret);
            if (d.signum() == 0 || d.compareTo(DOMAIN.getN()) >= 0) {
                throw new IllegalArgumentException("the app secret key is not a valid secp256k1 key");
            }
            key = new ECPrivateKeyParameters(d, DOMAIN);
        }

        @Override
        public String sign(String canonical) {
            byte[] text = canonical.getBytes(StandardCharsets.UTF_8);
            KeccakDigest keccak = new KeccakDigest(256);
            keccak.update(text, 0, text.length);
            byte[] digest = new byte[32];
            keccak.doFinal(digest, 0);
            ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
            signer.init(true, key);
            BigInteger[] rs = signer.generateSignature(digest);
            BigInteger n = DOMAIN.getN();
            BigInteger s = rs[1].compareTo(n.shiftRight(1)) > 0 ? n.subtract(rs[1]) : rs[1]; // the verifier refuses high S
            try {
                return "0x" + HEX.formatHex(StandardDSAEncoding.INSTANCE.encode(n, rs[0], s));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("DER encoding failed", e);
            }
        }
    }
}
