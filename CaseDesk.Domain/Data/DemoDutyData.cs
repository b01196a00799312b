using CaseDesk.Domain.Calls;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Duty;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Reference;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Domain.Data;

/// <summary>
/// Demo lunch-duty roster (the office-wide pool, this month and next) and a few after-hours calls from the
/// last weekend, made through the real services so they obey every rule.
/// </summary>
public static class DemoDutyData
{
    public const string PoolName = "服務台中午輪值";

    public static async Task SeedAsync(CaseDeskDbFactory dbFactory, Calendar.CalendarService calendars, DutyService duty, CallService calls, DemoPeople people, CancellationToken ct = default)
    {
        if ((await duty.GetPoolsAsync(ct)).Count > 0)
        {
            return;
        }

        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var supervisor = new Actor("demo-seed", "王建國", new HashSet<string> { Roles.Supervisor }, people.SupervisorWang);
        var units = new[] { 3, 5, 7, 9 };
        var members = await db.Staff.Where(s => s.IsActive && (s.Title == StaffTitle.Clerk || s.Title == StaffTitle.Executor) && units.Contains(s.Unit!.Number))
            .OrderBy(s => s.Unit!.Number).ThenBy(s => s.Title).ThenBy(s => s.Id).Select(s => s.Id).ToListAsync(ct);
        var created = await duty.CreatePoolAsync(supervisor, new PoolInput(PoolName, null, [0, 1, 1, 1, 1, 1, 1], members), ct);
        if (!created.Succeeded)
        {
            throw new DomainException("Demo pool: " + created);
        }

        // The roster from the first of the month (so the month view and the fairness report have a past),
        // with lunch-hour logs for the days already served.
        var today = TaipeiTime.Today(dbFactory.Clock);
        var calendar = await calendars.GetAsync(ct);
        await using (var write = await dbFactory.OpenAsync(supervisor, ct))
        {
            write.AuditInserts = false;
            var pool = await write.DutyPools.Include(p => p.Members).SingleAsync(p => p.Id == created.Value, ct);
            await DutyRoster.RegenerateAsync(write, pool, new DateOnly(today.Year, today.Month, 1), new DateOnly(today.Year, today.Month, 1).AddMonths(2).AddDays(-1), calendar, "示範資料", ct);
            await write.SaveChangesAsync(ct);
            var random = new Random(1125);
            var served = await write.DutyAssignments.Where(a => a.Date < today).OrderBy(a => a.Date).ToListAsync(ct);
            foreach (var a in served)
            {
                write.LunchDutyLogs.Add(LunchDutyLog.Create(a.Date, a.StaffId, random.Next(3, 14), random.NextDouble() < 0.15 ? "民眾詢問分期繳納方式，已引導至承辦股。" : null));
            }

            await write.SaveChangesAsync(ct);
        }

        // The last weekend's calls: the story's Saturday call about 林雅婷's case, and a Friday-night one without a case number.
        var duty0 = new Actor("demo-seed-duty", "黃志偉", new HashSet<string> { Roles.DutyOfficer }, people.DutyHuang);
        var saturday = today.AddDays(-(((int)today.DayOfWeek + 1) % 7));
        if (saturday == today)
        {
            saturday = saturday.AddDays(-7);
        }

        await calls.LogAsync(duty0, new CallInput
        {
            ReceivedOn = saturday,
            ReceivedAt = new TimeOnly(10, 5),
            CallerName = "陳先生",
            Phone = "0912345678",
            Relationship = CallerRelationship.Obligor,
            CaseNumber = DemoData.StoryCaseNumber,
            Question = "詢問本件健保費欠款 NT$86,400 可否分期繳納，需要準備哪些文件；平日白天上班不便接聽，請中午或下午回電。",
            AnsweredOnSpot = false,
        }, ct);
        await calls.LogAsync(duty0, new CallInput
        {
            ReceivedOn = saturday.AddDays(-1),
            ReceivedAt = new TimeOnly(21, 15),
            CallerName = "林小姐",
            Phone = "03-425-1234",
            Relationship = CallerRelationship.Family,
            Question = "先生的汽車因交通罰鍰未繳被拖吊，想知道要到哪裡繳款、繳清後何時可領回；未提供案號。",
            AnsweredOnSpot = false,
        }, ct);
        await calls.LogAsync(duty0, new CallInput
        {
            ReceivedOn = saturday.AddDays(1),
            ReceivedAt = new TimeOnly(14, 40),
            CallerName = "王太太",
            Phone = "02-2345-6789#12",
            Relationship = CallerRelationship.Agent,
            Question = "詢問分署的上班時間與超商繳款是否可以使用。",
            AnsweredOnSpot = true,
            SpotAnswer = "告知上班時間 08:30–17:30，中午 12:30–13:30 服務台有人輪值；未滿 2 萬元可至超商繳款。",
        }, ct);
    }
}
