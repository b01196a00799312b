namespace CaseDesk.Domain.Common;

/// <summary>What a committed save changed: entity types and, where it matters, the users concerned.</summary>
public sealed record ChangeSet(IReadOnlySet<string> EntityTypes, IReadOnlySet<string> UserIds)
{
    private const string AnyType = "*";

    /// <summary>
    /// "Anything may have changed": sent to this server's pages when the link to the other servers was down for a
    /// moment, so every open page reloads rather than miss a change.
    /// </summary>
    public static ChangeSet Everything { get; } = new(new HashSet<string> { AnyType }, new HashSet<string>());

    public static ChangeSet For(string entityType, params string[] userIds) =>
        new(new HashSet<string> { entityType }, new HashSet<string>(userIds));

    public bool Touches(string entityType) => EntityTypes.Contains(entityType) || EntityTypes.Contains(AnyType);

    /// <summary>Whether a page of <paramref name="userId"/> should look: the change names nobody in particular, or names them.</summary>
    public bool Concerns(string userId) => UserIds.Count == 0 || UserIds.Contains(userId);
}

/// <summary>
/// Carries committed changes to every open page that cares (dashboards, desks, the bell). The in-process
/// implementation serves one server; on PostgreSQL, <see cref="Data.Providers.PostgresChangeNotifier"/> carries the
/// same events between servers.
/// </summary>
public interface IChangeNotifier
{
    /// <summary>Registers a handler; dispose the returned object to unsubscribe.</summary>
    IDisposable Subscribe(Func<ChangeSet, Task> handler);

    void Publish(ChangeSet changes);
}

/// <summary>In-process fan-out. A failing or departed subscriber never stops the others or the writer.</summary>
public sealed class InProcessChangeNotifier : IChangeNotifier
{
    private readonly Lock _gate = new();
    private readonly List<Func<ChangeSet, Task>> _handlers = [];

    public IDisposable Subscribe(Func<ChangeSet, Task> handler)
    {
        lock (_gate)
        {
            _handlers.Add(handler);
        }

        return new Subscription(this, handler);
    }

    public void Publish(ChangeSet changes)
    {
        Func<ChangeSet, Task>[] handlers;
        lock (_gate)
        {
            handlers = [.. _handlers];
        }

        foreach (var handler in handlers)
        {
            _ = InvokeAsync(handler, changes);
        }
    }

    public int SubscriberCount
    {
        get
        {
            lock (_gate)
            {
                return _handlers.Count;
            }
        }
    }

    private static async Task InvokeAsync(Func<ChangeSet, Task> handler, ChangeSet changes)
    {
        try
        {
            await handler(changes);
        }
        catch (Exception)
        {
            // A page that went away or failed to refresh must not affect the writer or other pages.
        }
    }

    private void Unsubscribe(Func<ChangeSet, Task> handler)
    {
        lock (_gate)
        {
            _handlers.Remove(handler);
        }
    }

    private sealed class Subscription(InProcessChangeNotifier owner, Func<ChangeSet, Task> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(handler);
            }
        }
    }
}
