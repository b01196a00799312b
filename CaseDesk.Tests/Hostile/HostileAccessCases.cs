using CaseDesk.Domain.Cases;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Installments;
using CaseDesk.Domain.Petitions;

namespace CaseDesk.Tests.Hostile;

/// <summary>
/// Crafted requests a page would never make: approvals by the wrong role or by the preparer, another unit's
/// record changed by its id. The services refuse them whatever the caller (page, URL, script) is.
/// </summary>
internal static class HostileAccessCases
{
    public static IEnumerable<HostileCase> Build()
    {
        yield return new("approvals", "petition reply approved by the clerk who wrote it", async o =>
        {
            var (id, version) = await SubmittedPetitionAsync(o, o.Lin);
            Forbidden(await o.Get<PetitionService>().ApproveAsync(o.Lin, id, version));
            Assert.Equal(PetitionState.SubmittedForSignOff, (await o.Get<PetitionService>().GetAsync(o.Wang, id))!.State);
        });
        yield return new("approvals", "petition reply approved by another unit's clerk", async o =>
        {
            var (id, version) = await SubmittedPetitionAsync(o, o.Lin);
            Forbidden(await o.Get<PetitionService>().ApproveAsync(o.Zhang, id, version));
        });
        yield return new("approvals", "petition reply approved by the supervisor who wrote it", async o =>
        {
            var (id, version) = await SubmittedPetitionAsync(o, o.Wang);
            var own = await o.Get<PetitionService>().ApproveAsync(o.Wang, id, version);
            Assert.False(own.Succeeded, "a supervisor approved their own reply");
            HostileCatalog.AssertClearChinese(own.Errors[0].Message);
            Assert.Equal(PetitionState.SubmittedForSignOff, (await o.Get<PetitionService>().GetAsync(o.Wang, id))!.State);
        });
        yield return new("approvals", "petition deadline extended by a clerk", async o =>
        {
            var id = (await o.Get<PetitionService>().RegisterAsync(o.Lin, o.Petition())).Value;
            var version = (await o.Get<PetitionService>().GetAsync(o.Lin, id))!.Version;
            Forbidden(await o.Get<PetitionService>().ExtendAsync(o.Lin, id, version, new ExtensionInput { Days = 15, Reason = "自己延長" }));
        });
        yield return new("approvals", "installment plan approved by a clerk", async o =>
        {
            var planId = (await o.Get<InstallmentService>().SubmitAsync(o.Lin, await o.FreshCaseIdAsync(), o.Installment())).Value;
            var plan = (await o.Get<InstallmentService>().GetAsync(o.Lin, planId))!;
            Forbidden(await o.Get<InstallmentService>().ApproveAsync(o.Lin, planId, plan.Version));
            Assert.Equal(PlanState.Submitted, (await o.Get<InstallmentService>().GetAsync(o.Wang, planId))!.State);
        });
        yield return new("approvals", "installment plan approved by the duty officer", async o =>
        {
            var planId = (await o.Get<InstallmentService>().SubmitAsync(o.Lin, await o.FreshCaseIdAsync(), o.Installment())).Value;
            var plan = (await o.Get<InstallmentService>().GetAsync(o.Lin, planId))!;
            Forbidden(await o.Get<InstallmentService>().ApproveAsync(o.Duty, planId, plan.Version));
        });

        yield return new("other units", "another unit's case changed by its id", async o =>
        {
            var id = await o.FreshCaseIdAsync();
            var detail = (await o.Get<CaseService>().GetAsync(o.Lin, id))!;
            var changed = await o.Get<CaseService>().UpdateAsync(o.Zhang, id, detail.Version, (await o.CaseAsync()) with { CaseNumber = detail.CaseNumber, Notes = "改別股的案件" });
            Forbidden(changed);
            Assert.Null((await o.Get<CaseService>().GetAsync(o.Lin, id))!.Notes);
        });
        yield return new("other units", "another unit's petition changed by its id", async o =>
        {
            var id = (await o.Get<PetitionService>().RegisterAsync(o.Lin, o.Petition())).Value;
            var version = (await o.Get<PetitionService>().GetAsync(o.Lin, id))!.Version;
            var changed = await o.Get<PetitionService>().UpdateAsync(o.Zhang, id, version, o.Petition() with { Subject = "改別股的陳情" });
            Assert.False(changed.Succeeded, "a clerk of another unit changed the petition");
            Assert.Equal("詢問扣薪", (await o.Get<PetitionService>().GetAsync(o.Lin, id))!.Subject);
        });
        yield return new("other units", "a case created by the duty officer", async o =>
            Forbidden(await o.Get<CaseService>().CreateAsync(o.Duty, await o.CaseAsync())));
        yield return new("other units", "debt amount read by the duty officer", async o =>
        {
            var id = await o.FreshCaseIdAsync();
            var seen = await o.Get<CaseService>().GetAsync(o.Duty, id);
            Assert.True(seen is null || seen.AmountOwed is null, "the duty officer saw the debt amount");
        });
    }

    private static async Task<(int Id, int Version)> SubmittedPetitionAsync(HostileOffice o, Actor author)
    {
        var petitions = o.Get<PetitionService>();
        var input = o.Petition() with { UnitId = author.UnitId ?? o.Lin.UnitId, HandlerId = author.StaffId };
        var registered = await petitions.RegisterAsync(author, input);
        Assert.True(registered.Succeeded, registered.ToString());
        var submitted = await petitions.SubmitAsync(author, registered.Value, (await petitions.GetAsync(author, registered.Value))!.Version, "函復內容：已查明，將退還重複扣押款項。");
        Assert.True(submitted.Succeeded, submitted.ToString());
        return (registered.Value, (await petitions.GetAsync(author, registered.Value))!.Version);
    }

    private static void Forbidden(Result result)
    {
        Assert.False(result.Succeeded, "the crafted request was carried out");
        Assert.Contains(result.Errors, e => e.Code == "forbidden");
        HostileCatalog.AssertClearChinese(result.Errors[0].Message);
    }

    private static void Forbidden(Result<int> result) => Forbidden((Result)result);
}
