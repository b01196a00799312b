namespace CaseDesk.Tests.Browser;

/// <summary>
/// A test that drives the system Chromium. Without Chromium it reports itself skipped with the reason,
/// unless CASEDESK_REQUIRE_BROWSER=1 (set by .ci/run): then it runs and fails loudly.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (BrowserHost.ChromiumPath is null && Environment.GetEnvironmentVariable("CASEDESK_REQUIRE_BROWSER") != "1")
        {
            Skip = "Chromium not found (looked for " + string.Join(", ", BrowserHost.Candidates) + "); install Debian's chromium package.";
        }
    }
}
