namespace CaseDesk.Web.Infrastructure;

/// <summary>
/// Numbers overlapping requests (a rule check per keystroke) so that only the newest answer is used: an older
/// request whose answer lands after a newer one was started is recognised and dropped.
/// </summary>
public sealed class LatestOnly
{
    private int _issued;

    /// <summary>Starts a request; keep the ticket and ask <see cref="IsLatest"/> when its answer arrives.</summary>
    public int Next() => Interlocked.Increment(ref _issued);

    /// <summary>True when no newer request was started after the one holding <paramref name="ticket"/>.</summary>
    public bool IsLatest(int ticket) => Volatile.Read(ref _issued) == ticket;
}
