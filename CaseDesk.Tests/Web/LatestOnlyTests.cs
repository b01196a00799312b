using CaseDesk.Web.Infrastructure;

namespace CaseDesk.Tests.Web;

/// <summary>The form's rule check: an older check answering after a newer one started is dropped.</summary>
public sealed class LatestOnlyTests
{
    [Fact]
    public async Task AnOlderAnswerLandingLate_IsDropped_TheNewestIsUsed()
    {
        var checks = new LatestOnly();
        var slow = new TaskCompletionSource<string>();
        var fast = new TaskCompletionSource<string>();
        var shown = new List<string>();

        async Task RunAsync(Task<string> answer)
        {
            var ticket = checks.Next();
            var value = await answer;
            if (checks.IsLatest(ticket))
            {
                shown.Add(value);
            }
        }

        var older = RunAsync(slow.Task);   // typed "8"
        var newer = RunAsync(fast.Task);   // then "6"
        fast.SetResult("6 期");
        await newer;
        slow.SetResult("8 期");
        await older;

        Assert.Equal(["6 期"], shown);
    }
}
