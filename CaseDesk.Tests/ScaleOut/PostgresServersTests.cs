using System.Collections.Concurrent;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data.Providers;
using CaseDesk.Domain.Notifications;
using CaseDesk.Domain.Petitions;
using CaseDesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CaseDesk.Tests.ScaleOut;

/// <summary>Two CaseDesk "servers" (two sets of services) on one PostgreSQL database.</summary>
public sealed class PostgresServersTests
{
    private static async Task<(TestDomain A, TestDomain B)> TwoServersAsync()
    {
        var a = await TestDomain.CreateAsync(demoData: true, demoCases: 5, engine: DatabaseProvider.Postgres);
        var b = await a.SecondServerAsync();
        return (a, b);
    }

    private static async Task<(int Staff, int Unit)> LinAsync(TestDomain domain)
    {
        await using var db = await domain.Db.OpenReadOnlyAsync();
        var lin = await db.Staff.SingleAsync(s => s.Id == domain.People!.ClerkLin);
        return (lin.Id, lin.UnitId!.Value);
    }

    private static Actor Supervisor(TestDomain domain) => TestDomain.Supervisor(domain.People!.SupervisorWang, "王建國");

    private static async Task<int> RegisterPetitionAsync(TestDomain domain, DateOnly received, int unitId, int handlerId) =>
        (await domain.Get<PetitionService>().RegisterAsync(Supervisor(domain), new PetitionInput
        {
            Channel = PetitionChannel.PublicOpinionMailbox, ReceivedOn = received, ReceivedAt = new TimeOnly(9, 0), Category = PetitionCategory.RightsProtection,
            Subject = "薪資遭重複扣押", Content = "內容", UnitId = unitId, HandlerId = handlerId,
        })).Value;

    internal static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what, Func<Task>? poll = null)
    {
        var until = DateTime.UtcNow + timeout;
        while (poll is null ? !condition() : !await PolledAsync(poll, condition))
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"{what} did not happen within {timeout.TotalSeconds:0.#} s.");
            }

            await Task.Delay(20);
        }
    }

    private static async Task<bool> PolledAsync(Func<Task> poll, Func<bool> condition)
    {
        await poll();
        return condition();
    }

    [PostgresFact]
    public async Task ChangeNotifier_ASaveOnOneServerReachesTheOther_Once_AndAfterTheLinkBreaks()
    {
        var (a, b) = await TwoServersAsync();
        await using var _ = a;
        await using var __ = b;
        var notifierA = Assert.IsType<PostgresChangeNotifier>(a.Get<IChangeNotifier>());
        var notifierB = Assert.IsType<PostgresChangeNotifier>(b.Get<IChangeNotifier>());
        await Task.WhenAll(notifierA.Listening, notifierB.Listening).WaitAsync(TimeSpan.FromSeconds(10));
        var onA = new ConcurrentQueue<ChangeSet>();
        var onB = new ConcurrentQueue<ChangeSet>();
        using var subscriptionA = notifierA.Subscribe(c => { onA.Enqueue(c); return Task.CompletedTask; });
        using var subscriptionB = notifierB.Subscribe(c => { onB.Enqueue(c); return Task.CompletedTask; });
        var lin = await LinAsync(a);

        var sent = DateTime.UtcNow;
        await RegisterPetitionAsync(a, a.Today, lin.Unit, lin.Staff);
        await WaitUntilAsync(() => onB.Any(c => c.Touches(nameof(Petition))), TimeSpan.FromSeconds(1), "server B hearing of the petition saved on A");
        var latency = DateTime.UtcNow - sent;

        await Task.Delay(300);
        Assert.Single(onA, c => c.Touches(nameof(Petition))); // A's own pages hear it once: no echo back from PostgreSQL
        Assert.Single(onB, c => c.Touches(nameof(Petition)));
        Assert.True(latency < TimeSpan.FromSeconds(1), $"took {latency.TotalMilliseconds:0} ms");

        // The database drops every listening connection (a restart, a network cut): the servers reconnect by
        // themselves, tell their pages to reload everything once, and carry the next change as before.
        await TerminateListenersAsync(a);
        await WaitUntilAsync(() => onB.Any(c => ReferenceEquals(c, ChangeSet.Everything)), TimeSpan.FromSeconds(10), "server B reloading after its link came back");
        onB.Clear();
        await RegisterPetitionAsync(a, a.Today, lin.Unit, lin.Staff);
        await WaitUntilAsync(() => onB.Any(c => c.Touches(nameof(Petition))), TimeSpan.FromSeconds(5), "server B hearing of a change after the reconnect");
    }

    [PostgresFact]
    public async Task ATyphoonDayDeclaredOnOneServer_IsUsedByTheOther_WithinASecond()
    {
        var (a, b) = await TwoServersAsync();
        await using var _ = a;
        await using var __ = b;
        await Task.WhenAll(Assert.IsType<PostgresChangeNotifier>(a.Get<IChangeNotifier>()).Listening, Assert.IsType<PostgresChangeNotifier>(b.Get<IChangeNotifier>()).Listening)
            .WaitAsync(TimeSpan.FromSeconds(10));
        var typhoon = new DateOnly(2026, 11, 27); // a Friday, a working day in the seeded calendar
        var calendarB = b.Get<CaseDesk.Domain.Calendar.CalendarService>();
        Assert.True((await calendarB.GetAsync()).IsWorkingDay(typhoon)); // B has the calendar cached
        var lin = await LinAsync(b);
        var before = await b.Get<PetitionService>().GetAsync(Supervisor(b), await RegisterPetitionAsync(b, a.Today, lin.Unit, lin.Staff));

        var declared = await a.Get<CaseDesk.Domain.Calendar.CalendarService>().SetDayAsync(TestDomain.Admin(), typhoon, isHoliday: true, "颱風停止上班");
        Assert.True(declared.Succeeded);
        var changed = false;
        await WaitUntilAsync(() => changed, TimeSpan.FromSeconds(1), "server B dropping its cached calendar", async () => changed = !(await calendarB.GetAsync()).IsWorkingDay(typhoon));

        // A petition registered on B afterwards counts the typhoon day out, as one registered on A would.
        var after = await b.Get<PetitionService>().GetAsync(Supervisor(b), await RegisterPetitionAsync(b, a.Today, lin.Unit, lin.Staff));
        var onA = await a.Get<PetitionService>().GetAsync(Supervisor(a), await RegisterPetitionAsync(a, a.Today, lin.Unit, lin.Staff));
        // Received Wednesday 11/25: six working days end Thursday 12/3; without Friday 11/27 they end Friday 12/4.
        Assert.Equal(new DateOnly(2026, 12, 3), before!.DueOn);
        Assert.Equal(new DateOnly(2026, 12, 4), after!.DueOn);
        Assert.Equal(onA!.DueOn, after.DueOn);
    }

    private static async Task TerminateListenersAsync(TestDomain domain)
    {
        var database = new NpgsqlConnectionStringBuilder(domain.Get<DatabaseEngine>().ConnectionString).Database;
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(TestDatabase.PostgresServer) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @db AND application_name = 'CaseDesk change notifier'", connection);
        kill.Parameters.AddWithValue("db", database!);
        await kill.ExecuteNonQueryAsync();
    }

    [PostgresFact]
    public async Task ReminderScan_TwoServersScanningAtOnce_RecordsEveryReminderNotificationAndMailOnce()
    {
        var (a, b) = await TwoServersAsync();
        await using var _ = a;
        await using var __ = b;
        var (linStaff, linUnit) = await LinAsync(a);
        var lin = await a.AddUserAsync("lin", linStaff, Roles.Clerk, "lin@casedesk.local");
        await a.AddUserAsync("wang", a.People!.SupervisorWang, Roles.Supervisor, "wang@casedesk.local");
        for (var i = 0; i < 20; i++)
        {
            await RegisterPetitionAsync(a, new DateOnly(2026, 11, 16), linUnit, linStaff); // due 11/24: overdue on 11/25
        }

        // Both servers' scans start together, several times over, on items nobody has scanned yet.
        var scans = await Task.WhenAll(Enumerable.Range(0, 3).SelectMany(_ => new[] { a.Get<ReminderService>().ScanAsync(), b.Get<ReminderService>().ScanAsync() }));

        await using var db = await a.Db.OpenReadOnlyAsync();
        Assert.Equal(20, await db.Reminders.CountAsync());
        Assert.Equal(20, scans.Sum(s => s.Reminders)); // each reminder made by exactly one scan
        Assert.Equal(40, await db.Notifications.CountAsync()); // the handler and the supervisor, once each
        Assert.Equal(20, await db.Notifications.CountAsync(n => n.UserId == lin));
        Assert.Equal(40, await db.OutboxMails.CountAsync()); // both have addresses: one mail per notification
        Assert.Equal(40, scans.Sum(s => s.Mails));
    }
}
