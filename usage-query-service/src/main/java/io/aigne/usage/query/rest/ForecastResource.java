package io.aigne.usage.query.rest;

import io.aigne.usage.query.service.Coverage;
import io.aigne.usage.query.service.ForecastService;
import io.aigne.usage.query.service.SpendForecast;
import io.aigne.usage.support.CallerIdentity;
import io.aigne.usage.support.Credits;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** The month-end spend forecast of the running UTC month (docs/alerts.md "Spend forecast"). */
@Path("/api/usage/forecast")
@Authenticated
@LimitedPerUser
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class ForecastResource {
    static final String METHOD = "Month-end spend of the running UTC month: spent = credits of [month start, now] as /overview counts"
            + " them; expected = spent + for each remaining day (the running day pro-rated) level x weekday factor, level = the"
            + " mean daily spend of the last 28 complete days, weekday factors from the last 8 weeks; low/high a 90 % interval"
            + " from the daily residuals (low never below spent). No history: expected = low = high = spent.";

    @Inject
    ForecastService forecasts;

    @Inject
    CallerIdentity caller;

    @Inject
    Clock clock;

    @Schema(description = "The forecast's basis: the history days the level is the mean of (0: no history, no forecast) and"
            + " the level, credits a day with the weekday pattern taken out")
    public record Basis(int days, BigDecimal level) {
    }

    public record ProjectForecast(String appDid, BigDecimal spent, BigDecimal expected, BigDecimal low, BigDecimal high) {
    }

    public record Forecast(@Schema(description = "the running UTC month, yyyy-MM") String month,
            @Schema(description = "Unix s: the forecast's moment; spent counts [month start, asOf]") long asOf, int daysInMonth,
            @Schema(description = "days of the month begun, the running one included") int daysElapsed, BigDecimal spent,
            BigDecimal expected, BigDecimal low, BigDecimal high, Basis basis,
            @Schema(description = "the projects with spend this month or in the last 8 weeks, by expected (descending, ties by appDid)")
            List<ProjectForecast> projects,
            @Schema(description = "what spent counts after retention (as in /overview for [month start, asOf])") Coverage coverage) {
    }

    @GET
    @Operation(operationId = "getForecast", summary = "Month-end spend forecast for the user and per project", description = METHOD)
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Forecast.class), examples = @ExampleObject(
            name = "mid-month", value = """
                    {"month":"2026-11","asOf":1763568000,"daysInMonth":30,"daysElapsed":20,"spent":812.4,"expected":1234.1,
                     "low":1100.3,"high":1379.8,"basis":{"days":28,"level":41.2},
                     "projects":[{"appDid":"did:app:alice-chatbot","spent":600.1,"expected":905.7,"low":801.2,"high":1021.4}],
                     "coverage":{"complete":true,"exactFrom":1761955200,"dailyOnlyBefore":null}}""")))
    public Forecast forecast(@Parameter(description = "Admins only: whose data") @QueryParam("userDid") String userDid) {
        String user = caller.effectiveUser(userDid);
        ForecastService.Forecast f = forecasts.of(user, clock.instant().getEpochSecond());
        SpendForecast.Calendar cal = f.calendar();
        ForecastService.Part u = f.user();
        List<ProjectForecast> projects = f.projects().entrySet().stream()
                .map(e -> project(e.getKey(), e.getValue()))
                .sorted(Comparator.comparing(ProjectForecast::expected).reversed().thenComparing(ProjectForecast::appDid))
                .toList();
        return new Forecast(cal.today().format(DateTimeFormatter.ofPattern("yyyy-MM")), f.asOf(), cal.daysInMonth(),
                cal.today().getDayOfMonth(), Credits.forApi(u.spent()), Credits.forApi(expected(u)), Credits.forApi(low(u)),
                Credits.forApi(high(u)), new Basis(u.result().basisDays(), Credits.forApi(BigDecimal.valueOf(u.result().level()))),
                projects, f.coverage());
    }

    private static ProjectForecast project(String appDid, ForecastService.Part p) {
        return new ProjectForecast(appDid, Credits.forApi(p.spent()), Credits.forApi(expected(p)), Credits.forApi(low(p)),
                Credits.forApi(high(p)));
    }

    private static BigDecimal expected(ForecastService.Part p) {
        return p.spent().add(BigDecimal.valueOf(p.result().remaining()));
    }

    private static BigDecimal low(ForecastService.Part p) {
        return expected(p).subtract(BigDecimal.valueOf(p.result().halfWidth())).max(p.spent());
    }

    private static BigDecimal high(ForecastService.Part p) {
        return expected(p).add(BigDecimal.valueOf(p.result().halfWidth()));
    }
}
