using System.Data.Common;
using System.Net.Sockets;
using CaseDesk.Domain.Cases;
using CaseDesk.Domain.Petitions;
using CaseDesk.Tests.Domain.Cases;
using CaseDesk.Tests.Support;
using CaseDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CaseDesk.Tests.Web;

/// <summary>
/// The connection drops just after the database committed a save, so the clerk is told it may not have been saved and
/// presses 儲存 again: the form's submission key makes the second press answer with the first record, never a second one.
/// </summary>
public sealed class SubmissionKeyTests : IAsyncLifetime
{
    private readonly LostCommitAnswer _lost = new();
    private TestDomain _domain = default!;

    public async Task InitializeAsync() =>
        _domain = await TestDomain.CreateAsync(demoData: true, demoCases: 5, configure: s => s.AddSingleton<IInterceptor>(_lost));

    public async Task DisposeAsync() => await _domain.DisposeAsync();

    private async Task<(int Staff, int Unit)> LinAsync()
    {
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var lin = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
        return (lin.Id, lin.UnitId!.Value);
    }

    [Fact]
    public async Task Petition_SavedButTheAnswerLost_PressingSaveAgain_GivesTheSamePetition_NotASecond()
    {
        var (staff, unit) = await LinAsync();
        var clerk = TestDomain.Clerk(staff, unit);
        var petitions = _domain.Get<PetitionService>();
        var input = new PetitionInput
        {
            Channel = PetitionChannel.Phone, ReceivedOn = _domain.Today, ReceivedAt = new TimeOnly(9, 30), Category = PetitionCategory.LegalInquiry,
            Subject = "送出後連線中斷", Content = "內容", UnitId = unit, HandlerId = staff,
        };
        var key = Guid.NewGuid();

        _lost.Arm();
        var first = await GuardedSave.RunAsync<Petition>(key, () => petitions.RegisterAsync(clerk, input), NullLogger.Instance);
        Assert.False(first.Succeeded);
        Assert.Equal(GuardedSave.UnavailableCode, first.Errors[0].Code);
        Assert.Contains("可能沒有完成", first.Errors[0].Message);
        var stored = await SubjectsAsync("送出後連線中斷");
        var id = Assert.Single(stored); // the commit did happen

        var again = await GuardedSave.RunAsync<Petition>(key, () => petitions.RegisterAsync(clerk, input), NullLogger.Instance);
        Assert.True(again.Succeeded);
        Assert.Equal(id, again.Value);
        Assert.Equal([id], await SubjectsAsync("送出後連線中斷"));

        // A new form (a new key) with the same text is a new petition: the key, not the content, tells them apart.
        var another = await GuardedSave.RunAsync<Petition>(Guid.NewGuid(), () => petitions.RegisterAsync(clerk, input), NullLogger.Instance);
        Assert.True(another.Succeeded);
        Assert.NotEqual(id, another.Value);
        Assert.Equal(2, (await SubjectsAsync("送出後連線中斷")).Count);
    }

    [Fact]
    public async Task Case_SavedButTheAnswerLost_PressingSaveAgain_OpensTheSavedCase_NotADuplicateNumberError()
    {
        var cases = _domain.Get<CaseService>();
        var input = await CaseServiceTests.ValidInputAsync(_domain, "115年度健保執字第00077001號");
        var key = Guid.NewGuid();

        _lost.Arm();
        var first = await GuardedSave.RunAsync<EnforcementCase>(key, () => cases.CreateAsync(TestDomain.Supervisor(), input), NullLogger.Instance);
        Assert.Equal(GuardedSave.UnavailableCode, Assert.Single(first.Errors).Code);

        var again = await GuardedSave.RunAsync<EnforcementCase>(key, () => cases.CreateAsync(TestDomain.Supervisor(), input), NullLogger.Instance);
        Assert.True(again.Succeeded);
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var saved = await db.Cases.Where(c => c.CaseNumber == input.CaseNumber).Select(c => c.Id).ToListAsync();
        Assert.Equal([again.Value], saved);
        Assert.Equal(1, await db.Submissions.CountAsync(s => s.Key == key && s.EntityType == nameof(EnforcementCase) && s.EntityId == again.Value.ToString()));
    }

    [Fact]
    public async Task AFailedSave_LeavesNoKeyBehind_SoTheRetryReallySaves()
    {
        var (staff, unit) = await LinAsync();
        var clerk = TestDomain.Clerk(staff, unit);
        var petitions = _domain.Get<PetitionService>();
        var key = Guid.NewGuid();
        var input = new PetitionInput
        {
            Channel = PetitionChannel.Phone, ReceivedOn = _domain.Today, ReceivedAt = new TimeOnly(9, 30), Category = PetitionCategory.LegalInquiry,
            Subject = "先缺內容再補上", Content = "", UnitId = unit, HandlerId = staff,
        };

        var refused = await GuardedSave.RunAsync<Petition>(key, () => petitions.RegisterAsync(clerk, input), NullLogger.Instance);
        Assert.Contains(refused.Errors, e => e.Field == nameof(PetitionInput.Content));
        Assert.Empty(await SubjectsAsync("先缺內容再補上"));

        var saved = await GuardedSave.RunAsync<Petition>(key, () => petitions.RegisterAsync(clerk, input with { Content = "補上的內容" }), NullLogger.Instance);
        Assert.True(saved.Succeeded);
        Assert.Equal([saved.Value], await SubjectsAsync("先缺內容再補上"));
    }

    private async Task<List<int>> SubjectsAsync(string subject)
    {
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        return await db.Petitions.Where(p => p.Subject == subject).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync();
    }

    /// <summary>Once armed, the next commit reaches the database and then the connection "breaks" before the answer.</summary>
    private sealed class LostCommitAnswer : DbTransactionInterceptor
    {
        private int _armed;

        public void Arm() => Interlocked.Exchange(ref _armed, 1);

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
            Interlocked.Exchange(ref _armed, 0) == 1
                ? throw new SocketException((int)SocketError.ConnectionReset)
                : Task.CompletedTask;
    }
}
