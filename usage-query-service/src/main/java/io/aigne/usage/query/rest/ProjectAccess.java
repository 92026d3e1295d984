package io.aigne.usage.query.rest;

import io.aigne.usage.query.service.CallRepository;
import io.aigne.usage.query.service.ReadPoint;
import io.aigne.usage.query.service.UsageService;
import io.aigne.usage.support.CallerIdentity;
import io.aigne.usage.support.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** Who may see a project: its owner is the caller (or, for admins, the named user), who must have calls in it. */
@RequestScoped
public class ProjectAccess {

    @Inject
    CallerIdentity caller;

    @Inject
    CallRepository calls;

    @Inject
    UsageService usage;

    /**
     * For the statistics of a project: its owner's read point, the access check (as {@link #ownerOf})
     * read in the same statement.
     */
    public ReadPoint readPointOf(String appDid, String userDid) {
        ReadPoint p = usage.readPointInProject(caller.effectiveUser(userDid), appDid);
        if (p == null) {
            throw ProblemException.notFound("No calls found for project " + appDid + ".");
        }
        return p;
    }

    /** The user whose project it is; 404 when that user has no calls in it (never another user's data). */
    public String ownerOf(String appDid, String userDid) {
        String user = caller.effectiveUser(userDid);
        if (!calls.projectExists(user, appDid)) {
            throw ProblemException.notFound("No calls found for project " + appDid + ".");
        }
        return user;
    }
}
