package io.aigne.usage.query.rest;

import io.aigne.usage.query.rest.UsageAnswers.ProjectSummary;
import io.aigne.usage.query.service.Coverage;
import io.aigne.usage.query.service.ProjectProfiles;
import io.aigne.usage.query.service.ProjectProfiles.Profile;
import io.aigne.usage.query.service.Scope;
import io.aigne.usage.query.service.Totals;
import io.aigne.usage.query.service.UsageService;
import io.aigne.usage.query.service.ReadPoint;
import io.aigne.usage.support.Params;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The caller's projects with calls in a range, filtered by {@code q} and in the list's order: the
 * project list pages through it, the project export writes all of it.
 */
final class ProjectRanking {
    static final String SORT_DOC = "calls (default) | credits";
    static final String Q_DOC = "Substring of appDid or of the project's name (case-insensitive)";

    private ProjectRanking() {
    }

    /** The ranked projects and what their numbers count. */
    record Ranking(List<ProjectSummary> projects, Coverage coverage) {
    }

    /** {@code sort} = calls | credits (descending, ties by appDid); {@code q} = case-insensitive substring of appDid or name. */
    static Ranking of(UsageService usage, ProjectProfiles profiles, String user, TimeRange range, String sort, String q) {
        boolean byCredits = "credits".equals(Params.oneOf("sort", sort, "calls", "credits"));
        String filter = Params.text("q", q, 256);
        String needle = filter == null ? null : filter.toLowerCase(Locale.ROOT);
        ReadPoint p = usage.readPoint(user);
        Map<String, Totals> byProject = usage.totals(Scope.projects(user), range.start(), range.end(), p);
        Map<String, Profile> profileOf = profiles.of(byProject.keySet());
        Comparator<Map.Entry<String, Totals>> order = byCredits
                ? Comparator.comparing((Map.Entry<String, Totals> e) -> e.getValue().credits()).reversed()
                : Comparator.comparingLong((Map.Entry<String, Totals> e) -> e.getValue().calls()).reversed();
        List<ProjectSummary> projects = byProject.entrySet().stream()
                .filter(e -> e.getValue().calls() > 0)
                .filter(e -> needle == null || matches(needle, e.getKey(), profileOf.get(e.getKey())))
                .sorted(order.thenComparing(Map.Entry::getKey))
                .map(e -> ProjectSummary.of(e.getKey(), profileOf.get(e.getKey()), e.getValue())).toList();
        return new Ranking(projects, UsageService.coverage(range.start(), range.end(), p.horizons()));
    }

    private static boolean matches(String needle, String appDid, Profile profile) {
        return appDid.toLowerCase(Locale.ROOT).contains(needle)
                || profile != null && profile.name().toLowerCase(Locale.ROOT).contains(needle);
    }
}
