using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Data;
using CaseDesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseDesk.Tests.Domain.Calendar;

public sealed class CalendarServiceTests
{
    private static readonly DateOnly TyphoonFriday = new(2026, 11, 27);

    [Fact]
    public async Task Initialize_SeedsTheShippedYears()
    {
        await using var domain = await TestDomain.CreateAsync();
        var year = await domain.Get<CalendarService>().GetYearAsync(2026);

        Assert.True(year.IsComplete);
        Assert.Equal(245, year.WorkingDays);
        Assert.All(year.Days, d => Assert.Equal(CalendarDaySource.Seed, d.Source));
    }

    [Fact]
    public async Task SetDay_TyphoonHoliday_ChangesDeadlinesAndIsAudited()
    {
        var handler = new RecordingHandler();
        await using var domain = await TestDomain.CreateAsync(configure: s => s.AddSingleton<ICalendarChangeHandler>(handler));
        var calendar = domain.Get<CalendarService>();
        Assert.Equal(new DateOnly(2026, 12, 1), (await calendar.GetAsync()).AddWorkingDays(new DateOnly(2026, 11, 23), 6));

        var result = await calendar.SetDayAsync(TestDomain.Admin(), TyphoonFriday, isHoliday: true, "颱風停止上班");

        Assert.True(result.Succeeded, result.ToString());
        var after = await calendar.GetAsync();
        Assert.False(after.IsWorkingDay(TyphoonFriday));
        Assert.Equal("颱風停止上班", after.Describe(TyphoonFriday).Description);
        Assert.Equal(new DateOnly(2026, 12, 2), after.AddWorkingDays(new DateOnly(2026, 11, 23), 6));
        Assert.Equal([TyphoonFriday], handler.Changed);
        Assert.False(handler.CalendarSeen!.IsWorkingDay(TyphoonFriday));

        await using var db = await domain.Db.OpenReadOnlyAsync();
        var audit = await db.AuditEntries.Where(a => a.EntityType == nameof(CalendarDay) && a.Action != AuditActions.Imported).ToListAsync();
        var row = Assert.Single(audit);
        Assert.Equal(AuditActions.Updated, row.Action);
        Assert.Equal("陳怡君", row.UserName);
        Assert.Contains("IsHoliday", row.Changes);
        Assert.Contains("颱風停止上班", row.Changes);
    }

    [Fact]
    public async Task SetDay_NotAdmin_IsRefused()
    {
        await using var domain = await TestDomain.CreateAsync();

        var result = await domain.Get<CalendarService>().SetDayAsync(TestDomain.Supervisor(), TyphoonFriday, true, "颱風");

        Assert.Equal("forbidden", Assert.Single(result.Errors).Code);
        Assert.True((await domain.Get<CalendarService>().GetAsync()).IsWorkingDay(TyphoonFriday));
    }

    [Fact]
    public async Task SetDay_WeekdayHolidayWithoutReason_AsksForOne()
    {
        await using var domain = await TestDomain.CreateAsync();

        var result = await domain.Get<CalendarService>().SetDayAsync(TestDomain.Admin(), TyphoonFriday, true, "  ");

        Assert.Equal("calendar_description_required", Assert.Single(result.Errors).Code);
    }

    [Fact]
    public async Task Import_Big5File_AddsNewYearAndReportsChanges()
    {
        await using var domain = await TestDomain.CreateAsync();
        var calendar = domain.Get<CalendarService>();
        var file = CalendarFileParser.Parse(Fixtures.Bytes("calendar/2025-revised.big5.csv")).Value;

        var preview = await calendar.PreviewImportAsync(file);
        var imported = await calendar.ImportAsync(TestDomain.Admin(), file);
        var again = await calendar.PreviewImportAsync(file);

        Assert.Equal(file.Days.Count, preview.NewDays);
        Assert.True(imported.Succeeded, imported.ToString());
        Assert.Equal(0, again.NewDays);
        Assert.Empty(again.Changes);
        Assert.Equal(file.Days.Count, again.Unchanged);
        Assert.False((await calendar.GetAsync()).IsWorkingDay(new DateOnly(2025, 10, 24)));
        await using var db = await domain.Db.OpenReadOnlyAsync();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditActions.Imported && a.Summary.Contains("114年")));
    }

    [Fact]
    public async Task Import_ChangedDay_IsListedAndApplied()
    {
        await using var domain = await TestDomain.CreateAsync();
        var calendar = domain.Get<CalendarService>();
        var csv = "西元日期,星期,是否放假,備註\r\n20261127,五,2,颱風停止上班\r\n20261130,一,0,\r\n";
        var file = CalendarFileParser.Parse(System.Text.Encoding.UTF8.GetBytes(csv)).Value;

        var preview = await calendar.PreviewImportAsync(file);
        await calendar.ImportAsync(TestDomain.Admin(), file);

        var change = Assert.Single(preview.Changes);
        Assert.Equal(TyphoonFriday, change.Date);
        Assert.False(change.WasHoliday);
        Assert.Equal(1, preview.Unchanged);
        Assert.False((await calendar.GetAsync()).IsWorkingDay(TyphoonFriday));
    }

    [Fact]
    public async Task Import_KeepsDaysAnAdminSetByHand()
    {
        await using var domain = await TestDomain.CreateAsync();
        var calendar = domain.Get<CalendarService>();
        await calendar.SetDayAsync(TestDomain.Admin(), TyphoonFriday, true, "颱風停止上班");
        var official = CalendarFileParser.Parse(System.Text.Encoding.UTF8.GetBytes("西元日期,星期,是否放假,備註\n20261127,五,0,\n")).Value;

        var preview = await calendar.PreviewImportAsync(official);
        await calendar.ImportAsync(TestDomain.Admin(), official);

        Assert.Empty(preview.Changes);
        Assert.Equal(TyphoonFriday, Assert.Single(preview.KeptManual).Date);
        Assert.False((await calendar.GetAsync()).IsWorkingDay(TyphoonFriday));
    }

    [Fact]
    public async Task SetDay_StaleVersion_IsAConflict()
    {
        await using var domain = await TestDomain.CreateAsync();
        var calendar = domain.Get<CalendarService>();
        var seen = (await calendar.GetYearAsync(2026)).Days.Single(d => d.Date == TyphoonFriday).Version;

        var first = await calendar.SetDayAsync(TestDomain.Admin("甲管理員"), TyphoonFriday, true, "颱風停止上班", seen);
        var second = await calendar.SetDayAsync(TestDomain.Admin("乙管理員"), TyphoonFriday, true, "颱風停止上班（下午）", seen);

        Assert.True(first.Succeeded);
        Assert.True(second.IsConflict);
        Assert.Contains("甲管理員", second.Errors[0].Message);
    }

    [Fact]
    public async Task SetDay_SaturdayMakeUpWorkday_AndRemovingAHoliday()
    {
        await using var domain = await TestDomain.CreateAsync();
        var calendar = domain.Get<CalendarService>();

        var makeUp = await calendar.SetDayAsync(TestDomain.Admin(), new DateOnly(2026, 12, 5), false, "補行上班");
        var noReason = await calendar.SetDayAsync(TestDomain.Admin(), new DateOnly(2026, 12, 12), false, "");
        var removed = await calendar.SetDayAsync(TestDomain.Admin(), new DateOnly(2026, 12, 25), false, "");

        Assert.True(makeUp.Succeeded);
        Assert.Equal("calendar_description_required", Assert.Single(noReason.Errors).Code);
        Assert.True(removed.Succeeded);
        var after = await calendar.GetAsync();
        Assert.True(after.Describe(new DateOnly(2026, 12, 5)).IsMakeUpWorkday);
        Assert.True(after.IsWorkingDay(new DateOnly(2026, 12, 25)));
    }

    private sealed class RecordingHandler : ICalendarChangeHandler
    {
        public List<DateOnly> Changed { get; } = [];

        public WorkingCalendar? CalendarSeen { get; private set; }

        public Task OnCalendarChangedAsync(CaseDeskDbContext db, IReadOnlyCollection<DateOnly> changedDates, WorkingCalendar calendar, CancellationToken ct)
        {
            Changed.AddRange(changedDates);
            CalendarSeen = calendar;
            return Task.CompletedTask;
        }
    }
}
