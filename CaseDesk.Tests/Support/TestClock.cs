using CaseDesk.Domain.Identity;

namespace CaseDesk.Tests.Support;

/// <summary>Wall-clock helpers for the tests that run against a host on the real clock (scale-out, faults).</summary>
public static class TestClock
{
    /// <summary>
    /// The Taipei local time one minute ago, to whole minutes: a received time that is valid at any hour
    /// the suite runs (a fixed 09:00 is "in the future" when CI runs before nine Taipei time).
    /// </summary>
    public static DateTime TaipeiMinuteAgo()
    {
        var local = TaipeiTime.LocalNow(TimeProvider.System).AddMinutes(-1);
        return new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified);
    }
}
