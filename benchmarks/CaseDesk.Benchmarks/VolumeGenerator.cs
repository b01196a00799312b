using System.Data.Common;
using System.Diagnostics;
using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Identity;

namespace CaseDesk.Benchmarks;

/// <summary>The sizes of the office, at <c>--scale 1</c> the office of the issue.</summary>
internal sealed record Volume(int Cases, int Petitions, int Plans, int Referrals, int Calls)
{
    public static Volume At(double scale) => new(
        Math.Max(1000, (int)(1_000_000 * scale)),
        Math.Max(200, (int)(200_000 * scale)),
        Math.Max(100, (int)(100_000 * scale)),
        Math.Max(50, (int)(50_000 * scale)),
        Math.Max(100, (int)(100_000 * scale)));
}

internal sealed record TableLoad(string Table, long Rows, TimeSpan Elapsed)
{
    public double RowsPerSecond => Rows / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <summary>
/// Fills a freshly migrated database with an office of the given volume: reference rows (staff, sign-ins, partners,
/// duty pools) and the bulk tables, every row valid against the model (foreign keys, required columns, Version 1,
/// the creation stamps, the unique numbers). Ids are given explicitly so that children can point at their parents
/// without reading anything back. Deterministic: the same seed gives the same office.
/// </summary>
internal sealed class VolumeGenerator(DbConnection connection, bool isPostgres, WorkingCalendar calendar, DateOnly today, DateTime nowUtc)
{
    public const int UnitCount = 17;
    public const int ClerksPerUnit = 5;
    public const int ChiefStaffId = 1;
    public const int PartnerCount = 10;

    private static readonly string[] Surnames = ["陳", "林", "黃", "張", "李", "王", "吳", "劉", "蔡", "楊", "許", "鄭", "謝", "郭", "洪", "曾", "邱", "廖", "賴", "周"];
    private static readonly string[] Given = ["雅婷", "志明", "淑芬", "建國", "怡君", "家豪", "美玲", "俊傑", "佩君", "冠宇", "宗翰", "欣怡", "承恩", "詩涵", "柏翰", "思妤"];
    private static readonly string[] Channels = ["PublicOpinionMailbox", "Email", "Phone", "LetterOrFax", "Facebook", "Other"];
    private static readonly string[] Categories = ["ReformSuggestion", "LegalInquiry", "MisconductReport", "RightsProtection"];
    private static readonly string[] AgencyWords = ["國稅執", "地稅執", "勞保執", "健保執", "交罰執", "環罰執"];

    /// <summary>
    /// SQLite binds parameters by name with a linear search, so a wide multi-row statement costs more than it saves;
    /// PostgreSQL gains from fewer round trips.
    /// </summary>
    public int RowsPerStatement { get; init; } = isPostgres ? 100 : 1;

    private readonly Random _random = new(20261207);
    private readonly List<TableLoad> _loads = [];
    private string _by = "系統";

    public IReadOnlyList<TableLoad> Loads => _loads;

    public static int ClerkId(int unit, int k) => 1 + UnitCount + ((unit - 1) * ClerksPerUnit) + k + 1;

    public static int UnitSupervisorId(int unit) => 1 + unit;

    public static int StaffCount => 1 + UnitCount + (UnitCount * ClerksPerUnit);

    public static string ObligorName(int caseId) => Surnames[caseId % Surnames.Length] + Given[caseId / Surnames.Length % Given.Length];

    public async Task<TimeSpan> GenerateAsync(Volume volume, int agencyCount)
    {
        var total = Stopwatch.StartNew();
        // A bulk load's usual order: the rows into the tables with their keys and unique indexes (which check the data as it
        // arrives), then the other indexes built once over the loaded rows, which sorts instead of updating a dozen
        // B-trees at random for every row. The database ends up with exactly the indexes the migrations create.
        var deferred = await DropSecondaryIndexesAsync();
        await ReferenceAsync();
        await CasesAsync(volume, agencyCount);
        await PetitionsAsync(volume);
        await PlansAsync(volume);
        await ReferralsAsync(volume);
        await CallsAsync(volume);
        await DutyAsync();
        if (isPostgres)
        {
            await ResetIdentitiesAsync();
        }

        await BuildIndexesAsync(deferred);
        total.Stop();
        return total.Elapsed;
    }

    /// <summary>The non-unique indexes of CaseDesk's tables, as the migrations created them, dropped until the rows are in.</summary>
    private async Task<List<(string Name, string Sql)>> DropSecondaryIndexesAsync()
    {
        var sql = isPostgres
            ? "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexdef NOT LIKE 'CREATE UNIQUE%'"
            : "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'";
        var indexes = new List<(string Name, string Sql)>();
        await using (var command = RawSql.Command(connection, sql))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in indexes)
        {
            await RawSql.ExecuteAsync(connection, $"DROP INDEX \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"");
        }

        return indexes;
    }

    private async Task BuildIndexesAsync(List<(string Name, string Sql)> indexes)
    {
        var watch = Stopwatch.StartNew();
        // Each index build sorts its keys: in memory where it can, rather than through temp files.
        await RawSql.ExecuteAsync(connection, isPostgres
            ? "SET maintenance_work_mem = '256MB'"
            : "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -262144; PRAGMA threads = 2;");

        foreach (var (_, sql) in indexes)
        {
            await RawSql.ExecuteAsync(connection, sql);
        }

        if (!isPostgres)
        {
            await RawSql.ExecuteAsync(connection, "PRAGMA temp_store = DEFAULT; PRAGMA cache_size = -65536; PRAGMA threads = 0;");
        }

        watch.Stop();
        var load = new TableLoad($"{indexes.Count} secondary indexes, built after the load", 0, watch.Elapsed);
        _loads.Add(load);
        Console.WriteLine($"  {load.Table} in {watch.Elapsed.TotalSeconds,6:F1} s");
    }

    private BulkWriter Writer(string table, params string[] columns) => new(connection, table, columns, prepare: !isPostgres, maxRowsPerStatement: RowsPerStatement);

    private async Task FinishAsync(BulkWriter writer, string table)
    {
        var (rows, elapsed) = await writer.CompleteAsync();
        await writer.DisposeAsync();
        var load = new TableLoad(table, rows, elapsed);
        _loads.Add(load);
        Console.WriteLine($"  {table,-20} {rows,10:N0} rows in {elapsed.TotalSeconds,6:F1} s = {load.RowsPerSecond,10:N0} rows/s");
    }

    private static readonly string[] Stamps = ["Version", "CreatedAtUtc", "CreatedBy", "UpdatedAtUtc", "UpdatedBy"];

    private static string[] WithStamps(params string[] columns) => [.. columns, .. Stamps];

    private object?[] Stamp(DateTime at, params object?[] values) => [.. values, 1, at, _by, at, _by];

    private DateTime Utc(DateOnly date, int hour, int minute = 0) => TaipeiTime.ToUtc(date, new TimeOnly(hour, minute));

    private DateOnly DaysAgo(int min, int max) => today.AddDays(-_random.Next(min, max + 1));

    private async Task ReferenceAsync()
    {
        var staff = Writer("Staff", WithStamps("Id", "Name", "Title", "UnitId", "SectionId", "Email", "Phone", "IsActive"));
        await staff.AddAsync(Stamp(nowUtc, ChiefStaffId, "王建國", "ChiefOfficer", null, null, "chief@casedesk.local", null, true));
        for (var u = 1; u <= UnitCount; u++)
        {
            await staff.AddAsync(Stamp(nowUtc, UnitSupervisorId(u), $"{Surnames[u % Surnames.Length]}股長{u}", "EnforcementOfficer", u, null, $"sup{u}@casedesk.local", null, true));
            for (var k = 0; k < ClerksPerUnit; k++)
            {
                var id = ClerkId(u, k);
                await staff.AddAsync(Stamp(nowUtc, id, ObligorName(id), "Clerk", u, null, $"clerk{id}@casedesk.local", null, true));
            }
        }

        await FinishAsync(staff, "Staff");

        var roles = Writer("AspNetRoles", "Id", "Name", "NormalizedName", "ConcurrencyStamp");
        await roles.AddAsync("role-supervisor", "Supervisor", "SUPERVISOR", "1");
        await roles.AddAsync("role-clerk", "Clerk", "CLERK", "1");
        await FinishAsync(roles, "AspNetRoles");

        var users = Writer("AspNetUsers", "Id", "DisplayName", "StaffMemberId", "EmailNonUrgent", "UserName", "NormalizedUserName", "Email", "NormalizedEmail",
            "EmailConfirmed", "SecurityStamp", "ConcurrencyStamp", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount");
        var userRoles = Writer("AspNetUserRoles", "UserId", "RoleId");
        for (var id = 1; id <= StaffCount; id++)
        {
            var name = $"bench{id}";
            var email = $"{name}@casedesk.local";
            await users.AddAsync($"user-{id}", ObligorName(id), id, false, name, name.ToUpperInvariant(), email, email.ToUpperInvariant(), true, Guid.NewGuid().ToString("N"), "1", false, false, true, 0);
        }

        await FinishAsync(users, "AspNetUsers");
        for (var id = 1; id <= StaffCount; id++)
        {
            await userRoles.AddAsync($"user-{id}", id <= 1 + UnitCount ? "role-supervisor" : "role-clerk");
        }

        await FinishAsync(userRoles, "AspNetUserRoles");

        var partners = Writer("WelfarePartners", WithStamps("Id", "Name", "ContactName", "Phone", "Email", "ServicesMask", "AcceptsEmail", "IsActive"));
        for (var p = 1; p <= PartnerCount; p++)
        {
            await partners.AddAsync(Stamp(nowUtc, p, $"桃園市社福合作單位{p:00}", ObligorName(p * 7), "03-332-2101", $"partner{p}@example.org", 31, true, true));
        }

        await FinishAsync(partners, "WelfarePartners");
    }

    private static string TaiwanIdFor(int n)
    {
        // H (桃園): 17; digits: sex, then seven from n; the check digit makes the weighted sum a multiple of ten.
        var digits = $"{1 + (n % 2)}{n % 10_000_000:0000000}";
        var sum = 1 + (7 * 9);
        for (var i = 0; i < 8; i++)
        {
            sum += (digits[i] - '0') * (8 - i);
        }

        return $"H{digits}{(10 - (sum % 10)) % 10}";
    }

    private async Task CasesAsync(Volume volume, int agencyCount)
    {
        var cases = Writer("Cases", WithStamps("Id", "CaseNumber", "RocYear", "Sequence", "ObligorKind", "ObligorName", "ObligorIdNumber", "ObligorPhone", "ObligorAddress",
            "ReferringAgencyId", "AmountOwed", "ReferredOn", "UnitId", "ResponsibleClerkId", "Status", "Notes", "DeferredUntil", "DeferralReason"));
        for (var id = 1; id <= volume.Cases; id++)
        {
            var roc = 110 + _random.Next(6);
            var referred = new DateOnly(roc + 1911, 1, 1).AddDays(_random.Next(365));
            if (referred > today)
            {
                referred = today.AddDays(-_random.Next(300));
            }

            var agency = 1 + _random.Next(agencyCount);
            var unit = 1 + _random.Next(UnitCount);
            int? clerk = _random.NextDouble() < 0.05 ? null : ClerkId(unit, _random.Next(ClerksPerUnit));
            var company = _random.NextDouble() < 0.1;
            var amount = (long)Math.Round(Math.Exp(7 + (_random.NextDouble() * 8.5)));
            var hasPlan = id % 10 == 0 && id / 10 <= volume.Plans;
            var r = _random.NextDouble();
            var status = hasPlan ? "InstallmentPlan" : r < 0.75 ? "InEnforcement" : r < 0.77 ? "Deferred" : "Closed";
            DateOnly? deferredUntil = status == "Deferred" ? today.AddDays(_random.Next(7, 180)) : null;
            var at = Utc(referred, 9, _random.Next(60));
            await cases.AddAsync(Stamp(at, id, $"{roc}年度{AgencyWords[(agency - 1) % AgencyWords.Length]}字第{id:00000000}號", roc, id,
                company ? "Company" : "Person",
                company ? $"{ObligorName(id)}企業有限公司" : ObligorName(id),
                company ? $"{10_000_000 + (id % 89_999_999):00000000}" : TaiwanIdFor(id),
                _random.NextDouble() < 0.6 ? $"09{_random.Next(10, 99)}-{_random.Next(100, 999)}-{_random.Next(100, 999)}" : null,
                $"桃園市桃園區中正路{1 + (id % 999)}號",
                agency, amount, referred, unit, clerk, status, null, deferredUntil, deferredUntil is null ? null : "義務人申請暫緩執行（疫後紓困）"));
        }

        await FinishAsync(cases, "Cases");
    }

    private async Task PetitionsAsync(Volume volume)
    {
        var columns = WithStamps("Id", "Number", "RocYear", "Sequence", "Channel", "ReceivedAtUtc", "ReceivedOn", "PetitionerName", "PetitionerEmail", "CaseId",
            "Category", "Subject", "Content", "UnitId", "HandlerId", "RegisteredByStaffId", "State", "DeadlineDays", "DueOn", "DeadlineCountsFrom", "HasExtension",
            "FirstInterimContactOn", "RepliedOn", "ReplyMethod", "ClosedOn", "TransferredTo", "TransferredOn");
        var petitions = Writer("Petitions", columns);
        var extensions = new List<(int Id, DateOnly On)>();
        var contacts = new List<(int Id, DateOnly On)>();
        var sequences = new Dictionary<int, int>();
        var warnLimit = calendar.AddWorkingDays(today, 2);
        for (var id = 1; id <= volume.Petitions; id++)
        {
            var open = _random.NextDouble() < 0.30;
            DateOnly received;
            DateOnly due;
            var extended = false;
            DateOnly? interim = null;
            string state;
            if (open)
            {
                var kind = _random.NextDouble();
                if (kind < 0.15)
                {
                    // Overdue: received weeks ago and not yet answered; four in ten got an interim phone call in time.
                    received = DaysAgo(12, 90);
                    due = calendar.AddWorkingDays(received, 6);
                    interim = _random.NextDouble() < 0.4 ? due.AddDays(-1) : null;
                }
                else if (kind < 0.30)
                {
                    // Due soon: the due date falls between today and the warning limit.
                    due = today.AddDays(_random.Next(0, warnLimit.DayNumber - today.DayNumber + 1));
                    received = due.AddDays(-8);
                }
                else if (kind < 0.50)
                {
                    extended = true;
                    received = DaysAgo(8, 20);
                    due = today.AddDays(_random.Next(3, 16));
                }
                else
                {
                    received = DaysAgo(0, 1);
                    due = calendar.AddWorkingDays(received, 6);
                }

                var s = _random.NextDouble();
                state = s < 0.2 ? "Registered" : s < 0.5 ? "Assigned" : s < 0.9 ? "InProgress" : s < 0.97 ? "SubmittedForSignOff" : "Approved";
            }
            else
            {
                received = DaysAgo(10, 700);
                due = calendar.AddWorkingDays(received, 6);
                var s = _random.NextDouble();
                state = s < 0.2 ? "Replied" : s < 0.9 ? "Closed" : s < 0.97 ? "Transferred" : "FiledWithoutAction";
            }

            var roc = RocDate.RocYear(received);
            var sequence = sequences[roc] = sequences.GetValueOrDefault(roc) + 1;
            var unit = 1 + _random.Next(UnitCount);
            int? handler = state == "Registered" ? null : ClerkId(unit, _random.Next(ClerksPerUnit));
            DateOnly? replied = state is "Replied" or "Closed" ? Min(received.AddDays(_random.Next(1, 11)), today) : null;
            DateOnly? closed = state == "Closed" ? Min(replied!.Value.AddDays(_random.Next(0, 5)), today) : null;
            DateOnly? transferred = state == "Transferred" ? Min(received.AddDays(2), today) : null;
            if (extended)
            {
                extensions.Add((id, received.AddDays(3)));
            }

            if (interim is { } on)
            {
                contacts.Add((id, on));
            }

            var at = Utc(received, 9, _random.Next(60));
            await petitions.AddAsync(Stamp(at, id, $"{roc}陳{sequence:00000}", roc, sequence, Channels[_random.Next(Channels.Length)], at, received,
                _random.NextDouble() < 0.1 ? null : ObligorName(id + 7), _random.NextDouble() < 0.5 ? $"p{id}@example.com" : null,
                _random.NextDouble() < 0.4 ? 1 + _random.Next(volume.Cases) : null,
                Categories[_random.Next(Categories.Length)], "關於執行案件之陳情", "陳情人對執行程序有疑問，請求說明並予協助。", unit, handler, ClerkId(unit, 0), state, 6, due, received,
                extended, interim, replied, replied is null ? null : "Letter", closed, transferred is null ? null : "桃園市政府", transferred));
        }

        await FinishAsync(petitions, "Petitions");

        var ext = Writer("PetitionExtensions", "PetitionId", "Days", "Reason", "ApprovedBy", "ByDirector", "ApprovedAtUtc");
        foreach (var (id, on) in extensions)
        {
            await ext.AddAsync(id, 15, "案情繁雜，需函詢移送機關", "股長", false, Utc(on, 10));
        }

        await FinishAsync(ext, "PetitionExtensions");
        var con = Writer("PetitionContacts", "PetitionId", "ContactedAtUtc", "Method", "PersonReached", "Summary", "LoggedBy", "LoggedAtUtc");
        foreach (var (id, on) in contacts)
        {
            await con.AddAsync(id, Utc(on, 14), "Phone", "陳情人本人", "說明辦理進度，預計下週函復", "書記官", Utc(on, 14, 5));
        }

        await FinishAsync(con, "PetitionContacts");
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private sealed record PlanSpec(int Id, int CaseId, int Installments, long Amount, string State, int Day, DateOnly Applied, bool InDefault, DateOnly? RevokedOn);

    private sealed record ScheduledInstallment(int Number, DateOnly DueOn, long Amount, bool Paid);

    /// <summary>A plan's schedule and which installments are paid: active plans paid up to today (one in ten missing its latest due one).</summary>
    private IReadOnlyList<ScheduledInstallment> Schedule(PlanSpec plan)
    {
        var per = plan.Amount / plan.Installments;
        var remainder = plan.Amount - (per * plan.Installments);
        var first = new DateOnly(plan.Applied.Year, plan.Applied.Month, 1);
        var dues = Enumerable.Range(1, plan.Installments).Select(k => first.AddMonths(k).AddDays(plan.Day - 1)).ToArray();
        var lastPast = Array.FindLastIndex(dues, d => d < today);
        var result = new List<ScheduledInstallment>(plan.Installments);
        var unpaidSeen = false;
        for (var k = 1; k <= plan.Installments; k++)
        {
            var dueOn = dues[k - 1];
            var paid = plan.State switch
            {
                "Completed" => true,
                "Active" => !unpaidSeen && dueOn < today && !(plan.InDefault && k - 1 == lastPast),
                "Revoked" => k == 1,
                _ => false,
            };
            unpaidSeen |= !paid;
            result.Add(new ScheduledInstallment(k, dueOn, per + (k == 1 ? remainder : 0), paid));
        }

        return result;
    }

    private async Task PlansAsync(Volume volume)
    {
        var specs = new List<PlanSpec>(volume.Plans);
        for (var id = 1; id <= volume.Plans; id++)
        {
            var n = _random.Next(3, 25);
            var r = _random.NextDouble();
            var state = r < 0.65 ? "Active" : r < 0.85 ? "Completed" : r < 0.90 ? "Submitted" : r < 0.95 ? "Rejected" : "Revoked";
            // Active plans are part-way through; completed ones ended; the others were applied for recently.
            var monthsAgo = state switch
            {
                "Active" => _random.Next(0, n),
                "Completed" => n + _random.Next(1, 24),
                "Revoked" => _random.Next(2, n + 1),
                _ => 0,
            };
            var applied = today.AddMonths(-monthsAgo - 1).AddDays(-_random.Next(0, 20));
            specs.Add(new PlanSpec(id, id * 10 <= volume.Cases ? id * 10 : id, n, _random.Next(20_000, 3_000_000), state, 1 + _random.Next(28), applied,
                state == "Active" && _random.NextDouble() < 0.10, state == "Revoked" ? today.AddDays(-_random.Next(1, 120)) : null));
        }

        var plans = Writer("InstallmentPlans", WithStamps("Id", "CaseId", "PlanVersion", "ApplicantKind", "ApplicantName", "Form", "Reason", "StatementOfFacts", "Documents",
            "AmountOwed", "RequestedInstallments", "DayOfMonth", "PolicyNumber", "TierMax", "TierAmount", "PriorInstallments", "ConsentAgency", "ConsentOn", "ConsentReference",
            "Guarantee", "AppliedOn", "PreparedByStaffId", "PreparedBy", "ReviserStaffIds", "State", "DecidedBy", "DecidedAtUtc", "RejectionReason", "RevocationReason",
            "RevokedOn", "RevokedBy", "GuarantorFlagged", "PaidTotal", "OldestUnpaidDueOn", "DefaultFrom"));
        foreach (var p in specs)
        {
            var schedule = Schedule(p);
            var paidTotal = schedule.Where(i => i.Paid).Sum(i => i.Amount);
            var oldestUnpaid = p.State == "Active" ? schedule.FirstOrDefault(i => !i.Paid)?.DueOn : null;
            DateOnly? defaultFrom = oldestUnpaid is { } o && o < today ? Min(calendar.NextWorkingDay(o), today) : null;
            var decided = p.State is "Submitted" ? (DateTime?)null : Utc(p.Applied.AddDays(3), 15);
            var clerk = ClerkId(1 + (p.CaseId % UnitCount), p.CaseId % ClerksPerUnit);
            await plans.AddAsync(Stamp(Utc(p.Applied, 10), p.Id, p.CaseId, 1, "Obligor", ObligorName(p.CaseId), "Written", "EconomicSituation", "義務人收入減少，無力一次清償。", 1,
                p.Amount, p.Installments, p.Day, 1, p.Installments <= 6 ? 6 : p.Installments <= 16 ? 16 : 36, p.Amount, 0, "衛生福利部中央健康保險署", p.Applied.AddDays(2), "健保北字第1150001號",
                "None", p.Applied, clerk, "書記官", "", p.State, decided is null ? null : "股長", decided, p.State == "Rejected" ? "資力證明不足" : null,
                p.RevokedOn is null ? null : "連續二期未繳", p.RevokedOn, p.RevokedOn is null ? null : "股長", false, paidTotal, oldestUnpaid, defaultFrom));
        }

        await FinishAsync(plans, "InstallmentPlans");

        var installments = Writer("Installment", "PlanId", "Number", "DueOn", "Amount", "PaidAmount");
        foreach (var p in specs)
        {
            foreach (var i in Schedule(p))
            {
                await installments.AddAsync(p.Id, i.Number, i.DueOn, i.Amount, i.Paid ? i.Amount : 0L);
            }
        }

        await FinishAsync(installments, "Installment");

        var payments = Writer("InstallmentPayment", "PlanId", "PaidOn", "Amount", "Channel", "ReceiptNumber", "Sequence", "RecordedBy", "RecordedAtUtc");
        foreach (var p in specs)
        {
            var sequence = 0;
            foreach (var i in Schedule(p).Where(i => i.Paid))
            {
                sequence++;
                var paidOn = i.DueOn.AddDays(-1);
                await payments.AddAsync(p.Id, paidOn, i.Amount, "ConvenienceStore", $"R{p.Id:0000000}-{sequence:000}", sequence, "書記官", Utc(paidOn, 11));
            }
        }

        await FinishAsync(payments, "InstallmentPayment");
    }

    private async Task ReferralsAsync(Volume volume)
    {
        var referrals = Writer("Referrals", WithStamps("Id", "Number", "RocYear", "Sequence", "CaseId", "UnitId", "ClerkStaffId", "ObligorName", "PartnerId", "NeedsMask",
            "Situation", "IncomeStatus", "Urgency", "ConsentOn", "ConsentMethod", "ConsentRecordedBy", "State", "SentOn", "SendMethod", "AckDueOn", "AcknowledgedOn",
            "InServiceOn", "ClosedOn", "Outcome", "FollowUpOn", "FollowUpSetByClerk"));
        var sequences = new Dictionary<int, int>();
        for (var id = 1; id <= volume.Referrals; id++)
        {
            var r = _random.NextDouble();
            var state = r < 0.05 ? "Draft" : r < 0.20 ? "Sent" : r < 0.30 ? "Acknowledged" : r < 0.45 ? "InService" : r < 0.90 ? "Closed" : r < 0.95 ? "Rejected" : "Withdrawn";
            var created = state is "Sent" or "Acknowledged" or "InService" ? DaysAgo(1, 60) : DaysAgo(1, 700);
            DateOnly? sent = state == "Draft" ? null : created.AddDays(1) > today ? today : created.AddDays(1);
            var ackDue = sent is { } s ? calendar.AddWorkingDays(s, 5) : (DateOnly?)null;
            DateOnly? acknowledged = state is "Acknowledged" or "InService" or "Closed" ? Min(sent!.Value.AddDays(3), today) : null;
            DateOnly? followUp = state is "Sent" or "Acknowledged" or "InService" ? calendar.AddWorkingDays(sent!.Value, 20) : null;
            var roc = RocDate.RocYear(created);
            var sequence = sequences[roc] = sequences.GetValueOrDefault(roc) + 1;
            var caseId = 1 + _random.Next(volume.Cases);
            var unit = 1 + (caseId % UnitCount);
            await referrals.AddAsync(Stamp(Utc(created, 10), id, $"{roc}轉{sequence:00000}", roc, sequence, caseId, unit, ClerkId(unit, _random.Next(ClerksPerUnit)),
                ObligorName(caseId), 1 + _random.Next(PartnerCount), 1 << _random.Next(4), "義務人失業，家中有學齡子女，生活陷困。", "Unknown", "Normal",
                created, "Signed", "書記官", state, sent, sent is null ? null : "Email", ackDue, acknowledged,
                state is "InService" or "Closed" ? acknowledged : null, state is "Closed" or "Rejected" or "Withdrawn" ? Min(created.AddDays(30), today) : null,
                state == "Closed" ? "ServiceGiven" : null, followUp, false));
        }

        await FinishAsync(referrals, "Referrals");
    }

    private async Task CallsAsync(Volume volume)
    {
        var calls = Writer("AfterHoursCalls", WithStamps("Id", "Number", "RocYear", "Sequence", "ReceivedAtUtc", "ReceivedOn", "LoggedByStaffId", "LoggedBy", "CallerName",
            "Phone", "PhoneDigits", "Relationship", "CaseId", "UnitId", "Question", "AnsweredOnSpot", "SpotAnswer", "Urgency", "IsOfficeHoursException", "State",
            "AssignedStaffId", "CallbackDueAtUtc", "CallbackDueOn", "FailedAttempts", "Closure", "ClosedAtUtc", "ClosedBy"));
        var sequences = new Dictionary<int, int>();
        for (var id = 1; id <= volume.Calls; id++)
        {
            var r = _random.NextDouble();
            var state = r < 0.5 ? "AnsweredOnSpot" : r < 0.95 ? "Closed" : r < 0.99 ? "CallbackOpen" : "Triage";
            var received = state is "CallbackOpen" or "Triage" ? DaysAgo(0, 10) : DaysAgo(1, 700);
            var at = Utc(received, 19 + _random.Next(4), _random.Next(60));
            var roc = RocDate.RocYear(received);
            var sequence = sequences[roc] = sequences.GetValueOrDefault(roc) + 1;
            var caseId = _random.NextDouble() < 0.7 ? 1 + _random.Next(volume.Cases) : (int?)null;
            int? unit = caseId is { } c ? 1 + (c % UnitCount) : null;
            var callback = state is "CallbackOpen" or "Closed";
            var dueOn = callback ? calendar.NextWorkingDay(received) : (DateOnly?)null;
            var phoneDigits = $"09{_random.Next(10_000_000, 99_999_999)}";
            await calls.AddAsync(Stamp(at, id, $"{roc}來{sequence:00000}", roc, sequence, at, received, ChiefStaffId, "值日人員", ObligorName(id + 3),
                $"{phoneDigits[..4]}-{phoneDigits[4..7]}-{phoneDigits[7..]}", phoneDigits, "Obligor", caseId, unit, "詢問分期繳納及扣薪事宜", state == "AnsweredOnSpot",
                state == "AnsweredOnSpot" ? "已說明可至分署臨櫃申請分期" : null, "Normal", false, state,
                callback && unit is { } u ? ClerkId(u, _random.Next(ClerksPerUnit)) : null,
                dueOn is { } d ? Utc(d, 12) : null, dueOn, 0, state == "Closed" ? "Reached" : null,
                state == "Closed" ? Utc(dueOn!.Value, 10) : null, state == "Closed" ? "書記官" : null));
        }

        await FinishAsync(calls, "AfterHoursCalls");
    }

    private async Task DutyAsync()
    {
        var pools = Writer("DutyPools", WithStamps("Id", "Name", "UnitId", "PeoplePerWeekdayJson", "GeneratedThrough"));
        var members = Writer("DutyPoolMember", "PoolId", "StaffId", "Order");
        var assignments = Writer("DutyAssignments", WithStamps("PoolId", "Date", "Slot", "StaffId", "Source", "RepaysOwedTurn", "RotationStaffId"));
        var from = new DateOnly(today.Year, 1, 1);
        var through = new DateOnly(today.Year, 12, 31);
        for (var u = 1; u <= UnitCount; u++)
        {
            await pools.AddAsync(Stamp(nowUtc, u, $"第{u}股中午輪值", u, "[0,1,1,1,1,1,0]", through));
        }

        await FinishAsync(pools, "DutyPools");
        for (var u = 1; u <= UnitCount; u++)
        {
            for (var k = 0; k < ClerksPerUnit; k++)
            {
                await members.AddAsync(u, ClerkId(u, k), k);
            }
        }

        await FinishAsync(members, "DutyPoolMember");
        for (var u = 1; u <= UnitCount; u++)
        {
            var turn = 0;
            for (var date = from; date <= through; date = date.AddDays(1))
            {
                if (calendar.IsWorkingDay(date))
                {
                    var staffId = ClerkId(u, turn++ % ClerksPerUnit);
                    await assignments.AddAsync(Stamp(nowUtc, u, date, 0, staffId, "Generated", false, staffId));
                }
            }
        }

        await FinishAsync(assignments, "DutyAssignments");
    }

    private async Task ResetIdentitiesAsync()
    {
        foreach (var table in new[] { "Staff", "WelfarePartners", "Cases", "Petitions", "PetitionExtensions", "PetitionContacts", "InstallmentPlans", "Installment",
                     "InstallmentPayment", "Referrals", "AfterHoursCalls", "DutyPools", "DutyPoolMember", "DutyAssignments" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'Id'), COALESCE((SELECT MAX(\"Id\") FROM \"{table}\"), 1))";
            await command.ExecuteScalarAsync();
        }
    }
}
