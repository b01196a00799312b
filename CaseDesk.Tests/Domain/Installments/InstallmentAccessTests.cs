using CaseDesk.Domain.Dashboard;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Installments;
using CaseDesk.Domain.Petitions;
using CaseDesk.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CaseDesk.Tests.Domain.Installments;

/// <summary>Who sees a plan and its documents; uploads; saving; the policy in force; the clerk's desk.</summary>
public sealed class InstallmentAccessTests : InstallmentStory
{
    private readonly SaveTrap _trap = new();

    private string Root => Path.Combine(Domain.Folder, "documents");

    protected override void Configure(IServiceCollection services) =>
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(_trap);

    private static MemoryStream Pdf() => new("%PDF-1.7\n..."u8.ToArray());

    private IEnumerable<string> StoredFiles() => Directory.Exists(Root) ? Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories) : [];

    [Fact]
    public async Task ClerksOfOtherUnits_SeeNeitherThePlanNorItsDocuments_SupervisorsSeeEveryUnit()
    {
        var id = await SubmitAsync();
        Assert.True((await Plans.UploadDocumentAsync(Lin, id, "資遣證明.pdf", Pdf(), 12, Root)).Succeeded);
        var docId = (await DetailAsync(id)).Files.Single().Id;

        Assert.NotNull(await Plans.GetAsync(Lin, id));
        Assert.NotNull(await Plans.GetAsync(Lee, id));
        Assert.Null(await Plans.GetAsync(Chang, id)); // the statement record and hardship facts stay with the case's unit
        Assert.Null(await Plans.GetAsync(TestDomain.DutyOfficer(), id));

        var own = await Plans.OpenDocumentAsync(Lin, id, docId, Root);
        var supervisor = await Plans.OpenDocumentAsync(Lee, id, docId, Root);
        var other = await Plans.OpenDocumentAsync(Chang, id, docId, Root);
        var duty = await Plans.OpenDocumentAsync(TestDomain.DutyOfficer(), id, docId, Root);
        var wrongPlan = await Plans.OpenDocumentAsync(Lin, id + 1, docId, Root);

        Assert.True(own.Succeeded && File.Exists(own.Value.Path));
        Assert.True(supervisor.Succeeded);
        Assert.Equal("forbidden", Assert.Single(other.Errors).Code);
        Assert.Equal("forbidden", Assert.Single(duty.Errors).Code);
        Assert.Equal("not_found", Assert.Single(wrongPlan.Errors).Code);
    }

    [Fact]
    public async Task Upload_IsRefusedOnPlansNoLongerRunning()
    {
        var id = await SubmitAsync();
        Assert.True((await Plans.RejectAsync(Wang, id, await VersionAsync(id), "資料不全")).Succeeded);

        var refused = await Plans.UploadDocumentAsync(Lin, id, "補件.pdf", Pdf(), 12, Root);

        Assert.Equal("upload_plan_closed", Assert.Single(refused.Errors).Code);
        Assert.Contains("已駁回", refused.Errors[0].Message);
        Assert.Empty(StoredFiles());
        Assert.Empty((await DetailAsync(id)).Files);
    }

    [Fact]
    public async Task Upload_AFailedSave_LeavesNoStrayFile()
    {
        var id = await SubmitAsync();
        _trap.OnSave<InstallmentDocument>(_ => Task.FromException(DiskError()));

        await Assert.ThrowsAsync<DbUpdateException>(() => Plans.UploadDocumentAsync(Lin, id, "資遣證明.pdf", Pdf(), 12, Root));

        Assert.Empty(StoredFiles());
        Assert.Empty((await DetailAsync(id)).Files);
        _trap.Clear();
        Assert.True((await Plans.UploadDocumentAsync(Lin, id, "資遣證明.pdf", Pdf(), 12, Root)).Succeeded);
        Assert.Single(StoredFiles());
    }

    [Fact]
    public async Task Save_OnlyAReceiptCollisionIsReportedAsADuplicateReceipt()
    {
        var id = await ApprovedPlanAsync();

        // Another failure while saving a payment is an error, not "receipt already recorded".
        _trap.OnSave<InstallmentPayment>(_ => Task.FromException(DiskError()));
        await Assert.ThrowsAsync<DbUpdateException>(() => Plans.RecordPaymentAsync(Lin, id, 1, new PaymentInput { PaidOn = Domain.Today, Amount = 1_000, Channel = PaymentChannel.Bank, ReceiptNumber = "B-IO" }));

        // The same receipt written by someone else between the check and the save (here: just before the insert, on
        // the same connection so the test does not wait for the write lock): the unique index says no.
        _trap.OnSave<InstallmentPayment>(async db =>
        {
            _trap.Clear();
            var connection = db.Database.GetDbConnection();
            if (connection.State != System.Data.ConnectionState.Open)
            {
                await connection.OpenAsync();
            }

            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = $"""
                INSERT INTO "InstallmentPayment" ("PlanId", "PaidOn", "Amount", "Channel", "ReceiptNumber", "RecordedBy", "RecordedAtUtc", "Sequence")
                VALUES ({id}, '2026-11-25', 1, 'Counter', 'B-RACE', '其他人', '2026-11-25 02:00:00', 99)
                """;
            await command.ExecuteNonQueryAsync();
        });
        var raced = await Plans.RecordPaymentAsync(Lin, id, await VersionAsync(id), new PaymentInput { PaidOn = Domain.Today, Amount = 1_000, Channel = PaymentChannel.Bank, ReceiptNumber = "B-RACE" });

        Assert.Equal("receipt_duplicate", Assert.Single(raced.Errors).Code);
        Assert.Equal(14_400, (await DetailAsync(id)).PaidTotal);
    }

    private static DbUpdateException DiskError() => new("disk I/O error", new SqliteException("SQLite Error 10: 'disk I/O error'.", 10));

    [Fact]
    public async Task CurrentPolicy_IsTheLatestAlreadyInEffect_NotTheHighestNumber()
    {
        var admin = TestDomain.Admin();
        var december = await Plans.CreatePolicyAsync(admin, [new(0, 10), new(200_000, 10), new(1_000_000, 16), new(5_000_000, 36), new(10_000_000, 60)], 2, 60, 60_000_000, new DateOnly(2026, 12, 1), "12 月起");
        var fromToday = await Plans.CreatePolicyAsync(admin, [new(0, 12), new(200_000, 12), new(1_000_000, 16), new(5_000_000, 36), new(10_000_000, 60)], 2, 60, 60_000_000, Domain.Today, "即日起");
        Assert.Equal((2, 3), (december.Value, fromToday.Value));

        Assert.Equal(3, (await Plans.GetCurrentPolicyAsync()).Number);
        SetToday(new DateOnly(2026, 12, 7));
        var current = await Plans.GetCurrentPolicyAsync();
        var check = (await Plans.CheckAsync(Lin, CaseId, Oral(10))).Value;

        Assert.Equal(2, current.Number); // took effect 12/1, after number 3 (11/25)
        Assert.Equal(2, check.Evaluation!.PolicyNumber);
        Assert.Equal(10, check.Evaluation.TierMax);
    }

    [Fact]
    public async Task Desk_MarksAnInstallmentDueSoon_WithTheInstallmentReminderWindow()
    {
        var id = await ApprovedPlanAsync(); // installment 2 due Tuesday 12/15
        SetToday(new DateOnly(2026, 12, 9)); // four working days before: inside the 5-day installment window, outside the petitions' 2

        var desk = await Domain.Get<MyDeskService>().GetAsync(Lin);

        var item = Assert.Single(desk.Mine, i => i.Kind == "InstallmentPlan" && i.Id == id);
        Assert.Equal(new DateOnly(2026, 12, 15), item.DueOn);
        Assert.Equal(DeadlineStatus.DueSoon, item.Status);
    }

    /// <summary>Runs a test's action when a save would write an entity of a given type (a disk error, a concurrent insert).</summary>
    private sealed class SaveTrap : SaveChangesInterceptor
    {
        private Type? _type;
        private Func<DbContext, Task>? _action;

        public void OnSave<T>(Func<DbContext, Task> action)
        {
            _type = typeof(T);
            _action = action;
        }

        public void Clear() => (_type, _action) = (null, null);

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (_action is { } action && eventData.Context is { } db && db.ChangeTracker.Entries().Any(e => e.State == EntityState.Added && e.Entity.GetType() == _type))
            {
                await action(db);
            }

            return result;
        }
    }
}
