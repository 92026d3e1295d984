package io.aigne.usage.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Prints a token signed with the local key: {@code <keyDir> <userDid> [roles,comma,separated] [ttlHours]}.
 * Used by deploy/token.sh.
 */
public final class TokenCli {
    private TokenCli() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: token.sh <userDid> [roles, e.g. admin,ingest] [ttl hours, default 12]");
            System.exit(2);
        }
        List<String> roles = args.length > 2 && !args[2].isBlank()
                ? Arrays.stream(args[2].split(",")).map(String::trim).filter(r -> !r.isEmpty()).toList()
                : List.of();
        Duration ttl = Duration.ofHours(args.length > 3 ? Long.parseLong(args[3]) : 12);
        TokenMinter minter = new TokenMinter(LocalSigningKey.loadOrCreate(Path.of(args[0])), TokenMinter.LOCAL_ISSUER);
        System.out.println(minter.mint(args[1], roles, ttl));
    }
}
