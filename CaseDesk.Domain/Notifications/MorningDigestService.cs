using System.Text;
using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Installments;
using CaseDesk.Domain.Petitions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseDesk.Domain.Notifications;

public sealed record DigestResult(bool Skipped, string Reason, int Queued);

/// <summary>
/// The morning digest on working days: one mail per clerk with their items due today or soon (and overdue) — petitions,
/// and installments of their cases due within the reminder window or in default — and one per supervisor with the
/// unit's overdue petitions and plans in default — instead of a mail per event. Never on a holiday.
/// </summary>
public sealed class MorningDigestService(CaseDeskDbFactory dbFactory, CalendarService calendars, IOptions<PetitionPolicyOptions> petitionPolicy, IOptions<InstallmentOptions> installmentOptions, IOptions<NotificationOptions> options)
{
    public const int MaxItems = 100;

    public async Task<DigestResult> QueueAsync(CancellationToken ct = default)
    {
        var now = dbFactory.Clock.GetUtcNow().UtcDateTime;
        var today = TaipeiTime.Today(dbFactory.Clock);
        var calendar = await calendars.GetAsync(ct);
        if (!calendar.IsWorkingDay(today))
        {
            var day = calendar.Describe(today);
            return new DigestResult(true, $"{RocDate.Format(today)} 非上班日（{(day.Description.Length > 0 ? day.Description : "星期" + RocDate.WeekdayName(today))}），不寄晨報", 0);
        }

        var warnLimit = calendar.AddWorkingDays(today, petitionPolicy.Value.WarningWorkingDays);
        var remindFrom = calendar.AddWorkingDays(today, installmentOptions.Value.ReminderWorkingDaysBefore);
        await using var db = await dbFactory.OpenAsync(Actor.System, ct);
        var recipients = await (
            from u in db.Users
            join s in db.Staff on u.StaffMemberId equals s.Id
            join ur in db.UserRoles on u.Id equals ur.UserId
            join r in db.Roles on ur.RoleId equals r.Id
            where u.EmailNonUrgent && u.Email != null && u.Email != "" && (r.Name == Roles.Clerk || r.Name == Roles.Supervisor)
            select new { u.Id, u.Email, u.DisplayName, StaffId = s.Id, s.UnitId, Role = r.Name })
            .ToListAsync(ct);

        var queued = 0;
        var dateKey = today.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        var baseUrl = options.Value.PublicBaseUrl.TrimEnd('/');
        foreach (var person in recipients)
        {
            var clerk = person.Role == Roles.Clerk;
            var open = db.Petitions.AsNoTracking().Where(PetitionDeadlineFilter.Open);
            var items = clerk
                ? await open.Where(p => p.HandlerId == person.StaffId && p.DueOn <= warnLimit).OrderBy(p => p.DueOn).Select(p => new { p.Id, p.Number, p.Subject, p.DueOn }).Take(MaxItems).ToListAsync(ct)
                : await open.Where(p => p.DueOn < today && (person.UnitId == null || p.UnitId == person.UnitId)).OrderBy(p => p.DueOn).Select(p => new { p.Id, p.Number, p.Subject, p.DueOn }).Take(MaxItems).ToListAsync(ct);
            var attention = db.InstallmentPlans.AsNoTracking().Where(clerk ? PlanAttention.DueSoonOrInDefault(today, remindFrom) : PlanAttention.InDefault(today));
            var cases = clerk ? db.Cases.Where(c => c.ResponsibleClerkId == person.StaffId) : db.Cases.Where(c => person.UnitId == null || c.UnitId == person.UnitId);
            var plans = await (
                from p in attention
                join c in cases on p.CaseId equals c.Id
                orderby p.OldestUnpaidDueOn, p.Id
                select new
                {
                    p.Id,
                    c.CaseNumber,
                    c.ObligorName,
                    Due = p.OldestUnpaidDueOn,
                    p.DefaultFrom,
                    Installment = p.Installments.Where(i => i.DueOn == p.OldestUnpaidDueOn).Select(i => (int?)i.Number).Min(),
                })
                .Take(MaxItems).ToListAsync(ct);
            if (items.Count == 0 && plans.Count == 0)
            {
                continue;
            }

            var key = $"digest:{dateKey}:{person.Role}:{person.Id}";
            if (await db.OutboxMails.AnyAsync(m => m.DigestKey == key, ct))
            {
                continue;
            }

            var body = new StringBuilder();
            body.AppendLine($"{person.DisplayName} 您好：").AppendLine();
            if (items.Count > 0)
            {
                body.AppendLine(clerk
                    ? $"以下是您承辦、今天（{RocDate.FormatLongWithWeekday(today)}）到期、即將到期或已逾期的陳情案件："
                    : $"以下是{(person.UnitId is null ? "全分署" : "貴股")}截至今天（{RocDate.FormatLongWithWeekday(today)}）已逾函復期限的陳情案件：");
                body.AppendLine();
                foreach (var item in items)
                {
                    var late = item.DueOn < today ? "【已逾期】" : item.DueOn == today ? "【今日到期】" : "";
                    body.AppendLine($"- {late}{item.Number} {item.Subject}（期限 {RocDate.Format(item.DueOn)}） {baseUrl}/petitions/{item.Id}");
                }

                body.AppendLine();
            }

            if (plans.Count > 0)
            {
                body.AppendLine(clerk
                    ? $"以下是您承辦案件的分期繳納：{installmentOptions.Value.ReminderWorkingDaysBefore} 個工作天內到期尚未繳款，或已遲延："
                    : $"以下是{(person.UnitId is null ? "全分署" : "貴股")}已遲延的分期繳納（可由主管決定是否廢止）：");
                body.AppendLine();
                foreach (var plan in plans)
                {
                    var state = plan.DefaultFrom <= today ? "【遲延】" : plan.Due == today ? "【今日到期】" : "【即將到期】";
                    var which = plan.Installment is { } n ? $"第 {n} 期" : "分期款";
                    var due = plan.Due is { } d ? $"（繳款期限 {RocDate.Format(d)}）" : "";
                    body.AppendLine($"- {state}{plan.CaseNumber} {plan.ObligorName} {which}{due} {baseUrl}/installments/{plan.Id}");
                }

                body.AppendLine();
            }

            body.AppendLine("（本信由 CaseDesk 自動寄出；可在「通知」頁關閉晨報。）");
            var counts = clerk
                ? string.Join("、", new[] { items.Count > 0 ? $"{items.Count} 件陳情" : null, plans.Count > 0 ? $"{plans.Count} 件分期" : null }.OfType<string>())
                : string.Join("、", new[] { items.Count > 0 ? $"逾期陳情 {items.Count} 件" : null, plans.Count > 0 ? $"遲延分期 {plans.Count} 件" : null }.OfType<string>());
            var subject = clerk
                ? $"【CaseDesk 晨報】{RocDate.Format(today)} 您有 {counts}待辦"
                : $"【CaseDesk 晨報】{RocDate.Format(today)} {counts}";
            db.OutboxMails.Add(OutboxMail.Digest(person.Id, person.Email!, key, subject, body.ToString(), now));
            queued++;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another server queued today's digest at the same moment; its copy stands.
            return new DigestResult(false, "已由其他伺服器排入", 0);
        }

        return new DigestResult(false, $"排入 {queued} 封晨報", queued);
    }
}
