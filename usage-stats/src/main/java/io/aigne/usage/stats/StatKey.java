package io.aigne.usage.stats;

import io.aigne.usage.events.ModelCall;
import java.util.ArrayList;
import java.util.List;

/**
 * Identity of one ModelCallStat row. Levels: user ({@code appDid} and {@code modelId} null),
 * project ({@code modelId} null) and model. A call outside any project ({@code appDid} null)
 * counts at the user level only.
 */
public record StatKey(String userDid, String appDid, String modelId, TimeType timeType, long timestamp) {

    /** Every row a terminal call contributes to: three levels (or one) for its hour and its day. */
    public static List<StatKey> of(ModelCall call) {
        List<StatKey> keys = new ArrayList<>(6);
        for (TimeType type : TimeType.values()) {
            long bucket = type.floor(call.callTime());
            keys.add(new StatKey(call.userDid(), null, null, type, bucket));
            if (call.appDid() != null) {
                keys.add(new StatKey(call.userDid(), call.appDid(), null, type, bucket));
                keys.add(new StatKey(call.userDid(), call.appDid(), call.model(), type, bucket));
            }
        }
        return keys;
    }

    /** The first second after the bucket. */
    public long end() {
        return timestamp + timeType.seconds();
    }
}
