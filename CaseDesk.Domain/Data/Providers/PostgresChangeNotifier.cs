using System.Text.Json;
using System.Threading.Channels;
using CaseDesk.Domain.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CaseDesk.Domain.Data.Providers;

/// <summary>
/// The change notifier across servers, with no infrastructure beyond the database: a committed change is
/// delivered to this server's pages at once and sent to the others with PostgreSQL's NOTIFY; every server
/// LISTENs on one channel and hands what the others sent to its own pages. The two connections reconnect by
/// themselves; after a gap, this server's pages are told to reload everything (a change may have been missed).
/// </summary>
public sealed class PostgresChangeNotifier : IChangeNotifier, IAsyncDisposable, IDisposable
{
    public const string Channel = "casedesk_changes";

    /// <summary>PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; a change naming more users goes out naming none (everyone looks).</summary>
    private const int MaxPayloadBytes = 7900;

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly InProcessChangeNotifier _local = new();
    private readonly string _connectionString;
    private readonly ILogger _logger;
    private readonly string _origin = Guid.NewGuid().ToString("N");
    private readonly Channel<ChangeSet> _outgoing = System.Threading.Channels.Channel.CreateUnbounded<ChangeSet>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _listener;
    private readonly Task _sender;

    public PostgresChangeNotifier(string connectionString, ILogger<PostgresChangeNotifier>? logger = null)
    {
        // Its own small pool: LISTEN holds a connection for good, and must never wait behind the app's queries.
        _connectionString = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "CaseDesk change notifier", Pooling = false, KeepAlive = 15 }.ConnectionString;
        _logger = logger ?? NullLogger<PostgresChangeNotifier>.Instance;
        _listener = Task.Run(ListenAsync);
        _sender = Task.Run(SendAsync);
    }

    /// <summary>Completes once this server listens (tests wait for it before expecting another server's change).</summary>
    public Task Listening => _listening.Task;

    public IDisposable Subscribe(Func<ChangeSet, Task> handler) => _local.Subscribe(handler);

    public void Publish(ChangeSet changes)
    {
        _local.Publish(changes);
        _outgoing.Writer.TryWrite(changes);
    }

    private async Task SendAsync()
    {
        var ct = _stop.Token;
        NpgsqlConnection? connection = null;
        try
        {
            await foreach (var changes in _outgoing.Reader.ReadAllAsync(ct))
            {
                var payload = Serialize(changes);
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        if (connection is not { State: System.Data.ConnectionState.Open })
                        {
                            await DisposeQuietlyAsync(connection);
                            connection = new NpgsqlConnection(_connectionString);
                            await connection.OpenAsync(ct);
                        }

                        await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
                        notify.Parameters.AddWithValue("channel", Channel);
                        notify.Parameters.AddWithValue("payload", payload);
                        await notify.ExecuteNonQueryAsync(ct);
                        break;
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        await DisposeQuietlyAsync(connection);
                        connection = null;
                        if (attempt >= 10)
                        {
                            // The other servers' pages catch up on their listener's reconnect (they reload everything).
                            _logger.LogWarning("Could not tell the other servers about a change ({Reason}); they reload when their link returns.", ex.GetBaseException().Message);
                            break;
                        }

                        await Task.Delay(RetryDelay, ct);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            await DisposeQuietlyAsync(connection);
        }
    }

    private async Task ListenAsync()
    {
        var ct = _stop.Token;
        var connectedBefore = false;
        string? lastFailure = null; // logged once, and again only when the reason changes: not every second while the database is down
        while (!ct.IsCancellationRequested)
        {
            NpgsqlConnection? connection = null;
            try
            {
                connection = new NpgsqlConnection(_connectionString);
                connection.Notification += OnNotification;
                await connection.OpenAsync(ct);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(ct);
                }

                if (connectedBefore)
                {
                    _local.Publish(ChangeSet.Everything);
                }

                if (lastFailure is not null)
                {
                    _logger.LogInformation("與其他伺服器的即時更新連線已恢復，開啟的頁面重新載入。 (Change link to the other servers is back; open pages reload.)");
                    lastFailure = null;
                }

                connectedBefore = true;
                _listening.TrySetResult();
                while (!ct.IsCancellationRequested)
                {
                    await connection.WaitAsync(ct);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                var reason = ex.GetBaseException().Message;
                if (reason != lastFailure)
                {
                    _logger.LogWarning("與其他伺服器的即時更新連線中斷（{Reason}），持續重試。 (Change link to the other servers lost; retrying every second, logged again only when the reason changes or it is back.)", reason);
                    lastFailure = reason;
                }

                try
                {
                    await Task.Delay(RetryDelay, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            finally
            {
                if (connection is not null)
                {
                    connection.Notification -= OnNotification;
                    await DisposeQuietlyAsync(connection);
                }
            }
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (Deserialize(e.Payload) is { } message && message.Origin != _origin)
        {
            _local.Publish(new ChangeSet(new HashSet<string>(message.Types), new HashSet<string>(message.Users)));
        }
    }

    private string Serialize(ChangeSet changes)
    {
        var payload = JsonSerializer.Serialize(new Message(_origin, [.. changes.EntityTypes], [.. changes.UserIds]));
        return System.Text.Encoding.UTF8.GetByteCount(payload) < MaxPayloadBytes
            ? payload
            : JsonSerializer.Serialize(new Message(_origin, [.. changes.EntityTypes], []));
    }

    private static Message? Deserialize(string payload)
    {
        try
        {
            return JsonSerializer.Deserialize<Message>(payload);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task DisposeQuietlyAsync(NpgsqlConnection? connection)
    {
        if (connection is null)
        {
            return;
        }

        try
        {
            await connection.DisposeAsync();
        }
        catch (Exception)
        {
            // A connection that already broke has nothing left to close.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _outgoing.Writer.TryComplete();
        await _stop.CancelAsync();
        await Task.WhenAll(_listener, _sender).ConfigureAwait(false);
        _stop.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private sealed record Message(string Origin, string[] Types, string[] Users);
}
