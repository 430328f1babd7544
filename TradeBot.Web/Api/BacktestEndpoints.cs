using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using TradeBot.Domain.Backtesting;
using TradeBot.Web.Backtests;
using TradeBot.Web.Cli;

namespace TradeBot.Web.Api;

/// <summary>
/// <c>/api/v1/backtests</c>: a backtest or sweep is a job (202 with its id), followed by its status with progress, then
/// its result; list and cancel. Each calls <see cref="BacktestService"/> as the pages do.
/// </summary>
internal static class BacktestEndpoints
{
    private const string Backtest = "backtest";

    public static void MapBacktestEndpoints(this RouteGroupBuilder api)
    {
        var backtests = api.MapGroup("/backtests").WithTags("Backtests");
        backtests.MapGet("", ListAsync).WithName("ListBacktests").WithSummary("Your backtests and sweeps, newest first; an admin's token with allUsers=true gets every user's.");
        backtests.MapPost("", CreateAsync).WithName("CreateBacktest")
            .WithSummary("Queues a backtest: 202 with the job's id; follow its status, then read its result.").RequireAuthorization(ApiModule.WritePolicy);
        backtests.MapPost("/sweeps", CreateSweepAsync).WithName("CreateSweep")
            .WithSummary("Queues a parameter sweep (up to 3 axes): 202 with the job's id.").RequireAuthorization(ApiModule.WritePolicy);
        backtests.MapGet("/{id:long}", GetAsync).WithName("GetBacktest").WithSummary("Status, progress (0..1) and summary figures.");
        backtests.MapGet("/{id:long}/result", ResultAsync).WithName("GetBacktestResult")
            .WithSummary("A completed backtest's report (the backtest command's RESULT.json) or a sweep's ranked table.");
        backtests.MapPost("/{id:long}/cancel", CancelAsync).WithName("CancelBacktest").WithSummary("Asks a queued or running job to stop.")
            .RequireAuthorization(ApiModule.WritePolicy);
    }

    private static async Task<Ok<BacktestSummary[]>> ListAsync(ClaimsPrincipal user, BacktestService service, CancellationToken cancellationToken, bool allUsers = false) =>
        TypedResults.Ok((await service.ListAsync(ApiResults.Caller(user), cancellationToken, allUsers)).ToArray());

    private static async Task<Results<Accepted<ApiBacktestAccepted>, ValidationProblem>> CreateAsync(
        BacktestInput input, ClaimsPrincipal user, BacktestService service, CancellationToken cancellationToken) =>
        Accepted(await service.CreateAsync(ApiResults.Caller(user), input, cancellationToken));

    private static async Task<Results<Accepted<ApiBacktestAccepted>, ValidationProblem>> CreateSweepAsync(
        SweepInput input, ClaimsPrincipal user, BacktestService service, CancellationToken cancellationToken) =>
        Accepted(await service.CreateSweepAsync(ApiResults.Caller(user), input, cancellationToken));

    private static Results<Accepted<ApiBacktestAccepted>, ValidationProblem> Accepted(BacktestCreateResult result)
    {
        if (!result.Succeeded)
            return ApiResults.Invalid(result.Errors);
        var status = $"/api/v1/backtests/{result.RunId}";
        return TypedResults.Accepted(status, new ApiBacktestAccepted(result.RunId!.Value, status, status + "/result"));
    }

    private static async Task<Results<Ok<ApiBacktest>, ProblemHttpResult>> GetAsync(long id, ClaimsPrincipal user, BacktestService service, CancellationToken cancellationToken) =>
        await service.GetAsync(ApiResults.Caller(user), id, cancellationToken) is { } run
            ? TypedResults.Ok(new ApiBacktest(run.Summary, run.Processed, run.Total, run.Sweep is null ? run.Input : null, run.Sweep))
            : ApiResults.NotFound(Backtest);

    private static async Task<Results<Ok<BacktestResultJson>, Ok<SweepResultJson>, ProblemHttpResult>> ResultAsync(
        long id, ClaimsPrincipal user, BacktestService service, CancellationToken cancellationToken)
    {
        var caller = ApiResults.Caller(user);
        if (await service.GetAsync(caller, id, cancellationToken) is not { } run)
            return ApiResults.NotFound(Backtest);
        if (run.Summary.Status != BacktestStatus.Completed)
            return ApiResults.Conflict($"The job is {run.Summary.Status}: a result exists once it is Completed.");
        if (run.Summary.Kind == BacktestKind.Sweep)
            return await service.SweepResultAsync(caller, id, cancellationToken) is { } sweep ? TypedResults.Ok(sweep) : ApiResults.NotFound(Backtest);
        return await service.ReportAsync(caller, id, cancellationToken) is { } report ? TypedResults.Ok(report) : ApiResults.NotFound(Backtest);
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> CancelAsync(long id, ClaimsPrincipal user, BacktestService service, CancellationToken cancellationToken)
    {
        var caller = ApiResults.Caller(user);
        if (await service.GetAsync(caller, id, cancellationToken) is null)
            return ApiResults.NotFound(Backtest);
        return await service.CancelAsync(caller, id, cancellationToken)
            ? TypedResults.Accepted($"/api/v1/backtests/{id}")
            : ApiResults.Conflict("The job has already finished.");
    }
}
