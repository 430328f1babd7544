using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;

namespace TradeBot.Tests.Infrastructure;

/// <summary>
/// A small real SMTP server on 127.0.0.1 (RFC 5321: EHLO/HELO, MAIL, RCPT, DATA with dot-stuffing, RSET, NOOP, QUIT; no
/// TLS, no AUTH). A message counts as received only once the server answered "250" to its final dot, as with any real
/// server: a client that disconnects before that answer has sent nothing. It can be stopped and started again on the same
/// port (the mail server going down and coming back) and can hold its answer to a message (a send in progress).
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> _received = new();
    private readonly ConcurrentQueue<(string User, string Password)> _logins = new();
    private TcpListener? _listener;
    private CancellationTokenSource? _stop;
    private Task? _accepting;
    private volatile TaskCompletionSource? _hold;

    private SmtpServer(int port) => Port = port;

    public int Port { get; }

    /// <summary>An address this server answers "550 no such user" for.</summary>
    public string? RejectedRecipient { get; set; }

    /// <summary>Messages accepted so far, in order.</summary>
    public IReadOnlyList<MimeMessage> Received => [.. _received];

    /// <summary>The user names and passwords clients logged in with (AUTH PLAIN), in order.</summary>
    public IReadOnlyList<(string User, string Password)> Logins => [.. _logins];

    /// <summary>Completes when a message's data has arrived while the answer is held (see <see cref="HoldAnswers"/>).</summary>
    public TaskCompletionSource DataArrived { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static SmtpServer Start()
    {
        var server = new SmtpServer(FreePort.Next());
        server.Resume();
        return server;
    }

    /// <summary>Stops listening and drops open connections: the port refuses connections.</summary>
    public async Task StopAsync()
    {
        _stop?.Cancel();
        _listener?.Stop();
        if (_accepting is not null)
            await _accepting;
        _listener = null;
    }

    /// <summary>Listens again on the same port.</summary>
    public void Resume()
    {
        _stop = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        _accepting = AcceptAsync(_listener, _stop.Token);
    }

    /// <summary>From now on the answer to each message's final dot waits until <see cref="ReleaseAnswers"/>.</summary>
    public void HoldAnswers()
    {
        DataArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void ReleaseAnswers() => Interlocked.Exchange(ref _hold, null)?.TrySetResult();

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        var sessions = new List<Task>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(cancellationToken);
                sessions.Add(ServeAsync(client, cancellationToken));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        await Task.WhenAll(sessions);
    }

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 localhost TradeBot test SMTP");
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                var verb = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-localhost");
                        await writer.WriteLineAsync("250-8BITMIME");
                        await writer.WriteLineAsync("250-AUTH PLAIN");
                        await writer.WriteLineAsync("250 SMTPUTF8");
                        break;
                    case "RCPT" when RejectedRecipient is { } rejected && line.Contains(rejected, StringComparison.OrdinalIgnoreCase):
                        await writer.WriteLineAsync("550 5.1.1 No such user here");
                        break;
                    case "HELO" or "MAIL" or "RCPT" or "RSET" or "NOOP":
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var message = await ReadDataAsync(reader, cancellationToken);
                        if (_hold is { } hold)
                        {
                            DataArrived.TrySetResult();
                            await hold.Task.WaitAsync(cancellationToken);
                        }
                        // A client gone while we held the answer never hears "250": nothing was delivered.
                        if (!IsConnected(client))
                            return;
                        _received.Enqueue(MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(message))));
                        await writer.WriteLineAsync("250 OK queued");
                        break;
                    case "AUTH":
                        // AUTH PLAIN, with the credentials inline or after a 334: any login is accepted and recorded.
                        var plain = line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: 3 } parts ? parts[2] : null;
                        if (plain is null)
                        {
                            await writer.WriteLineAsync("334 ");
                            plain = await reader.ReadLineAsync(cancellationToken) ?? "";
                        }
                        _logins.Enqueue(Encoding.UTF8.GetString(Convert.FromBase64String(plain)).Split('\0') is [_, var user, var password] ? (user, password) : ("", ""));
                        await writer.WriteLineAsync("235 2.7.0 Authentication successful");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 Command not implemented");
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private static async Task<string> ReadDataAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line && line != ".")
            data.Append(line.StartsWith("..", StringComparison.Ordinal) ? line[1..] : line).Append("\r\n");
        return data.ToString();
    }

    private static bool IsConnected(TcpClient client)
    {
        try
        {
            return !(client.Client.Poll(0, SelectMode.SelectRead) && client.Client.Available == 0);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        ReleaseAnswers();
        await StopAsync();
    }
}
