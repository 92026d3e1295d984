package io.aigne.usage.query.rest;

import io.aigne.usage.support.CallerIdentity;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** Holds one of the caller's slots while an endpoint runs; the key is the token's user, not a userDid parameter. */
@LimitedPerUser
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class UserConcurrencyInterceptor {

    @Inject
    CallerIdentity caller;

    @Inject
    UserConcurrencyLimit limit;

    @AroundInvoke
    Object limited(InvocationContext invocation) throws Exception {
        String user = caller.userDid();
        limit.acquire(user);
        try {
            return invocation.proceed();
        } finally {
            limit.release(user);
        }
    }
}
