using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using TradeBot.Web.Accounts;
using TradeBot.Web.Bots;

namespace TradeBot.Web.Api;

/// <summary>
/// <c>/api/v1/bots</c>: settings (list, get, create, update, delete), the runner (start, stop, pause, resume, close the
/// position), state, trades, the stored event log and the live event stream. Each calls the service the pages call.
/// </summary>
internal static class BotEndpoints
{
    private const string Bot = "bot";

    public static void MapBotEndpoints(this RouteGroupBuilder api)
    {
        var bots = api.MapGroup("/bots").WithTags("Bots");
        bots.MapGet("", ListAsync).WithName("ListBots").WithSummary("Your bots, oldest first; an admin's token with allUsers=true gets every user's.");
        bots.MapGet("/{id:long}", GetAsync).WithName("GetBot").WithSummary("One bot: settings and state.");
        bots.MapPost("", CreateAsync).WithName("CreateBot").WithSummary("Creates a stopped bot.").RequireAuthorization(ApiModule.WritePolicy);
        bots.MapPut("/{id:long}", UpdateAsync).WithName("UpdateBot")
            .WithSummary("Replaces a bot's settings; send settings.version from the last read to refuse a concurrent change.")
            .RequireAuthorization(ApiModule.WritePolicy);
        bots.MapDelete("/{id:long}", DeleteAsync).WithName("DeleteBot").WithSummary("Deletes a stopped bot without a position.")
            .RequireAuthorization(ApiModule.WritePolicy);
        bots.MapPost("/{id:long}/start", (long id, ClaimsPrincipal user, BotService service, CancellationToken ct) =>
            TransitionAsync(service.StartAsync(ApiResults.Caller(user), id, ct))).WithName("StartBot").WithSummary("Starts a stopped bot.")
            .RequireAuthorization(ApiModule.WritePolicy);
        bots.MapPost("/{id:long}/stop", (long id, ClaimsPrincipal user, BotService service, CancellationToken ct) =>
            TransitionAsync(service.StopAsync(ApiResults.Caller(user), id, ct))).WithName("StopBot").WithSummary("Stops a bot (a position stays open).")
            .RequireAuthorization(ApiModule.WritePolicy);
        bots.MapPost("/{id:long}/pause", (long id, ClaimsPrincipal user, BotService service, CancellationToken ct) =>
            TransitionAsync(service.PauseAsync(ApiResults.Caller(user), id, ct))).WithName("PauseBot")
            .WithSummary("Pauses new entries; protective exits keep working.").RequireAuthorization(ApiModule.WritePolicy);
        bots.MapPost("/{id:long}/resume", (long id, ClaimsPrincipal user, BotService service, CancellationToken ct) =>
            TransitionAsync(service.ResumeAsync(ApiResults.Caller(user), id, ct))).WithName("ResumeBot").WithSummary("Resumes a bot you paused.")
            .RequireAuthorization(ApiModule.WritePolicy);
        bots.MapPost("/{id:long}/close-position", (long id, ClaimsPrincipal user, BotService service, CancellationToken ct) =>
            TransitionAsync(service.ClosePositionAsync(ApiResults.Caller(user), id, ct))).WithName("CloseBotPosition")
            .WithSummary("Closes the position at market at the next check and pauses the bot.").RequireAuthorization(ApiModule.WritePolicy);
        bots.MapGet("/{id:long}/state", StateAsync).WithName("GetBotState").WithSummary("Status, position, today's counters, last check.");
        bots.MapGet("/{id:long}/trades", TradesAsync).WithName("ListBotTrades")
            .WithSummary("Fills, newest first; from/to (ISO 8601, to excluded) filter by execution time.");
        bots.MapGet("/{id:long}/event-log", EventLogAsync).WithName("ListBotEvents").WithSummary("The newest stored events, newest first.");
        bots.MapGet("/{id:long}/events", StreamAsync).WithName("StreamBotEvents")
            .WithSummary("Server-sent events: the bot's events live (event type = kind, data = JSON), until you disconnect.");
    }

    private static async Task<Ok<ApiBot[]>> ListAsync(ClaimsPrincipal user, BotService service, CancellationToken cancellationToken, bool allUsers = false) =>
        TypedResults.Ok((await service.ListAsync(ApiResults.Caller(user), cancellationToken, allUsers)).Select(ApiBot.From).ToArray());

    private static async Task<Results<Ok<ApiBot>, ProblemHttpResult>> GetAsync(long id, ClaimsPrincipal user, BotService service, CancellationToken cancellationToken) =>
        await service.GetAsync(ApiResults.Caller(user), id, cancellationToken) is { } bot ? TypedResults.Ok(ApiBot.From(bot)) : ApiResults.NotFound(Bot);

    private static async Task<Results<Created<ApiBot>, ValidationProblem>> CreateAsync(
        BotInput input, ClaimsPrincipal user, BotService service, CancellationToken cancellationToken)
    {
        var result = await service.CreateAsync(ApiResults.Caller(user), input, cancellationToken);
        if (!result.Succeeded)
            return ApiResults.Invalid(result.Errors);
        var bot = ApiBot.From(result.Bot!);
        return TypedResults.Created($"/api/v1/bots/{bot.Id}", bot);
    }

    private static async Task<Results<Ok<ApiBot>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        long id, BotInput input, ClaimsPrincipal user, BotService service, CancellationToken cancellationToken)
    {
        var result = await service.UpdateAsync(ApiResults.Caller(user), id, input, cancellationToken);
        if (result.IsNotFound)
            return ApiResults.NotFound(Bot);
        if (result.Errors.Any(e => e.Field == "version"))
            return ApiResults.Conflict(result.Errors[0].Message, result.Errors);
        return result.Succeeded ? TypedResults.Ok(ApiBot.From(result.Bot!)) : ApiResults.Invalid(result.Errors);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(long id, ClaimsPrincipal user, BotService service, CancellationToken cancellationToken) =>
        await service.DeleteAsync(ApiResults.Caller(user), id, cancellationToken) switch
        {
            BotDeleteOutcome.Deleted => TypedResults.NoContent(),
            BotDeleteOutcome.Running => ApiResults.Conflict("The bot is not stopped: stop it first."),
            BotDeleteOutcome.InPosition => ApiResults.Conflict("The bot holds a position: close it first (POST .../close-position)."),
            _ => ApiResults.NotFound(Bot),
        };

    // A refusal by the bot's status (already running, not paused, ...) is a conflict; settings that no longer pass
    // (a Live bot while live trading is off) are the validator's field errors.
    private static async Task<Results<Ok<ApiBot>, ValidationProblem, ProblemHttpResult>> TransitionAsync(Task<BotResult> transition)
    {
        var result = await transition;
        if (result.IsNotFound)
            return ApiResults.NotFound(Bot);
        if (result.Succeeded)
            return TypedResults.Ok(ApiBot.From(result.Bot!));
        return result.Errors.All(e => e.Field == "status") ? ApiResults.Conflict(result.Errors[0].Message, result.Errors) : ApiResults.Invalid(result.Errors);
    }

    private static async Task<Results<Ok<ApiBotState>, ProblemHttpResult>> StateAsync(long id, ClaimsPrincipal user, BotService service, CancellationToken cancellationToken) =>
        await service.GetAsync(ApiResults.Caller(user), id, cancellationToken) is { } bot ? TypedResults.Ok(ApiBotState.From(bot.State)) : ApiResults.NotFound(Bot);

    private static async Task<Results<Ok<ApiTradePage>, ValidationProblem, ProblemHttpResult>> TradesAsync(
        long id, ClaimsPrincipal user, BotHistoryService history, CancellationToken cancellationToken,
        int page = 0, int pageSize = 50, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        var errors = new List<TradeBot.Domain.Trading.SettingsError>();
        if (page < 0)
            errors.Add(new("page", "Pages count from 0."));
        if (pageSize is < 1 or > 500)
            errors.Add(new("pageSize", "Between 1 and 500."));
        if (from is { } f && to is { } t && t <= f)
            errors.Add(new("to", "Must be after from."));
        if (errors.Count > 0)
            return ApiResults.Invalid(errors);
        if (await history.TradesAsync(ApiResults.Caller(user), id, from, to, page, pageSize, cancellationToken) is not { } trades)
            return ApiResults.NotFound(Bot);
        return TypedResults.Ok(new ApiTradePage([.. trades.Items.Select(ApiTrade.From)], trades.Total, page, pageSize));
    }

    private static async Task<Results<Ok<ApiBotEvent[]>, ValidationProblem, ProblemHttpResult>> EventLogAsync(
        long id, ClaimsPrincipal user, BotHistoryService history, CancellationToken cancellationToken, int count = 100)
    {
        if (count is < 1 or > 500)
            return ApiResults.Invalid("count", "Between 1 and 500.");
        return await history.EventsAsync(ApiResults.Caller(user), id, count, cancellationToken) is { } events
            ? TypedResults.Ok(events.Select(ApiBotEvent.From).ToArray())
            : ApiResults.NotFound(Bot);
    }

    private static async Task<Results<ServerSentEventsResult<ApiBotEvent>, ProblemHttpResult>> StreamAsync(
        long id, ClaimsPrincipal user, BotService service, BotEventBus bus, ApiTokenService tokens, IServiceScopeFactory scopes,
        IOptions<ApiOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await service.GetAsync(ApiResults.Caller(user), id, cancellationToken) is null)
            return ApiResults.NotFound(Bot);
        // The request was authenticated once; a stream lasts, so its access is checked again while it runs, each time
        // with a fresh user store (the request's one would answer from what it read at the start).
        async Task<bool> StillAllowedAsync(CancellationToken token)
        {
            await using var scope = scopes.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            return await ApiTokenAuthenticationHandler.CallerNowAsync(user, tokens, users, time, token) is { } caller
                && await service.GetAsync(caller, id, token) is not null;
        }
        return TypedResults.ServerSentEvents(Follow(bus, id, StillAllowedAsync, options.Value.EventStreamRecheckInterval, time, cancellationToken));
    }

    /// <summary>The stream's last event when its token, user or access to the bot is gone.</summary>
    public const string AccessEndedMessage = "Access ended: the token was revoked or expired, the user locked, or the bot is no longer yours.";

    // The bus's subscription feeds a bounded queue (a slow client loses its oldest events, as a page would) until the
    // client goes away and the request is aborted, or a recheck finds the access gone (a last "ended" event, then the end).
    private static async IAsyncEnumerable<SseItem<ApiBotEvent>> Follow(
        BotEventBus bus, long botId, Func<CancellationToken, Task<bool>> stillAllowed, TimeSpan recheckEvery, TimeProvider time,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var queue = Channel.CreateBounded<SseItem<ApiBotEvent>>(new BoundedChannelOptions(BotEventBus.QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest });
        using var subscription = bus.Subscribe(botId, message =>
        {
            var item = ApiBotEvent.From(message);
            queue.Writer.TryWrite(new SseItem<ApiBotEvent>(item, item.Kind.ToString()));
            return Task.CompletedTask;
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watch = WatchAccessAsync(queue.Writer, botId, stillAllowed, recheckEvery, time, stop.Token);
        try
        {
            yield return new SseItem<ApiBotEvent>(new ApiBotEvent(null, botId, time.GetUtcNow(), BotEventKind.Tick, "Connected: following the bot's events.", null), "connected");
            await foreach (var item in queue.Reader.ReadAllAsync(cancellationToken))
                yield return item;
        }
        finally
        {
            await stop.CancelAsync();
            await watch;
        }
    }

    private static async Task WatchAccessAsync(
        ChannelWriter<SseItem<ApiBotEvent>> queue, long botId, Func<CancellationToken, Task<bool>> stillAllowed, TimeSpan every, TimeProvider time,
        CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(every, time);
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (await stillAllowed(cancellationToken))
                    continue;
                queue.TryWrite(new SseItem<ApiBotEvent>(new ApiBotEvent(null, botId, time.GetUtcNow(), BotEventKind.Tick, AccessEndedMessage, null), "ended"));
                queue.TryComplete();
                return;
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away.
        }
    }
}
