package io.aigne.usage.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The RSA key that signs tokens when there is no identity provider (local profile, tests).
 * Generated on first use and kept as PEM files; services only ever get the public half.
 */
public final class LocalSigningKey {
    private static final String PRIVATE_FILE = "signing-key.pem";
    private static final String PUBLIC_FILE = "signing-key.pub.pem";

    private final KeyPair keyPair;

    private LocalSigningKey(KeyPair keyPair) {
        this.keyPair = keyPair;
    }

    public static LocalSigningKey generate() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            return new LocalSigningKey(gen.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PKCS#8 PEM file of the private half kept in {@code dir} (the web's demo sign-in signs with it). */
    public static Path privateKeyFile(Path dir) {
        return dir.resolve(PRIVATE_FILE);
    }

    /** Loads the key kept in {@code dir}, generating and saving it the first time. */
    public static LocalSigningKey loadOrCreate(Path dir) {
        try {
            Path priv = dir.resolve(PRIVATE_FILE);
            Path pub = dir.resolve(PUBLIC_FILE);
            if (Files.exists(priv) && Files.exists(pub)) {
                KeyFactory rsa = KeyFactory.getInstance("RSA");
                PrivateKey privateKey = rsa.generatePrivate(new PKCS8EncodedKeySpec(pemBody(priv)));
                PublicKey publicKey = rsa.generatePublic(new X509EncodedKeySpec(pemBody(pub)));
                return new LocalSigningKey(new KeyPair(publicKey, privateKey));
            }
            LocalSigningKey key = generate();
            Files.createDirectories(dir);
            Files.writeString(priv, pem("PRIVATE KEY", key.keyPair.getPrivate().getEncoded()));
            Files.writeString(pub, pem("PUBLIC KEY", key.keyPair.getPublic().getEncoded()));
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("unreadable signing key in " + dir, e);
        }
    }

    public PrivateKey privateKey() {
        return keyPair.getPrivate();
    }

    public PublicKey publicKey() {
        return keyPair.getPublic();
    }

    /** The public key as quarkus.oidc.public-key expects it: base64 DER, no PEM header. */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(keyPair.getPublic().getEncoded());
    }

    private static byte[] pemBody(Path file) throws IOException {
        String body = Files.readString(file, StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
