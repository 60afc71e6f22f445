package io.brazesync.emulator;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A PKCS12 key store holding the key and certificate the emulator serves HTTPS with.
 *
 * <pre>{@code
 * TlsKeyStore keyStore = TlsKeyStore.selfSigned(temporaryDirectory);
 * BrazeEmulator emulator = BrazeEmulator.builder().apiKey("k").tls(keyStore).start();
 * // emulator.baseUrl() is https://127.0.0.1:<port>; only a client trusting the key store's
 * // certificate gets through the handshake
 * }</pre>
 *
 * @param path the PKCS12 file, holding one private key with its certificate
 * @param password the password of the file and of its key
 */
public record TlsKeyStore(Path path, String password) {

    private static final String ALIAS = "braze-emulator";
    private static final String PASSWORD = "emulator-only";
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    public TlsKeyStore {
        Objects.requireNonNull(path, "key store path must not be null");
        Objects.requireNonNull(password, "key store password must not be null");
    }

    /**
     * Generates a key store in {@code directory} with a self-signed certificate for 127.0.0.1 and
     * localhost, valid for two days, with the JDK's {@code keytool}. No client trusts it unless
     * told to, which is what a test of certificate checks needs.
     */
    public static TlsKeyStore selfSigned(Path directory) {
        Path file = directory.resolve(ALIAS + ".p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command =
                List.of(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        ALIAS,
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=127.0.0.1, O=braze-sync emulator",
                        "-ext",
                        "SAN=ip:127.0.0.1,dns:localhost",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        file.toString(),
                        "-storepass",
                        PASSWORD,
                        "-keypass",
                        PASSWORD);
        try {
            Files.deleteIfExists(file);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            // keytool writes a line or two at most, far less than a pipe holds.
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool did not finish within a minute");
            }
            byte[] output = process.getInputStream().readAllBytes();
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        "keytool failed: " + new String(output, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + keytool, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while keytool ran", e);
        }
        return new TlsKeyStore(file, PASSWORD);
    }

    /** A client context that trusts this key store's certificate, and nothing else. */
    public SSLContext trustingClientContext() {
        try {
            TrustManagerFactory trust =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust the key store " + path, e);
        }
    }

    /** The server side of the emulator's TLS. */
    SslContext serverContext() {
        try {
            KeyManagerFactory keys =
                    KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(), password.toCharArray());
            return SslContextBuilder.forServer(keys).sslProvider(SslProvider.JDK).build();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot serve TLS with the key store " + path, e);
        }
    }

    private KeyStore load() {
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the key store " + path, e);
        }
    }

    /** Names the file, never the password. */
    @Override
    public String toString() {
        return "TlsKeyStore{" + path + "}";
    }
}
