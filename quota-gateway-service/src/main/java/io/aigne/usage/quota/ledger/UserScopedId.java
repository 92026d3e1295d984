package io.aigne.usage.quota.ledger;

import java.io.Serializable;

/**
 * The identity Hibernate uses for ledger rows: their user with their id. The id alone is unique
 * (the single-node key), but every statement Hibernate writes for an entity then names its user,
 * so it routes to one shard when the ledger is distributed by user_did (docs/decisions/0008-citus-path.md).
 */
public record UserScopedId(String userDid, String id) implements Serializable {
    /** Hibernate instantiates id classes reflectively. */
    public UserScopedId() {
        this(null, null);
    }
}
