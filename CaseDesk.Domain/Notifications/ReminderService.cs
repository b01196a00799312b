using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Petitions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseDesk.Domain.Notifications;

/// <param name="DeferralsEnded">Cases whose deferral (暫緩執行) ran out and went back into enforcement.</param>
public sealed record ScanResult(int Reminders, int Notifications, int Mails, int DeferralsEnded = 0);

/// <summary>
/// The deadline scan: finds every open item crossing its warning point or due date and records one
/// reminder per (item, stage, due date), the notifications for the people concerned and the e-mails of
/// the urgent ones. Set-based SQL (INSERT … SELECT … ON CONFLICT DO NOTHING, the same on SQLite and
/// PostgreSQL): no row is loaded into memory, a second or concurrent scan adds nothing, and a scan that
/// stopped half-way is completed by the next one.
/// </summary>
/// <remarks>
/// Before the reminders, deferrals whose end date has passed are ended (the case returns to enforcement), through
/// the entity so each case is versioned and audited like a person's change; those are few a day.
/// </remarks>
public sealed class ReminderService(CaseDeskDbFactory dbFactory, CalendarService calendars, Cases.CaseService cases, IOptions<PetitionPolicyOptions> petitionPolicy, IOptions<Installments.InstallmentOptions> installmentOptions)
{
    /// <summary>Reminders younger than this still get their missing notifications (a crashed scan's leftovers).</summary>
    private static readonly TimeSpan CatchUpWindow = TimeSpan.FromDays(3);

    /// <summary>
    /// Installment plans: the case's clerk is reminded before each due date with nothing paid, and when the
    /// plan goes into default (then the unit's supervisors hear of it too). Returns the notifications made.
    /// </summary>
    private async Task<int> ScanInstallmentPlansAsync(CaseDeskDbContext db, DateTime now, DateTime since, DateOnly today, WorkingCalendar calendar, CancellationToken ct)
    {
        var dueSoon = nameof(ReminderStage.DueSoon);
        var overdue = nameof(ReminderStage.Overdue);
        var active = nameof(Installments.PlanState.Active);
        var remindFrom = calendar.AddWorkingDays(today, installmentOptions.Value.ReminderWorkingDaysBefore);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "Reminders" ("ItemType", "ItemId", "Stage", "DueOn", "CreatedAtUtc")
            SELECT 'InstallmentPlan', p."Id", {dueSoon}, p."OldestUnpaidDueOn", {now}
            FROM "InstallmentPlans" p
            WHERE p."State" = {active} AND p."OldestUnpaidDueOn" >= {today} AND p."OldestUnpaidDueOn" <= {remindFrom}
            ON CONFLICT ("ItemType", "ItemId", "Stage", "DueOn") DO NOTHING
            """, ct);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "Reminders" ("ItemType", "ItemId", "Stage", "DueOn", "CreatedAtUtc")
            SELECT 'InstallmentPlan', p."Id", {overdue}, p."OldestUnpaidDueOn", {now}
            FROM "InstallmentPlans" p
            WHERE p."State" = {active} AND p."DefaultFrom" <= {today} AND p."OldestUnpaidDueOn" IS NOT NULL
            ON CONFLICT ("ItemType", "ItemId", "Stage", "DueOn") DO NOTHING
            """, ct);

        var made = 0;
        foreach (var (stage, kind, urgent) in new[] { (dueSoon, nameof(NotificationKind.DueSoon), false), (overdue, nameof(NotificationKind.Overdue), true) })
        {
            made += await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO "Notifications" ("UserId", "Kind", "IsUrgent", "ItemType", "ItemId", "ItemNumber", "DueOn", "ReminderId", "CreatedAtUtc")
                SELECT u."Id", {kind}, {urgent}, r."ItemType", r."ItemId", c."CaseNumber", r."DueOn", r."Id", {now}
                FROM "Reminders" r
                JOIN "InstallmentPlans" p ON r."ItemType" = 'InstallmentPlan' AND p."Id" = r."ItemId"
                JOIN "Cases" c ON c."Id" = p."CaseId"
                JOIN "AspNetUsers" u ON u."StaffMemberId" = c."ResponsibleClerkId"
                WHERE r."Stage" = {stage} AND r."CreatedAtUtc" >= {since}
                  AND p."State" = {active} AND p."OldestUnpaidDueOn" = r."DueOn"
                ON CONFLICT ("ReminderId", "UserId") DO NOTHING
                """, ct);
        }

        var escalation = nameof(NotificationKind.Escalation);
        made += await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "Notifications" ("UserId", "Kind", "IsUrgent", "ItemType", "ItemId", "ItemNumber", "DueOn", "ReminderId", "CreatedAtUtc")
            SELECT u."Id", {escalation}, {true}, r."ItemType", r."ItemId", c."CaseNumber", r."DueOn", r."Id", {now}
            FROM "Reminders" r
            JOIN "InstallmentPlans" p ON r."ItemType" = 'InstallmentPlan' AND p."Id" = r."ItemId"
            JOIN "Cases" c ON c."Id" = p."CaseId"
            JOIN "AspNetUsers" u ON u."StaffMemberId" IS NOT NULL
            JOIN "Staff" s ON s."Id" = u."StaffMemberId"
            JOIN "AspNetUserRoles" ur ON ur."UserId" = u."Id"
            JOIN "AspNetRoles" ro ON ro."Id" = ur."RoleId" AND ro."NormalizedName" = 'SUPERVISOR'
            WHERE r."Stage" = {overdue} AND r."CreatedAtUtc" >= {since}
              AND p."State" = {active} AND p."OldestUnpaidDueOn" = r."DueOn"
              AND (s."UnitId" = c."UnitId" OR s."UnitId" IS NULL)
              AND (c."ResponsibleClerkId" IS NULL OR s."Id" <> c."ResponsibleClerkId")
            ON CONFLICT ("ReminderId", "UserId") DO NOTHING
            """, ct);
        return made;
    }

    /// <summary>
    /// After-hours callbacks past their due time (noon of the next working day): the clerk is told at once
    /// (urgent), and the supervisors of the unit — all supervisors over every unit when the call has none.
    /// </summary>
    private static async Task<int> ScanCallbacksAsync(CaseDeskDbContext db, DateTime now, DateTime since, CancellationToken ct)
    {
        var overdue = nameof(ReminderStage.Overdue);
        var open = nameof(Calls.CallState.CallbackOpen);
        var triage = nameof(Calls.CallState.Triage);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "Reminders" ("ItemType", "ItemId", "Stage", "DueOn", "CreatedAtUtc")
            SELECT 'AfterHoursCall', c."Id", {overdue}, c."CallbackDueOn", {now}
            FROM "AfterHoursCalls" c
            WHERE c."State" IN ({open}, {triage}) AND c."CallbackDueAtUtc" < {now}
            ON CONFLICT ("ItemType", "ItemId", "Stage", "DueOn") DO NOTHING
            """, ct);
        var kind = nameof(NotificationKind.Overdue);
        var made = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "Notifications" ("UserId", "Kind", "IsUrgent", "ItemType", "ItemId", "ItemNumber", "DueOn", "ReminderId", "CreatedAtUtc")
            SELECT u."Id", {kind}, {true}, r."ItemType", r."ItemId", c."Number", r."DueOn", r."Id", {now}
            FROM "Reminders" r
            JOIN "AfterHoursCalls" c ON r."ItemType" = 'AfterHoursCall' AND c."Id" = r."ItemId"
            JOIN "AspNetUsers" u ON u."StaffMemberId" = c."AssignedStaffId"
            WHERE r."Stage" = {overdue} AND r."CreatedAtUtc" >= {since}
              AND c."State" IN ({open}, {triage}) AND c."CallbackDueOn" = r."DueOn"
            ON CONFLICT ("ReminderId", "UserId") DO NOTHING
            """, ct);
        var escalation = nameof(NotificationKind.Escalation);
        made += await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "Notifications" ("UserId", "Kind", "IsUrgent", "ItemType", "ItemId", "ItemNumber", "DueOn", "ReminderId", "CreatedAtUtc")
            SELECT u."Id", {escalation}, {true}, r."ItemType", r."ItemId", c."Number", r."DueOn", r."Id", {now}
            FROM "Reminders" r
            JOIN "AfterHoursCalls" c ON r."ItemType" = 'AfterHoursCall' AND c."Id" = r."ItemId"
            JOIN "AspNetUsers" u ON u."StaffMemberId" IS NOT NULL
            JOIN "Staff" s ON s."Id" = u."StaffMemberId"
            JOIN "AspNetUserRoles" ur ON ur."UserId" = u."Id"
            JOIN "AspNetRoles" ro ON ro."Id" = ur."RoleId" AND ro."NormalizedName" = 'SUPERVISOR'
            WHERE r."Stage" = {overdue} AND r."CreatedAtUtc" >= {since}
              AND c."State" IN ({open}, {triage}) AND c."CallbackDueOn" = r."DueOn"
              AND (s."UnitId" = c."UnitId" OR s."UnitId" IS NULL OR c."UnitId" IS NULL)
              AND (c."AssignedStaffId" IS NULL OR s."Id" <> c."AssignedStaffId")
            ON CONFLICT ("ReminderId", "UserId") DO NOTHING
            """, ct);
        return made;
    }

    /// <summary>
    /// Lunch duty: on a working day, everyone on duty the next working day is reminded (in the app and the
    /// morning digest, not urgent). Whoever takes the turn over later the same day is reminded too.
    /// </summary>
    private static async Task<int> ScanLunchDutyAsync(CaseDeskDbContext db, DateTime now, DateTime since, DateOnly today, WorkingCalendar calendar, CancellationToken ct)
    {
        if (!calendar.IsWorkingDay(today))
        {
            return 0;
        }

        var next = calendar.NextWorkingDay(today);
        var dueSoon = nameof(ReminderStage.DueSoon);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "Reminders" ("ItemType", "ItemId", "Stage", "DueOn", "CreatedAtUtc")
            SELECT 'DutyAssignment', a."Id", {dueSoon}, a."Date", {now}
            FROM "DutyAssignments" a
            WHERE a."Date" = {next}
            ON CONFLICT ("ItemType", "ItemId", "Stage", "DueOn") DO NOTHING
            """, ct);
        var kind = nameof(NotificationKind.DutyReminder);
        return await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "Notifications" ("UserId", "Kind", "IsUrgent", "ItemType", "ItemId", "ItemNumber", "DueOn", "ReminderId", "CreatedAtUtc")
            SELECT u."Id", {kind}, {false}, 'DutyPool', p."Id", p."Name", r."DueOn", r."Id", {now}
            FROM "Reminders" r
            JOIN "DutyAssignments" a ON r."ItemType" = 'DutyAssignment' AND a."Id" = r."ItemId"
            JOIN "DutyPools" p ON p."Id" = a."PoolId"
            JOIN "AspNetUsers" u ON u."StaffMemberId" = a."StaffId"
            WHERE r."Stage" = {dueSoon} AND r."CreatedAtUtc" >= {since} AND a."Date" = r."DueOn" AND a."Date" >= {today}
            ON CONFLICT ("ReminderId", "UserId") DO NOTHING
            """, ct);
    }

    /// <summary>
    /// Welfare referrals: the handling clerk hears when the partner has not acknowledged by its deadline
    /// (5 working days after sending) and when the follow-up date comes. In the app, not urgent.
    /// </summary>
    private static async Task<int> ScanReferralsAsync(CaseDeskDbContext db, DateTime now, DateTime since, DateOnly today, CancellationToken ct)
    {
        var overdue = nameof(ReminderStage.Overdue);
        var dueSoon = nameof(ReminderStage.DueSoon);
        var sent = nameof(Referrals.ReferralState.Sent);
        var acknowledged = nameof(Referrals.ReferralState.Acknowledged);
        var inService = nameof(Referrals.ReferralState.InService);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "Reminders" ("ItemType", "ItemId", "Stage", "DueOn", "CreatedAtUtc")
            SELECT 'Referral', r."Id", {overdue}, r."AckDueOn", {now}
            FROM "Referrals" r
            WHERE r."State" = {sent} AND r."AckDueOn" < {today}
            ON CONFLICT ("ItemType", "ItemId", "Stage", "DueOn") DO NOTHING
            """, ct);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "Reminders" ("ItemType", "ItemId", "Stage", "DueOn", "CreatedAtUtc")
            SELECT 'ReferralFollowUp', r."Id", {dueSoon}, r."FollowUpOn", {now}
            FROM "Referrals" r
            WHERE r."State" IN ({sent}, {acknowledged}, {inService}) AND r."FollowUpOn" <= {today}
            ON CONFLICT ("ItemType", "ItemId", "Stage", "DueOn") DO NOTHING
            """, ct);
        var ackKind = nameof(NotificationKind.ReferralAckOverdue);
        var made = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "Notifications" ("UserId", "Kind", "IsUrgent", "ItemType", "ItemId", "ItemNumber", "DueOn", "ReminderId", "CreatedAtUtc")
            SELECT u."Id", {ackKind}, {false}, 'Referral', r."ItemId", x."Number", r."DueOn", r."Id", {now}
            FROM "Reminders" r
            JOIN "Referrals" x ON r."ItemType" = 'Referral' AND x."Id" = r."ItemId"
            JOIN "AspNetUsers" u ON u."StaffMemberId" = x."ClerkStaffId"
            WHERE r."Stage" = {overdue} AND r."CreatedAtUtc" >= {since}
              AND x."State" = {sent} AND x."AckDueOn" = r."DueOn"
            ON CONFLICT ("ReminderId", "UserId") DO NOTHING
            """, ct);
        var followKind = nameof(NotificationKind.ReferralFollowUpDue);
        made += await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "Notifications" ("UserId", "Kind", "IsUrgent", "ItemType", "ItemId", "ItemNumber", "DueOn", "ReminderId", "CreatedAtUtc")
            SELECT u."Id", {followKind}, {false}, 'Referral', r."ItemId", x."Number", r."DueOn", r."Id", {now}
            FROM "Reminders" r
            JOIN "Referrals" x ON r."ItemType" = 'ReferralFollowUp' AND x."Id" = r."ItemId"
            JOIN "AspNetUsers" u ON u."StaffMemberId" = x."ClerkStaffId"
            WHERE r."Stage" = {dueSoon} AND r."CreatedAtUtc" >= {since}
              AND x."State" IN ({sent}, {acknowledged}, {inService}) AND x."FollowUpOn" = r."DueOn"
            ON CONFLICT ("ReminderId", "UserId") DO NOTHING
            """, ct);
        return made;
    }

    public async Task<ScanResult> ScanAsync(CancellationToken ct = default)
    {
        var deferralsEnded = await cases.EndExpiredDeferralsAsync(ct);
        var now = dbFactory.Clock.GetUtcNow().UtcDateTime;
        var since = now - CatchUpWindow;
        var today = TaipeiTime.Today(dbFactory.Clock);
        var calendar = await calendars.GetAsync(ct);
        var warnLimit = calendar.AddWorkingDays(today, petitionPolicy.Value.WarningWorkingDays);
        var dueSoon = nameof(ReminderStage.DueSoon);
        var overdue = nameof(ReminderStage.Overdue);

        await using var db = await dbFactory.OpenAsync(Actor.System, ct);

        var reminders = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "Reminders" ("ItemType", "ItemId", "Stage", "DueOn", "CreatedAtUtc")
            SELECT 'Petition', p."Id", {dueSoon}, p."DueOn", {now}
            FROM "Petitions" p
            WHERE p."State" NOT IN ('Replied', 'Closed', 'Transferred', 'FiledWithoutAction')
              AND p."DueOn" >= {today} AND p."DueOn" <= {warnLimit}
            ON CONFLICT ("ItemType", "ItemId", "Stage", "DueOn") DO NOTHING
            """, ct);
        reminders += await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "Reminders" ("ItemType", "ItemId", "Stage", "DueOn", "CreatedAtUtc")
            SELECT 'Petition', p."Id", {overdue}, p."DueOn", {now}
            FROM "Petitions" p
            WHERE p."State" NOT IN ('Replied', 'Closed', 'Transferred', 'FiledWithoutAction')
              AND p."DueOn" < {today}
            ON CONFLICT ("ItemType", "ItemId", "Stage", "DueOn") DO NOTHING
            """, ct);

        // The handler hears of both stages; a reminder whose item closed or got a new due date meanwhile is stale and notifies nobody.
        var notifications = 0;
        foreach (var (stage, kind, urgent) in new[] { (dueSoon, nameof(NotificationKind.DueSoon), false), (overdue, nameof(NotificationKind.Overdue), true) })
        {
            notifications += await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO "Notifications" ("UserId", "Kind", "IsUrgent", "ItemType", "ItemId", "ItemNumber", "DueOn", "ReminderId", "CreatedAtUtc")
                SELECT u."Id", {kind}, {urgent}, r."ItemType", r."ItemId", p."Number", r."DueOn", r."Id", {now}
                FROM "Reminders" r
                JOIN "Petitions" p ON r."ItemType" = 'Petition' AND p."Id" = r."ItemId"
                JOIN "AspNetUsers" u ON u."StaffMemberId" = p."HandlerId"
                WHERE r."Stage" = {stage} AND r."CreatedAtUtc" >= {since}
                  AND p."DueOn" = r."DueOn"
                  AND p."State" NOT IN ('Replied', 'Closed', 'Transferred', 'FiledWithoutAction')
                ON CONFLICT ("ReminderId", "UserId") DO NOTHING
                """, ct);
        }

        // Escalation: an overdue item also reaches the supervisors of its unit (and those over every unit).
        var escalation = nameof(NotificationKind.Escalation);
        notifications += await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "Notifications" ("UserId", "Kind", "IsUrgent", "ItemType", "ItemId", "ItemNumber", "DueOn", "ReminderId", "CreatedAtUtc")
            SELECT u."Id", {escalation}, {true}, r."ItemType", r."ItemId", p."Number", r."DueOn", r."Id", {now}
            FROM "Reminders" r
            JOIN "Petitions" p ON r."ItemType" = 'Petition' AND p."Id" = r."ItemId"
            JOIN "AspNetUsers" u ON u."StaffMemberId" IS NOT NULL
            JOIN "Staff" s ON s."Id" = u."StaffMemberId"
            JOIN "AspNetUserRoles" ur ON ur."UserId" = u."Id"
            JOIN "AspNetRoles" ro ON ro."Id" = ur."RoleId" AND ro."NormalizedName" = 'SUPERVISOR'
            WHERE r."Stage" = {overdue} AND r."CreatedAtUtc" >= {since}
              AND p."DueOn" = r."DueOn"
              AND p."State" NOT IN ('Replied', 'Closed', 'Transferred', 'FiledWithoutAction')
              AND (s."UnitId" = p."UnitId" OR s."UnitId" IS NULL)
              AND (p."HandlerId" IS NULL OR s."Id" <> p."HandlerId")
            ON CONFLICT ("ReminderId", "UserId") DO NOTHING
            """, ct);

        notifications += await ScanInstallmentPlansAsync(db, now, since, today, calendar, ct);
        notifications += await ScanCallbacksAsync(db, now, since, ct);
        notifications += await ScanLunchDutyAsync(db, now, since, today, calendar, ct);
        notifications += await ScanReferralsAsync(db, now, since, today, ct);

        // Urgent notifications are e-mailed to users who have an address, when the office next opens:
        // a scan at 00:05 does not wake anybody up.
        var pending = nameof(MailState.Pending);
        var sendAt = calendar.NextOpening(now);
        var mails = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "OutboxMails" ("UserId", "ToAddress", "NotificationId", "IsUrgent", "State", "Attempts", "NextAttemptAtUtc", "CreatedAtUtc")
            SELECT n."UserId", u."Email", n."Id", {true}, {pending}, 0, {sendAt}, {now}
            FROM "Notifications" n
            JOIN "AspNetUsers" u ON u."Id" = n."UserId"
            WHERE n."IsUrgent" = {true} AND n."CreatedAtUtc" >= {since}
              AND u."Email" IS NOT NULL AND u."Email" <> ''
            ON CONFLICT ("NotificationId") DO NOTHING
            """, ct);

        if (notifications > 0)
        {
            var users = await db.Notifications.Where(n => n.CreatedAtUtc == now).Select(n => n.UserId).Distinct().ToArrayAsync(ct);
            db.Notifier?.Publish(ChangeSet.For(nameof(Notification), users));
        }

        return new ScanResult(reminders, notifications, mails, deferralsEnded);
    }
}
