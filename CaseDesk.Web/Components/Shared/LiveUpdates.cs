using CaseDesk.Domain.Common;

namespace CaseDesk.Web.Components.Shared;

/// <summary>
/// Keeps a page current without polling: subscribes to the change notifier, and when a committed change
/// touches one of <paramref name="entityTypes"/> calls <paramref name="reload"/> on the component's
/// dispatcher (bursts within <see cref="Debounce"/> coalesce into one reload). Dispose with the page.
/// </summary>
public sealed class LiveUpdates : IDisposable
{
    /// <summary>
    /// Long enough to fold the publishes of one save (the record, then its notifications) into one reload, short enough
    /// not to be most of the commit-to-screen time (50 ms of a 200 ms goal). Many pages reloading at once cost one
    /// dashboard computation, not one each: the dashboard service shares a result until the next change.
    /// </summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(50);

    private readonly IDisposable _subscription;
    private readonly Func<Func<Task>, Task> _invokeAsync;
    private readonly Func<Task> _reload;
    private readonly Func<ChangeSet, bool> _relevant;
    private int _scheduled;
    private bool _disposed;

    public LiveUpdates(IChangeNotifier notifier, Func<Func<Task>, Task> invokeAsync, Func<Task> reload, Func<ChangeSet, bool> relevant)
    {
        _invokeAsync = invokeAsync;
        _reload = reload;
        _relevant = relevant;
        _subscription = notifier.Subscribe(OnChangedAsync);
    }

    public static LiveUpdates For(IChangeNotifier notifier, Func<Func<Task>, Task> invokeAsync, Func<Task> reload, params string[] entityTypes) =>
        new(notifier, invokeAsync, reload, c => entityTypes.Any(c.Touches));

    private async Task OnChangedAsync(ChangeSet changes)
    {
        if (_disposed || !_relevant(changes) || Interlocked.Exchange(ref _scheduled, 1) == 1)
        {
            return;
        }

        await Task.Delay(Debounce);
        Interlocked.Exchange(ref _scheduled, 0);
        if (!_disposed)
        {
            await _invokeAsync(_reload);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _subscription.Dispose();
    }
}
