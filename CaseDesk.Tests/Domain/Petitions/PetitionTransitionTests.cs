using CaseDesk.Domain.Common;
using CaseDesk.Domain.Petitions;
using CaseDesk.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Tests.Domain.Petitions;

/// <summary>What a clerk or supervisor does to a petition, each with input that would be accepted in the right state.</summary>
public enum PetitionMove
{
    Edit,
    Assign,
    Start,
    InterimContact,
    Extend,
    Submit,
    Approve,
    Return,
    Reply,
    Close,
    Transfer,
    File,
    Reopen,
}

/// <summary>
/// Every state × every move through the service, on Wednesday 115/11/25: 林雅婷 (第5股) handles, 王建國 assigns, extends,
/// signs off and reopens. Allowed moves land where the procedure says; refused ones explain why in Chinese and change nothing.
/// </summary>
public sealed class PetitionTransitionTests(PetitionTransitionTests.Office office) : IClassFixture<PetitionTransitionTests.Office>
{
    private static readonly HashSet<string> StateRefusals = ["petition_state", "petition_closed", "petition_in_signoff", "petition_not_approved", "petition_open", "petition_no_handler"];

    public sealed class Office : IAsyncLifetime
    {
        public TestDomain Domain { get; private set; } = default!;

        public PetitionService Petitions { get; private set; } = default!;

        public Actor Lin { get; private set; } = default!;

        public Actor Wang { get; private set; } = default!;

        public async Task InitializeAsync()
        {
            Domain = await TestDomain.CreateAsync(demoData: true, demoCases: 5);
            Petitions = Domain.Get<PetitionService>();
            await using var db = await Domain.Db.OpenReadOnlyAsync();
            var lin = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
            var wang = await db.Staff.SingleAsync(s => s.Name == "王建國");
            Lin = TestDomain.Clerk(lin.Id, lin.UnitId!.Value, "林雅婷");
            Wang = TestDomain.Supervisor(wang.Id, "王建國");
        }

        public async Task DisposeAsync() => await Domain.DisposeAsync();
    }

    private PetitionService Petitions => office.Petitions;

    private PetitionInput Input(bool withHandler) => new()
    {
        Channel = PetitionChannel.PublicOpinionMailbox,
        ReceivedOn = office.Domain.Today,
        ReceivedAt = new TimeOnly(9, 0),
        PetitionerName = "吳先生",
        Category = PetitionCategory.RightsProtection,
        Subject = "薪資遭重複扣押",
        Content = "本人薪資本月遭扣押兩次，請查明並退還。",
        UnitId = office.Lin.UnitId,
        HandlerId = withHandler ? office.Lin.StaffId : null,
    };

    private async Task<int> VersionAsync(int id) => (await Petitions.GetAsync(office.Wang, id))!.Version;

    private static void Ok(Result result) => Assert.True(result.Succeeded, result.ToString());

    /// <summary>A new petition brought to <paramref name="state"/> the ordinary way (a registered one has no handler yet).</summary>
    private async Task<int> InStateAsync(PetitionState state)
    {
        var registered = await Petitions.RegisterAsync(office.Lin, Input(withHandler: state != PetitionState.Registered));
        Ok(registered);
        var id = registered.Value;
        var path = state switch
        {
            PetitionState.Registered or PetitionState.Assigned => [],
            PetitionState.InProgress => [PetitionMove.Start],
            PetitionState.SubmittedForSignOff => [PetitionMove.Start, PetitionMove.Submit],
            PetitionState.Approved => [PetitionMove.Start, PetitionMove.Submit, PetitionMove.Approve],
            PetitionState.Replied => [PetitionMove.Start, PetitionMove.Submit, PetitionMove.Approve, PetitionMove.Reply],
            PetitionState.Closed => [PetitionMove.Start, PetitionMove.Submit, PetitionMove.Approve, PetitionMove.Reply, PetitionMove.Close],
            PetitionState.Transferred => [PetitionMove.Transfer],
            PetitionState.FiledWithoutAction => new[] { PetitionMove.File },
            _ => throw new ArgumentOutOfRangeException(nameof(state)),
        };
        foreach (var move in path)
        {
            Ok(await DoAsync(id, move));
        }

        Assert.Equal(state, (await Petitions.GetAsync(office.Wang, id))!.State);
        return id;
    }

    private async Task<Result> DoAsync(int id, PetitionMove move)
    {
        var (lin, wang, today) = (office.Lin, office.Wang, office.Domain.Today);
        var v = await VersionAsync(id);
        switch (move)
        {
            case PetitionMove.Edit:
                var (input, version) = (await Petitions.GetForEditAsync(lin, id)).Value;
                return await Petitions.UpdateAsync(lin, id, version, input with { Subject = "薪資遭重複扣押（更正）" });
            case PetitionMove.Assign:
                return await Petitions.AssignAsync(wang, id, v, lin.StaffId!.Value);
            case PetitionMove.Start:
                return await Petitions.StartAsync(lin, id, v);
            case PetitionMove.InterimContact:
                return await Petitions.LogInterimContactAsync(lin, id, v, new InterimContactInput { PersonReached = "吳先生本人", Summary = "說明已函詢銀行" });
            case PetitionMove.Extend:
                return await Petitions.ExtendAsync(wang, id, v, new ExtensionInput { Days = 15, Reason = "需函詢銀行" });
            case PetitionMove.Submit:
                return await Petitions.SubmitAsync(lin, id, v, "經查係銀行作業疏失，已函請退還。");
            case PetitionMove.Approve:
                return await Petitions.ApproveAsync(wang, id, v);
            case PetitionMove.Return:
                return await Petitions.ReturnAsync(wang, id, v, "請補充銀行回函日期");
            case PetitionMove.Reply:
                return await Petitions.MarkRepliedAsync(lin, id, v, new ReplyInput { SentOn = today, Method = ReplyMethod.Letter, Reference = "桃執法字第1150000001號" });
            case PetitionMove.Close:
                return await Petitions.CloseAsync(lin, id, v);
            case PetitionMove.Transfer:
                return await Petitions.TransferAsync(lin, id, v, new TransferInput { To = "桃園市政府地方稅務局", DocumentNumber = "桃執法字第1號", TransferredOn = today, PetitionerToldOn = today });
            case PetitionMove.File:
                return await Petitions.FileWithoutActionAsync(lin, id, v, new FilingInput { Reason = FilingReason.NoConcreteContentOrIdentity });
            case PetitionMove.Reopen:
                return await Petitions.ReopenAsync(wang, id, v, "陳情人來電表示銀行仍未退款");
            default:
                throw new ArgumentOutOfRangeException(nameof(move));
        }
    }

    /// <summary>Whether the detail page offers the move to the one who makes it (the button the table's move presses).</summary>
    private async Task<bool> OfferedAsync(int id, PetitionMove move)
    {
        var byWang = move is PetitionMove.Assign or PetitionMove.Extend or PetitionMove.Approve or PetitionMove.Return or PetitionMove.Reopen;
        var a = (await Petitions.GetAsync(byWang ? office.Wang : office.Lin, id))!.Actions;
        return move switch
        {
            PetitionMove.Edit => a.Edit,
            PetitionMove.Assign => a.Assign,
            PetitionMove.Start => a.Start,
            PetitionMove.InterimContact => a.LogContact,
            PetitionMove.Extend => a.Extend,
            PetitionMove.Submit => a.Submit,
            PetitionMove.Approve => a.Approve,
            PetitionMove.Return => a.Return,
            PetitionMove.Reply => a.MarkReplied,
            PetitionMove.Close => a.Close,
            PetitionMove.Transfer => a.Transfer,
            PetitionMove.File => a.File,
            PetitionMove.Reopen => a.Reopen,
            _ => throw new ArgumentOutOfRangeException(nameof(move)),
        };
    }

    /// <summary>Every column of the petition's row, its contacts and extensions, and its audit trail.</summary>
    private async Task<string> SnapshotAsync(int id)
    {
        await using var db = await office.Domain.Db.OpenReadOnlyAsync();
        var p = await db.Petitions.Include(x => x.Contacts).Include(x => x.Extensions).SingleAsync(x => x.Id == id);
        var values = db.Entry(p).CurrentValues;
        var columns = string.Join("|", values.Properties.Select(pr => $"{pr.Name}={values[pr]}"));
        var audit = await db.AuditEntries.CountAsync(a => a.EntityType == nameof(Petition) && a.EntityId == id.ToString());
        return $"{columns}|contacts={p.Contacts.Count}|extensions={p.Extensions.Count}|audit={audit}";
    }

    public static TheoryData<PetitionState, PetitionMove, PetitionState?> EveryMove()
    {
        // The procedure (issue 3, RULES.md §2) written out by hand: where each allowed move lands; every other pair is refused.
        var allowed = new Dictionary<(PetitionState, PetitionMove), PetitionState>
        {
            [(PetitionState.Registered, PetitionMove.Edit)] = PetitionState.Registered,
            [(PetitionState.Registered, PetitionMove.Assign)] = PetitionState.Assigned,
            [(PetitionState.Registered, PetitionMove.InterimContact)] = PetitionState.Registered,
            [(PetitionState.Registered, PetitionMove.Extend)] = PetitionState.Registered,
            [(PetitionState.Registered, PetitionMove.Transfer)] = PetitionState.Transferred,
            [(PetitionState.Registered, PetitionMove.File)] = PetitionState.FiledWithoutAction,

            [(PetitionState.Assigned, PetitionMove.Edit)] = PetitionState.Assigned,
            [(PetitionState.Assigned, PetitionMove.Assign)] = PetitionState.Assigned,
            [(PetitionState.Assigned, PetitionMove.Start)] = PetitionState.InProgress,
            [(PetitionState.Assigned, PetitionMove.InterimContact)] = PetitionState.InProgress,
            [(PetitionState.Assigned, PetitionMove.Extend)] = PetitionState.Assigned,
            [(PetitionState.Assigned, PetitionMove.Submit)] = PetitionState.SubmittedForSignOff,
            [(PetitionState.Assigned, PetitionMove.Transfer)] = PetitionState.Transferred,
            [(PetitionState.Assigned, PetitionMove.File)] = PetitionState.FiledWithoutAction,

            [(PetitionState.InProgress, PetitionMove.Edit)] = PetitionState.InProgress,
            [(PetitionState.InProgress, PetitionMove.Assign)] = PetitionState.InProgress,
            [(PetitionState.InProgress, PetitionMove.InterimContact)] = PetitionState.InProgress,
            [(PetitionState.InProgress, PetitionMove.Extend)] = PetitionState.InProgress,
            [(PetitionState.InProgress, PetitionMove.Submit)] = PetitionState.SubmittedForSignOff,
            [(PetitionState.InProgress, PetitionMove.Transfer)] = PetitionState.Transferred,
            [(PetitionState.InProgress, PetitionMove.File)] = PetitionState.FiledWithoutAction,

            // While the reply waits for sign-off the handler may still phone the petitioner and a supervisor may extend.
            [(PetitionState.SubmittedForSignOff, PetitionMove.InterimContact)] = PetitionState.SubmittedForSignOff,
            [(PetitionState.SubmittedForSignOff, PetitionMove.Extend)] = PetitionState.SubmittedForSignOff,
            [(PetitionState.SubmittedForSignOff, PetitionMove.Approve)] = PetitionState.Approved,
            [(PetitionState.SubmittedForSignOff, PetitionMove.Return)] = PetitionState.InProgress,

            [(PetitionState.Approved, PetitionMove.InterimContact)] = PetitionState.Approved,
            [(PetitionState.Approved, PetitionMove.Extend)] = PetitionState.Approved,
            [(PetitionState.Approved, PetitionMove.Reply)] = PetitionState.Replied,

            [(PetitionState.Replied, PetitionMove.Close)] = PetitionState.Closed,
            [(PetitionState.Replied, PetitionMove.Reopen)] = PetitionState.InProgress,
            [(PetitionState.Closed, PetitionMove.Reopen)] = PetitionState.InProgress,
            [(PetitionState.Transferred, PetitionMove.Reopen)] = PetitionState.InProgress,
            [(PetitionState.FiledWithoutAction, PetitionMove.Reopen)] = PetitionState.InProgress,
        };
        var data = new TheoryData<PetitionState, PetitionMove, PetitionState?>();
        foreach (var state in Enum.GetValues<PetitionState>())
        {
            foreach (var move in Enum.GetValues<PetitionMove>())
            {
                data.Add(state, move, allowed.TryGetValue((state, move), out var to) ? to : null);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryMove))]
    public async Task Move_FromEveryState_IsAllowedExactlyByTheProcedure_AndARefusalChangesNothing(PetitionState state, PetitionMove move, PetitionState? lands)
    {
        var id = await InStateAsync(state);
        var offered = await OfferedAsync(id, move);
        var before = await SnapshotAsync(id);
        var version = await VersionAsync(id);

        var result = await DoAsync(id, move);

        if (lands is { } expected)
        {
            Assert.True(result.Succeeded, $"{state} → {move}: {result}");
            var after = (await Petitions.GetAsync(office.Wang, id))!;
            Assert.Equal(expected, after.State);
            Assert.True(after.Version > version);
        }
        else
        {
            var error = Assert.Single(result.Errors);
            Assert.Contains(error.Code, StateRefusals);
            Assert.Null(error.Field);
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", error.Message);
            Assert.EndsWith("。", error.Message, StringComparison.Ordinal);
            Assert.Equal(before, await SnapshotAsync(id));
        }

        Assert.Equal(lands is not null, offered);
    }

    [Theory]
    [InlineData(false, PetitionState.Registered)]
    [InlineData(true, PetitionState.Assigned)]
    public async Task Register_WithOrWithoutAHandler_StartsRegisteredOrAssigned(bool withHandler, PetitionState expected)
    {
        var registered = await Petitions.RegisterAsync(office.Lin, Input(withHandler));

        Ok(registered);
        Assert.Equal(expected, (await Petitions.GetAsync(office.Wang, registered.Value))!.State);
    }

    [Fact]
    public async Task Reopen_OfAPetitionNobodyWasAssigned_GoesBackToRegistered_NotInProgress()
    {
        var id = await InStateAsync(PetitionState.Registered);
        Ok(await DoAsync(id, PetitionMove.File));

        Ok(await DoAsync(id, PetitionMove.Reopen));

        var detail = (await Petitions.GetAsync(office.Wang, id))!;
        Assert.Equal(PetitionState.Registered, detail.State);
        Assert.Null(detail.HandlerId);
        Assert.True((await Petitions.GetAsync(office.Wang, id))!.Actions.Assign);
    }
}
