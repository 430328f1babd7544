using System.Collections.Concurrent;
using System.Net;

namespace TradeBot.Tests.Infrastructure;

/// <summary>One request a <see cref="WebhookReceiver"/> got, at <paramref name="Path"/> (path and query).</summary>
public sealed record ReceivedWebhook(IReadOnlyDictionary<string, string> Headers, byte[] Body, string Path);

/// <summary>
/// A local HTTP endpoint (HttpListener on 127.0.0.1) standing in for Slack, Discord or a trader's server: records every
/// request and answers with the next status of <see cref="Answers"/> (then 200 once they run out, or <see cref="Always"/>).
/// </summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly Task _serving;

    private readonly string _origin;

    private WebhookReceiver(int port)
    {
        _origin = $"http://127.0.0.1:{port}";
        Url = UrlAt("/hook");
        _listener.Prefixes.Add(_origin + "/");
        _listener.Start();
        _serving = ServeAsync();
    }

    public string Url { get; }

    /// <summary>This receiver's URL with <paramref name="path"/> (every path reaches it), e.g. a Slack-like secret path.</summary>
    public string UrlAt(string path) => _origin + path;

    /// <summary>Statuses to answer, one per request, in order.</summary>
    public ConcurrentQueue<HttpStatusCode> Answers { get; } = new();

    /// <summary>The answer once <see cref="Answers"/> is empty.</summary>
    public HttpStatusCode Always { get; set; } = HttpStatusCode.OK;

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    public static WebhookReceiver Start() => new(FreePort.Next());

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
            _received.Enqueue(new ReceivedWebhook(headers, body.ToArray(), context.Request.Url?.PathAndQuery ?? ""));
            context.Response.StatusCode = (int)(Answers.TryDequeue(out var status) ? status : Always);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }
}
